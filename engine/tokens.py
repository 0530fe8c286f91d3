"""API tokens: shown once, stored as SHA-256, expiring, listed and revocable (issue 14 §3.6).

A token is either an ``api`` token (issued by an administrator or ``lianjing token``, for a script or a
system talking to the API) or a ``fresh`` token issued to a signed-in user who has just typed their
password: short-lived, and the only kind with which a decision-role step (审批) may be taken through the API,
as the pages ask for the password again before one (SECURITY.md 21). Expiry runs on wall time, never the
demo clock. Tokens die with a password change or deactivation (``engine.authentication.revoke_tokens_of``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum

from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import joinedload

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.people import ApiToken
from engine.models.people import User
from engine.vocabulary import Role


class TokenPurpose(StrEnum):
    """What a token may be used for."""

    API = "api"
    FRESH = "fresh"


#: an api token lives this long unless issued for less (a NULL expiry counts from ``created_at``)
TOKEN_LIFETIME = dt.timedelta(days=90)
#: a fresh token lives as long as a fresh password check on the pages (FRESH_LOGIN_MINUTES)
FRESH_TOKEN_LIFETIME = dt.timedelta(minutes=15)
_TOKEN_BYTES = 32
MAX_LABEL = 64


def hash_token(token: str) -> str:
    """Return the hex SHA-256 under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, clock: Clock, wall: Clock, user: User, actor: Actor, *,
                purpose: TokenPurpose = TokenPurpose.API, label: str | None = None,
                lifetime: dt.timedelta | None = None) -> tuple[str, ApiToken]:
    """Create a token for ``user``; return it (shown once) with its row. Only its hash is kept (audited)."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    default = FRESH_TOKEN_LIFETIME if purpose == TokenPurpose.FRESH else TOKEN_LIFETIME
    now = wall.now()
    row = ApiToken(user_id=user.id, token_sha256=hash_token(token), created_at=now, revoked=False,
                   expires_at=now + (lifetime or default), purpose=str(purpose),
                   label=(label or "").strip()[:MAX_LABEL] or None)
    session.add(row)
    session.flush()
    audit.record(session, clock, actor, "token.issued", "api_token", row.id,
                 after={"user_id": user.id, "purpose": str(purpose), "expires_at": row.expires_at.isoformat()})
    return token, row


def expiry_of(row: ApiToken) -> dt.datetime:
    """Return the instant the token stops working."""
    return row.expires_at if row.expires_at is not None else row.created_at + TOKEN_LIFETIME


# Every API request asks this, built once: the token and its user in one query, with the user's roles.
_USER_BY_TOKEN = (select(User, ApiToken).join(ApiToken, ApiToken.user_id == User.id)
                  .where(ApiToken.token_sha256 == bindparam("digest"))
                  .options(joinedload(User.roles)))


def token_holder(session: Session, wall: Clock, token: str) -> tuple[User, ApiToken] | None:
    """Return the active user holding a live token, with the token's row; None for anything else."""
    if not token or len(token) > 512:
        return None
    row = session.execute(_USER_BY_TOKEN, {"digest": hash_token(token)}).unique().one_or_none()
    if row is None:
        return None
    user, api_token = row
    if api_token.revoked or not user.active or expiry_of(api_token) <= wall.now():
        return None
    return user, api_token


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """Return every token issued to ``user``, newest first (the hash is never shown)."""
    return list(session.execute(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).scalars())


def revoke_token(session: Session, clock: Clock, wall: Clock, actor: Actor, token_id: int) -> ApiToken:
    """Revoke one token: its holder may, and an administrator may (audited).

    :raise NotFound: no such token, or one of someone else and the actor is no administrator.
    """
    row = session.get(ApiToken, token_id)
    is_admin = actor.user is not None and any(r.role == Role.ADMIN for r in actor.user.roles)
    if row is None or (row.user_id != actor.user_id and not is_admin):
        raise NotFound("未找到该令牌")
    if actor.is_system:
        raise NotPermitted("令牌须由持有人或系统管理员撤销")
    if not row.revoked:
        row.revoked = True
        row.revoked_at = wall.now()
        row.revoked_by_id = actor.user_id
        audit.record(session, clock, actor, "token.revoked", "api_token", row.id,
                     role=Role.ADMIN if row.user_id != actor.user_id else None, after={"user_id": row.user_id})
    return row


def live_token_counts(session: Session, wall: Clock, user_ids: list[int]) -> dict[int, int]:
    """Count the unrevoked, unexpired tokens of each listed user (the administrators' users page)."""
    if not user_ids:
        return {}
    counts: dict[int, int] = {}
    now = wall.now()
    for row in session.execute(select(ApiToken).where(ApiToken.user_id.in_(user_ids),
                                                      ApiToken.revoked.is_(False))).scalars():
        if expiry_of(row) > now:
            counts[row.user_id] = counts.get(row.user_id, 0) + 1
    return counts
