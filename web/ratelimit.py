"""Rate limits for the public, unauthenticated lookups (QR verification, status, PDF verification)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, request


def limit_public(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        limiter = current_app.extensions["public_rate_limit"]
        if not limiter.allow(request.remote_addr or "unknown"):
            abort(429, description="too many lookups from your address; wait a minute")
        return view(*args, **kwargs)
    return wrapper
