"""Bearer-token authentication of the JSON API and the role checks of the admin endpoints.

Tokens are random strings shown once (``lianjing token USERNAME``); only their SHA-256 is stored
(``engine.tokens``). A revoked or expired token, or an inactive user, is refused like a wrong token, and a
refused token is audited, at most so often per address (issue 14 §3.10). The API
reads no cookies, so a browser cannot be tricked into sending a request on a user's behalf (the CSRF
requirement of SECURITY.md 20 concerns the cookie-authenticated pages that come later).
"""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from functools import wraps

from flask import g
from flask import has_app_context
from flask import request
from sqlalchemy.orm import Session

from engine import tokens
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import SystemClock
from engine.errors import NotPermitted
from engine.models import User
from engine.tokens import TokenPurpose
from engine.vocabulary import Role
from webui.api.errors import ApiError
from webui.extensions import db
from webui.extensions import wall_clock
from webui.refusals import refuse_and_record

#: methods that never change anything
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: roles whose holders only read (SECURITY.md 25: auditors are strictly read-only)
READ_ONLY_ROLES = frozenset({Role.AUDITOR})


def issue_token(session: Session, clock: Clock, user: User, actor: Actor, *,
                purpose: TokenPurpose = TokenPurpose.API, label: str | None = None) -> str:
    """Create a token for ``user`` and return it; it expires on wall time (issue 14 §3.6)."""
    wall = wall_clock() if has_app_context() else SystemClock()
    return tokens.issue_token(session, clock, wall, user, actor, purpose=purpose, label=label)[0]


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def authenticated(view: Callable) -> Callable:
    """Require a valid bearer token; put the user and the actor (with the source IP) on ``g``."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        presented = _bearer_token()
        held = tokens.token_holder(db.session, wall_clock(), presented or "")
        if held is None:
            if presented:
                refuse_and_record("token.refused", "api_token")  # issue 14 §3.10: audited within a budget
            raise ApiError(401)
        user, g.api_token = held
        g.user = user
        g.actor = Actor(user, source_ip=request.remote_addr)
        if request.method not in SAFE_METHODS and any(r.role in READ_ONLY_ROLES for r in user.roles):
            raise NotPermitted("审计人员只能查阅,不能办理或修改(只读角色)", code="read_only_role")
        return view(*args, **kwargs)

    wrapper.authenticated = True
    return wrapper


def require_role(user: User, roles: Iterable[str], message_zh: str) -> None:
    """Raise NotPermitted unless ``user`` holds one of ``roles`` (in any unit)."""
    wanted = {str(r) for r in roles}
    if not any(r.role in wanted for r in user.roles):
        raise NotPermitted(message_zh)
