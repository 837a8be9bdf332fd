"""Login, logout and the landing page that sends each role to its own screens."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import g, redirect, render_template, request, session, url_for

from adapters.accounts import LoginRefused
from registry.kernel.actors import Role
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.blueprint import bp

HOME_BY_ROLE = {Role.REGISTRAR: "pages.registrar_queue", Role.APPLICANT: "pages.my_cases",
                Role.TAX_OFFICER: "pages.tax_queue", Role.BANK_STAFF: "pages.bank_filings",
                Role.SUPERVISOR: "pages.supervision_dashboard"}


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths, so the login form cannot be used as an open redirect."""
    if not target:
        return None
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    error = None
    if request.method == "POST":
        p = platform()
        try:
            user = p.accounts.login(request.form.get("username", "").strip(),
                                    request.form.get("password", ""), p.clock.now())
        except LoginRefused as refused:
            error = translate("login.locked" if refused.locked_until else "login.failed")
        else:
            lang = session.get("lang")
            session.clear()
            session.permanent = True
            session["user_id"] = user.id
            if lang:
                session["lang"] = lang
            return redirect(safe_next(request.args.get("next")) or url_for("pages.home"))
    return render_template("login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():  # noqa: ANN201
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("pages.login"))


@bp.route("/")
@page_roles()
def home():  # noqa: ANN201
    endpoint = HOME_BY_ROLE.get(g.user.role)
    if endpoint:
        return redirect(url_for(endpoint))
    return render_template("home.html")
