"""One transaction per request (STYLE rule 5; SECURITY.md 1, 5).

``transactional`` wraps a view: the view loads, authorizes and acts through the engine on ``db.session``
and builds its answer; then the session commits once (with the notifications it wrote). Any exception rolls
everything back. After a commit, e-mail copies waiting in the outbox are mailed in-process when SMTP is
configured (failures are logged; the worker retries).
When the engine refuses on a rule (``RuleViolation``) or a permission (``NotPermitted``), the refusal is
recorded in the audit log in a fresh transaction after the rollback (SECURITY.md 26), then answered.

Each request sees one instant: the clock is read once, before the session opens (``begin_request``). On
SQLite the shared manual clock lives in the same database, and reading it while the request holds the write
lock would wait on ourselves.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from flask import current_app
from flask import g
from flask import request
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import FixedClock
from engine.db import lost_a_lock_race
from engine.errors import ConcurrencyConflict
from engine.errors import NotPermitted
from engine.errors import OutOfScope
from engine.errors import RuleViolation
from engine.mail import smtp_mailer
from engine.models import HumanTask
from engine.models.cases import case_id_of
from engine.outbox import Mailer
from engine.outbox import dispatch_pending
from webui import extensions
from webui.extensions import db

log = logging.getLogger(__name__)

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def begin_request() -> None:
    """Fix the request's "now" from the application clock (before any database work of the request)."""
    g.clock = FixedClock(extensions.clock().now())


def request_clock() -> Clock:
    """Return the request's clock (one instant for the whole request)."""
    if "clock" not in g:
        begin_request()
    return g.clock


def end_read_transaction() -> None:
    """Finish the request's transaction so far, before engine work that opens its own sessions.

    The job sweep and the manual clock run their own transactions; on SQLite they would wait for the write
    lock our session took when it read the user.
    """
    db.session.commit()


def transactional(view: Callable) -> Callable:
    """Run a view as one unit of work: commit once on success, roll back on any exception."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        request_clock()
        try:
            result = view(*args, **kwargs)
            db.session.commit()
        except (RuleViolation, NotPermitted, OutOfScope) as exc:
            db.session.rollback()
            record_refusal(exc)
            raise
        except StaleDataError as exc:
            db.session.rollback()
            raise ConcurrencyConflict("数据已被他人修改,请刷新后重试") from exc
        except OperationalError as exc:
            db.session.rollback()
            if lost_a_lock_race(exc):
                # The database made this request give way to another on the same rows: a conflict, not a 500.
                raise ConcurrencyConflict("该案件正由他人同时办理,请刷新后重试") from exc
            raise
        except BaseException:
            db.session.rollback()
            raise
        if request.method not in _SAFE_METHODS:
            dispatch_outbox()
        return result

    return wrapper


def dispatch_outbox() -> None:
    """Mail the committed e-mail copies now; a failure here never fails the request.

    Without a mail server there is nothing to do: the in-app notifications were written with the request's
    own transaction, and the worker closes the unmailed copies.
    """
    if not current_app.config.get("DISPATCH_OUTBOX_IN_REQUEST", True):
        return
    mailer = app_mailer(request_clock())
    if mailer is None:
        return
    try:
        dispatch_pending(extensions.session_factory(), request_clock(), mailer=mailer)
    except Exception:
        log.exception("outbox dispatch after %s %s failed", request.method, request.path)


def app_mailer(clock: Clock) -> Mailer | None:
    """Return the SMTP mailer the settings describe (inside an app context), or None without SMTP_HOST."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return None
    return smtp_mailer(config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_SENDER"],
                       username=config["SMTP_USERNAME"] or None, password=config["SMTP_PASSWORD"] or None,
                       starttls=config["SMTP_STARTTLS"], clock=clock)


def record_refusal(exc: RuleViolation | NotPermitted | OutOfScope) -> None:
    """Record a refused action in its own transaction (``rule.refused`` or ``access.denied``)."""
    user = g.get("user")
    if user is None:
        return
    action = "rule.refused" if isinstance(exc, RuleViolation) else "access.denied"
    object_type, object_id = _object_of_request()
    try:
        case_id = _case_of(object_type, object_id)
        after = {"code": exc.code, "message": exc.message_zh, "method": request.method, "path": request.path}
        if isinstance(exc, RuleViolation):
            after["article"] = exc.article
        audit.record(db.session, request_clock(), Actor(user, source_ip=request.remote_addr), action,
                     object_type, object_id, case_id=case_id, after=after)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not record %s for %s %s", action, request.method, request.path)


def _object_of_request() -> tuple[str, str | None]:
    for name, value in (request.view_args or {}).items():
        if name.endswith("_id"):
            return name[: -len("_id")], str(value)
    return "endpoint", request.endpoint


def _case_of(object_type: str, object_id: str | None) -> int | None:
    if object_id is None or not object_id.isdigit():
        return None
    if object_type == "case":
        return int(object_id)
    if object_type == "task":
        stmt = select(case_id_of(HumanTask)).where(HumanTask.id == int(object_id))
        return db.session.execute(stmt).scalar_one_or_none()
    return None
