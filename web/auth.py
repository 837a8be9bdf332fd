"""Who is calling: bearer tokens for machine clients, session login for pages; roles checked here
and again, with the organisation, in every command and query."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, g, redirect, request, session, url_for

from adapters.accounts import User
from registry.kernel.actors import Role


def platform() -> Any:
    return current_app.extensions["platform"]


def bearer_user() -> User:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, description="send an API token as 'Authorization: Bearer <token>'")
    user = platform().accounts.user_for_token(token.strip(), platform().clock.now())
    if user is None:
        abort(401, description="the API token is unknown, revoked or expired")
    return user


def api_roles(*roles: Role) -> Callable:
    """Authenticate the bearer token and require one of the roles (403 otherwise)."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            g.user = bearer_user()
            if roles and g.user.role not in roles:
                abort(403, description=f"a {g.user.role.value} may not use this endpoint")
            return view(*args, **kwargs)
        return wrapper
    return decorator


def session_user() -> User | None:
    user_id = session.get("user_id")
    if not user_id:
        return None
    user = platform().accounts.user(user_id)
    if user is None:
        session.clear()
    return user


def page_roles(*roles: Role) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = session_user()
            if user is None:
                return redirect(url_for("pages.login", next=request.full_path))
            g.user = user
            if roles and user.role not in roles:
                abort(403, description="this page is not for your role")
            return view(*args, **kwargs)
        return wrapper
    return decorator
