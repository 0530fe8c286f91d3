"""Bearer-token authentication of the JSON API and the role checks of the admin endpoints.

Tokens are random strings shown once (``lianjing token USERNAME``); only their SHA-256 is stored
(``engine.models.ApiToken``). A revoked token or an inactive user is refused like a wrong token. The API
reads no cookies, so a browser cannot be tricked into sending a request on a user's behalf (the CSRF
requirement of SECURITY.md 20 concerns the cookie-authenticated pages that come later).
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from collections.abc import Iterable
from functools import wraps

from flask import g
from flask import request
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import joinedload

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import NotPermitted
from engine.models import ApiToken
from engine.models import User
from engine.vocabulary import Role
from webui.api.errors import ApiError
from webui.extensions import db

#: methods that never change anything
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: roles whose holders only read (SECURITY.md 25: auditors are strictly read-only)
READ_ONLY_ROLES = frozenset({Role.AUDITOR})
_TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    """Return the hex SHA-256 under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, clock: Clock, user: User, actor: Actor) -> str:
    """Create a token for ``user`` and return it; only its hash is kept (an audited action)."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    row = ApiToken(user_id=user.id, token_sha256=hash_token(token), created_at=clock.now(), revoked=False)
    session.add(row)
    session.flush()
    audit.record(session, clock, actor, "token.issued", "api_token", row.id, after={"user_id": user.id})
    return token


# Every API request asks this, built once: the token and its user in one query, with the user's roles
# (every request checks them; loading them lazily would cost a query built anew each time).
_USER_BY_TOKEN = (select(User, ApiToken.revoked).join(ApiToken, ApiToken.user_id == User.id)
                  .where(ApiToken.token_sha256 == bindparam("digest"))
                  .options(joinedload(User.roles)))


def user_for_token(session: Session, token: str) -> User | None:
    """Return the active user holding a valid token, or None."""
    if not token or len(token) > 512:
        return None
    row = session.execute(_USER_BY_TOKEN, {"digest": hash_token(token)}).unique().one_or_none()
    if row is None:
        return None
    user, revoked = row
    if revoked or not user.active:
        return None
    return user


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
        user = user_for_token(db.session, _bearer_token() or "")
        if user is None:
            raise ApiError(401)
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
