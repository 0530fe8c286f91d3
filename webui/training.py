"""Moving the shared manual clock and firing due timers now: for training and demos (API and pages share it).

Both need the request's read transaction finished first (``end_read_transaction``): the clock and the
job sweep run their own transactions, and on SQLite they would wait for our own write lock.
"""
from __future__ import annotations

import datetime as dt

from flask import g

import engine
from engine import audit
from engine.clock import FixedClock
from engine.clockstore import DatabaseManualClock
from engine.errors import EngineError
from webui import extensions
from webui.extensions import db
from webui.uow import app_mailer
from webui.uow import end_read_transaction
from webui.uow import request_clock


class ClockNotManual(EngineError):
    """The app runs on the system clock: time cannot be moved (only training/demo deployments can)."""

    code = "clock_not_manual"
    status = 409


def move_clock(target: dt.datetime) -> dt.datetime:
    """Set the shared manual clock to ``target`` (audited); return the instant now shown."""
    clock = extensions.clock()
    if not isinstance(clock, DatabaseManualClock):
        raise ClockNotManual("当前为系统时钟,不能调整时间(仅手动时钟模式可调)")
    before = request_clock().now()
    end_read_transaction()
    after = clock.set(target, note={"by": g.user.username})
    g.clock = FixedClock(after)
    audit.record(db.session, g.clock, g.actor, "clock.set", "clock", None,
                 before={"now": before.isoformat()}, after={"now": after.isoformat()})
    return after


def fire_due_jobs() -> dict:
    """Fire every due timer and mail the e-mail copies now (audited); return the sweep report."""
    clock = request_clock()
    end_read_transaction()
    factory = extensions.session_factory()
    report = engine.run_due_jobs(factory, clock)
    # The fired steps wrote their notifications as they ran; what is left is mailing the copies.
    sent = engine.dispatch_pending(factory, clock, mailer=app_mailer(clock))
    result = {**vars(report), "emails_sent": sent}
    audit.record(db.session, clock, g.actor, "jobs.run", "job", None, after=dict(result))
    return result
