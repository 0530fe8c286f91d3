"""Signing in with a password: throttled, uniform in its refusals, audited (SECURITY.md 22, 23, 26).

Limits: an account is locked for a while after 5 failures within 15 minutes, or 10 within a day; an
address after 20 within 15 minutes. The address limit is looser because a county office reaches the server
from behind one NAT address, and one colleague mistyping must not lock out the whole office.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import EngineError
from engine.models.people import User
from engine.models.workspace import LoginAttempt

#: SECURITY.md 22: scrypt with N = 2^17, r = 8, p = 1 (Werkzeug's default N = 2^15 is not enough)
PASSWORD_METHOD = "scrypt:131072:8:1"
_CURRENT_PREFIX = PASSWORD_METHOD + "$"
#: checked against when the user is unknown, so both refusals cost the same time
_DUMMY_HASH = generate_password_hash("not a password of anyone", method=PASSWORD_METHOD)
REFUSED_MESSAGE = "用户名或密码错误"
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class Limit:
    """At most ``failures`` failed attempts within ``window``."""

    failures: int
    window: dt.timedelta


ACCOUNT_LIMITS = (Limit(5, dt.timedelta(minutes=15)), Limit(10, dt.timedelta(days=1)))
ADDRESS_LIMITS = (Limit(20, dt.timedelta(minutes=15)), Limit(100, dt.timedelta(days=1)))


class LoginRefused(EngineError):
    """Unknown user, wrong password or inactive account: one message for all (SECURITY.md 23)."""

    code = "login_refused"
    status = 401


class LoginThrottled(EngineError):
    """Too many failures for this account or address; even a correct password waits (SECURITY.md 23)."""

    code = "login_throttled"
    status = 429


def hash_password(password: str) -> str:
    """Return the stored form of a password."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


def _failures_since(session: Session, column, value: str, since: dt.datetime) -> int:
    stmt = select(func.count()).select_from(LoginAttempt).where(
        column == value, LoginAttempt.attempted_at >= since, LoginAttempt.succeeded.is_(False))
    return session.execute(stmt).scalar_one()


def _throttled(session: Session, now: dt.datetime, username: str, source_ip: str) -> Limit | None:
    for limit in ACCOUNT_LIMITS:
        if _failures_since(session, LoginAttempt.username, username, now - limit.window) >= limit.failures:
            return limit
    for limit in ADDRESS_LIMITS:
        if _failures_since(session, LoginAttempt.source_ip, source_ip, now - limit.window) >= limit.failures:
            return limit
    return None


def _wait_text(limit: Limit) -> str:
    minutes = int(limit.window.total_seconds() // 60)
    return "24小时" if minutes >= 24 * 60 else f"{minutes}分钟"


def authenticate(session: Session, clock: Clock, username: str, password: str, source_ip: str | None) -> User:
    """Return the active user whose password matches, recording the attempt.

    The caller commits: on failure it must still commit the session so the failed attempt and its audit
    event are kept (they are what the throttle counts).

    :raise LoginThrottled: too many recent failures for this name or address (nothing is checked).
    :raise LoginRefused: unknown name, wrong password or inactive account.
    """
    now = clock.now()
    name = (username or "").strip().lower()[:64]
    address = (source_ip or "")[:64]
    limit = _throttled(session, now, name, address)
    if limit is not None:
        audit.record(session, clock, Actor(None, source_ip=address), "login.throttled", "user", None,
                     after={"username": name, "window_minutes": int(limit.window.total_seconds() // 60)})
        raise LoginThrottled(f"登录失败次数过多,已暂停登录,请{_wait_text(limit)}后再试或联系系统管理员")
    user = session.execute(select(User).where(func.lower(User.username) == name)).scalar_one_or_none()
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    matches = check_password_hash(stored, password or "")
    ok = matches and user is not None and user.active and bool(user.password_hash)
    session.add(LoginAttempt(username=name, source_ip=address, attempted_at=now, succeeded=ok))
    if not ok:
        audit.record(session, clock, Actor(None, source_ip=address), "login.failed", "user",
                     user.id if user is not None else None, after={"username": name})
        raise LoginRefused(REFUSED_MESSAGE)
    if not user.password_hash.startswith(_CURRENT_PREFIX):
        # SECURITY.md 22: a hash of older, weaker parameters is replaced while the password is at hand.
        user.password_hash = hash_password(password)
        audit.record(session, clock, Actor(user, source_ip=address), "user.password_rehashed", "user", user.id)
    audit.record(session, clock, Actor(user, source_ip=address), "login.succeeded", "user", user.id)
    return user


def verify_password(user: User, password: str) -> bool:
    """Check a signed-in user's password again (re-authentication before approving)."""
    return bool(user.password_hash) and check_password_hash(user.password_hash, password or "")


def change_password(session: Session, clock: Clock, actor: Actor, user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one.

    :raise LoginRefused: the current password is wrong.
    :raise EngineError: the new password is too short or equals the user name.
    """
    if not verify_password(user, current):
        raise LoginRefused("当前密码不正确")
    if len(new or "") < MIN_PASSWORD_LENGTH or new.lower() == user.username.lower():
        raise EngineError(f"新密码至少{MIN_PASSWORD_LENGTH}位,且不能与用户名相同", code="weak_password")
    user.password_hash = hash_password(new)
    audit.record(session, clock, actor, "user.password_changed", "user", user.id)
