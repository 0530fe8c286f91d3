"""Signing in and out of the pages with Flask-Login, and the decorator every page view wears.

The session holds the user's id with their session version, a number kept on the server: signing out,
changing the password and deactivation raise it, so every cookie issued before is dead on the server, even
replayed (issue 14 §3.4). The cookie carries nothing derived from the password. The session is cleared on
sign-in and sign-out (SECURITY.md 21); there is no "remember me". Leaders' decisions need a recent
password check (``fresh_login_required_for``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app
from flask import g
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask_login import LoginManager
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user

from engine.actors import Actor
from engine.authentication import end_sessions
from engine.errors import NotPermitted
from engine.models import HumanTask
from engine.models import User
from engine.vocabulary import Role
from webui.api.auth import READ_ONLY_ROLES
from webui.extensions import db
from webui.pages.inputs import row_id
from webui.uow import request_clock
from webui.uow import transactional

login_manager = LoginManager()
login_manager.login_view = "pages.login"
login_manager.login_message = "请先登录"
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"

FRESH_AT_KEY = "_fresh_at"
#: roles whose steps are decisions (approve, decide, report to the party chief): they need a fresh sign-in
DECISION_ROLES = frozenset({Role.DEPUTY_SECRETARY, Role.SECRETARY, Role.STANDING_COMMITTEE, Role.PARTY_CHIEF})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignedIn:
    """The Flask-Login view of an engine user (the engine's User knows nothing of Flask-Login)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User):
        self.user = user

    @property
    def is_active(self) -> bool:
        return self.user.active

    def get_id(self) -> str:
        return session_id_of(self.user)


def session_id_of(user: User) -> str:
    """Return the id stored in the session: it stops matching when the user's session version moves on."""
    return f"{user.id}:{user.session_version or 0}"


@login_manager.user_loader
def _load_user(session_id: str) -> SignedIn | None:
    user_id = row_id(session_id.partition(":")[0])
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or session_id_of(user) != session_id:
        return None
    return SignedIn(user)


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session (the old one is cleared: no session fixation)."""
    session.clear()
    session.permanent = True
    login_user(SignedIn(user))
    mark_fresh()


def end_session() -> None:
    """Sign out, end the user's sessions on the server, and forget everything the session held.

    The caller commits: the raised session version is what makes a copied cookie worthless.
    """
    if current_user.is_authenticated:
        end_sessions(current_user.user)
    logout_user()
    session.clear()


def mark_fresh() -> None:
    """Record that the user has just proven their password."""
    session[FRESH_AT_KEY] = request_clock().now().timestamp()


def is_fresh() -> bool:
    """Tell whether the password was proven within FRESH_LOGIN_MINUTES."""
    proven = session.get(FRESH_AT_KEY)
    if proven is None:
        return False
    window = dt.timedelta(minutes=current_app.config["FRESH_LOGIN_MINUTES"])
    return request_clock().now().timestamp() - float(proven) <= window.total_seconds()


def needs_fresh_login(task: HumanTask) -> bool:
    """A decision by a leader (approval, report, extension, lifting) needs a recent password check."""
    return any(c.role in DECISION_ROLES for c in task.candidates)


def safe_next(target: str | None, default: str) -> str:
    """Accept only a relative path on this site as the place to go after signing in (SECURITY.md 27)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def page(view: Callable | None = None, *, changes: bool | None = None) -> Callable:
    """Wear on every page view: sign-in required, one transaction, ``g.user``/``g.actor`` set.

    ``changes`` says whether the view changes anything (default: any non-GET request does); read-only
    roles (auditors) are refused there (SECURITY.md 25).
    """

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            user = current_user.user
            g.user = user
            g.actor = Actor(user, source_ip=request.remote_addr)
            mutating = changes if changes is not None else request.method not in _SAFE_METHODS
            if mutating and any(r.role in READ_ONLY_ROLES for r in user.roles):
                raise NotPermitted("审计人员只能查阅,不能办理或修改(只读角色)", code="read_only_role")
            return func(*args, **kwargs)

        return transactional(guarded)

    return decorate(view) if view is not None else decorate


def reauth_redirect(next_url: str):
    """Send the user to confirm their password, then back to ``next_url``."""
    return redirect(url_for("pages.reauth", next=next_url))


def holds(user: User, *roles: str) -> bool:
    """Tell whether the user holds any of ``roles`` in any unit."""
    wanted = {str(r) for r in roles}
    return any(r.role in wanted for r in user.roles)


def current() -> User | None:
    """Return the signed-in engine user, or None."""
    return current_user.user if current_user.is_authenticated else None

