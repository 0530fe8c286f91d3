"""Signing in with a password: throttled, uniform in its refusals, audited (SECURITY.md 22, 23, 26).

Every password check (signing in, confirming the password before a decision, changing it) goes through one
throttle, counted on wall time (``wall``), never the demo clock an administrator may freeze (issue 14 §3.5,
§3.7). An account and an address are limited separately:

- an account first waits a little after each failure past the second, then is locked after 5 failures
  within 15 minutes or 10 within a day, until the time passes or an administrator unlocks it;
- an address is only ever slowed down, never locked: a county office reaches the server from behind one
  NAT address, and a stranger guessing there must not lock every colleague out (issue 14 §3.7).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import EngineError
from engine.models.people import ApiToken
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


@dataclass(frozen=True)
class Delay:
    """From ``failures`` failures within ``window`` on, each attempt waits ``wait`` after the last failure."""

    failures: int
    window: dt.timedelta
    wait: dt.timedelta


_MINUTES_15 = dt.timedelta(minutes=15)
_DAY = dt.timedelta(days=1)
ACCOUNT_LIMITS = (Limit(5, _MINUTES_15), Limit(10, _DAY))
#: the delay before the lockout: the third and fourth failures in a row cost a short wait each
ACCOUNT_DELAYS = (Delay(3, _MINUTES_15, dt.timedelta(seconds=2)), Delay(4, _MINUTES_15, dt.timedelta(seconds=5)))
#: an address is slowed down, harder the more it fails, and never locked (issue 14 §3.7)
ADDRESS_DELAYS = (Delay(10, _MINUTES_15, dt.timedelta(seconds=5)), Delay(20, _MINUTES_15, dt.timedelta(seconds=30)),
                  Delay(100, _DAY, dt.timedelta(minutes=2)))


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


def _failures(session: Session, column, value: str, since: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Count the failures since ``since`` and return the last one's instant."""
    stmt = select(func.count(), func.max(LoginAttempt.attempted_at)).where(
        column == value, LoginAttempt.attempted_at >= since, LoginAttempt.succeeded.is_(False))
    if column is LoginAttempt.source_ip:
        # Refused tokens and CSRF checks are kept here under "(...)" names with a budget of their own; an
        # expired page in an office must not slow down its colleagues' sign-ins.
        stmt = stmt.where(~LoginAttempt.username.startswith("("))
    count, last = session.execute(stmt).one()
    return int(count), last


def _account_since(user: User | None, since: dt.datetime) -> dt.datetime:
    # An administrator's unlock forgives the failures before it (issue 14 §3.7).
    cleared = user.lockout_cleared_at if user is not None else None
    return max(since, cleared) if cleared is not None else since


#: What a locked account and a slowed attempt are told, by how long they wait: whole sentences, so the pages
#: can give each in the reader's language (webui/engine_text.py lists them).
_LOCKED = ("登录失败次数过多,账户已暂时锁定,请24小时后再试或联系系统管理员解锁",
           "登录失败次数过多,账户已暂时锁定,请{n}分钟后再试或联系系统管理员解锁",
           "登录失败次数过多,账户已暂时锁定,请{n}秒后再试或联系系统管理员解锁")
_SLOWED = ("登录失败次数过多,请24小时后再试",
           "登录失败次数过多,请{n}分钟后再试",
           "登录失败次数过多,请{n}秒后再试")


def _wait_sentence(sentences: tuple[str, str, str], wait: dt.timedelta) -> str:
    """Say how long to wait, rounded up to whole minutes from a minute on (a day and more: 24 hours)."""
    seconds = int(wait.total_seconds())
    if seconds >= 24 * 3600:
        return sentences[0]
    if seconds >= 60:
        return sentences[1].format(n=(seconds + 59) // 60)
    return sentences[2].format(n=max(seconds, 1))


def _throttle(session: Session, now: dt.datetime, name: str, user: User | None, address: str) -> str | None:
    """Return why this attempt must wait (a Chinese sentence), or None when it may be checked."""
    for limit in ACCOUNT_LIMITS:
        count, last = _failures(session, LoginAttempt.username, name, _account_since(user, now - limit.window))
        if count >= limit.failures:
            return _wait_sentence(_LOCKED, last + limit.window - now)
    for delays, column, value in ((ACCOUNT_DELAYS, LoginAttempt.username, name),
                                  (ADDRESS_DELAYS, LoginAttempt.source_ip, address)):
        for delay in reversed(delays):
            since = _account_since(user, now - delay.window) if column is LoginAttempt.username else now - delay.window
            count, last = _failures(session, column, value, since)
            if count >= delay.failures:
                if last + delay.wait > now:
                    return _wait_sentence(_SLOWED, last + delay.wait - now)
                break
    return None


def is_locked(session: Session, wall: Clock, user: User) -> bool:
    """Tell whether the account is locked now by its failures (shown to administrators, who may unlock it)."""
    now = wall.now()
    name = user.username.lower()
    return any(_failures(session, LoginAttempt.username, name, _account_since(user, now - limit.window))[0]
               >= limit.failures for limit in ACCOUNT_LIMITS)


def locked_user_ids(session: Session, wall: Clock, users: list[User]) -> set[int]:
    """Return the ids of the listed users whose accounts are locked now (one query for a page of users)."""
    if not users:
        return set()
    now = wall.now()
    longest = max(limit.window for limit in ACCOUNT_LIMITS)
    failures: dict[str, list[dt.datetime]] = {}
    for name, at in session.execute(select(LoginAttempt.username, LoginAttempt.attempted_at).where(
            LoginAttempt.username.in_([u.username.lower() for u in users]), LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= now - longest)):
        failures.setdefault(name, []).append(at)
    locked = set()
    for user in users:
        times = failures.get(user.username.lower(), [])
        for limit in ACCOUNT_LIMITS:
            since = _account_since(user, now - limit.window)
            if sum(1 for at in times if at >= since) >= limit.failures:
                locked.add(user.id)
    return locked


def _find_user(session: Session, name: str) -> User | None:
    return session.execute(select(User).where(func.lower(User.username) == name)).scalar_one_or_none()


def authenticate(session: Session, clock: Clock, username: str, password: str, source_ip: str | None,
                 wall: Clock | None = None) -> User:
    """Return the active user whose password matches, recording the attempt.

    ``clock`` dates the audit events; ``wall`` (the real time, default: ``clock``) dates the attempt and
    runs the throttle. The caller commits: on failure it must still commit the session so the failed
    attempt and its audit event are kept (they are what the throttle counts).

    :raise LoginThrottled: too many recent failures for this name or address (nothing is checked).
    :raise LoginRefused: unknown name, wrong password or inactive account.
    """
    name = (username or "").strip().lower()[:64]
    user = _find_user(session, name)
    _check_throttle(session, clock, wall or clock, name, user, source_ip, "login")
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    matches = check_password_hash(stored, password or "")
    ok = matches and user is not None and user.active and bool(user.password_hash)
    address = (source_ip or "")[:64]
    session.add(LoginAttempt(username=name, source_ip=address, attempted_at=(wall or clock).now(), succeeded=ok))
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


def _check_throttle(session: Session, clock: Clock, wall: Clock, name: str, user: User | None,
                    source_ip: str | None, kind: str) -> None:
    address = (source_ip or "")[:64]
    refusal = _throttle(session, wall.now(), name, user, address)
    if refusal is not None:
        audit.record(session, clock, Actor(user if kind != "login" else None, source_ip=address), f"{kind}.throttled",
                     "user", user.id if user is not None else None, after={"username": name})
        raise LoginThrottled(refusal)


def confirm_password(session: Session, clock: Clock, wall: Clock, user: User, password: str,
                     source_ip: str | None, *, kind: str = "reauth") -> None:
    """Check a signed-in user's password again, throttled and audited like signing in (issue 14 §3.5).

    ``kind`` names the occasion in the audit log: "reauth" (before a decision) or "password_change".
    The caller commits even on failure (the failure is what the throttle counts).

    :raise LoginThrottled: too many recent failures for this account or address.
    :raise LoginRefused: the password is wrong.
    """
    name = user.username.lower()
    address = (source_ip or "")[:64]
    _check_throttle(session, clock, wall, name, user, source_ip, kind)
    ok = verify_password(user, password)
    session.add(LoginAttempt(username=name, source_ip=address, attempted_at=wall.now(), succeeded=ok))
    audit.record(session, clock, Actor(user, source_ip=address), f"{kind}.{'succeeded' if ok else 'failed'}",
                 "user", user.id)
    if not ok:
        raise LoginRefused("密码不正确" if kind == "reauth" else "当前密码不正确")


def end_sessions(user: User) -> None:
    """End every page session of ``user`` on the server: their cookies no longer name a live session."""
    user.session_version = (user.session_version or 0) + 1


def unlock_account(session: Session, clock: Clock, wall: Clock, actor: Actor, user: User) -> None:
    """Forgive the account's failed attempts so far (an administrator's audited act, issue 14 §3.7)."""
    user.lockout_cleared_at = wall.now()
    audit.record(session, clock, actor, "user.unlocked", "user", user.id)


def verify_password(user: User, password: str) -> bool:
    """Check a signed-in user's password again (re-authentication before approving)."""
    return bool(user.password_hash) and check_password_hash(user.password_hash, password or "")


def change_password(session: Session, clock: Clock, actor: Actor, user: User, current: str, new: str,
                    wall: Clock | None = None) -> None:
    """Change one's own password after checking the current one (throttled like signing in).

    Every page session and every API token of the user dies with the old password (issue 14 §3.4, §3.6).

    :raise LoginThrottled: too many recent failures.
    :raise LoginRefused: the current password is wrong.
    :raise EngineError: the new password is too short or equals the user name.
    """
    confirm_password(session, clock, wall or clock, user, current, actor.source_ip, kind="password_change")
    if len(new or "") < MIN_PASSWORD_LENGTH or new.lower() == user.username.lower():
        raise EngineError(f"新密码至少{MIN_PASSWORD_LENGTH}位,且不能与用户名相同", code="weak_password")
    user.password_hash = hash_password(new)
    end_sessions(user)
    revoke_tokens_of(session, clock, wall or clock, actor, user, "password_changed")
    audit.record(session, clock, actor, "user.password_changed", "user", user.id)


def revoke_tokens_of(session: Session, clock: Clock, wall: Clock, actor: Actor, user: User, reason: str) -> int:
    """Revoke every live API token of ``user`` (password change, deactivation); return how many."""
    result = session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                             .values(revoked=True, revoked_at=wall.now(), revoked_by_id=actor.user_id))
    if result.rowcount:
        audit.record(session, clock, actor, "token.revoked_all", "user", user.id,
                     after={"count": result.rowcount, "reason": reason})
    return result.rowcount
