"""Refused credentials (a bad bearer token, a missing CSRF token) go on the audit record, within a budget.

Issue 14 §3.10: such refusals are what probing looks like, so they are audited, each with its address and
path. Someone sending thousands must not flood the log either: an address gets at most
``AUDITED_PER_MINUTE`` audited refusals of a kind per minute on wall time; past that its requests are
refused as before and nothing more is written until the minute has passed. The refusals written also count
among the address's failed attempts, which slow down its sign-ins (``engine.authentication``).

The record is written in a transaction of its own: the request's own transaction is rolled back with the
refusal, and the record of the refusal must outlive it.
"""
from __future__ import annotations

import datetime as dt

from flask import request
from sqlalchemy import func
from sqlalchemy import select

from engine import audit
from engine.actors import Actor
from engine.db import unit_of_work
from engine.models import LoginAttempt
from webui.extensions import db
from webui.extensions import session_factory
from webui.extensions import wall_clock
from webui.uow import request_clock

#: audited refusals of one kind per address and minute; past this no more rows are written
AUDITED_PER_MINUTE = 10
#: the name under which a refusal is counted among failed attempts (no user name can contain parentheses)
_MARKERS = {"token.refused": "(api-token)", "csrf.refused": "(csrf)"}


def refuse_and_record(action: str, object_type: str) -> bool:
    """Audit one refused request from this address unless its budget is spent; return whether it was written."""
    address = (request.remote_addr or "")[:64]
    marker = _MARKERS[action]
    now = wall_clock().now()
    clock = request_clock()
    # Nothing of the request is kept; on SQLite its session may hold the write lock the record needs.
    db.session.rollback()
    with unit_of_work(session_factory()) as session:
        recent = session.execute(select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.username == marker, LoginAttempt.source_ip == address,
            LoginAttempt.attempted_at >= now - dt.timedelta(minutes=1))).scalar_one()
        if recent >= AUDITED_PER_MINUTE:
            return False
        session.add(LoginAttempt(username=marker, source_ip=address, attempted_at=now, succeeded=False))
        audit.record(session, clock, Actor(None, source_ip=address), action, object_type, None,
                     after={"method": request.method, "path": request.path[:200]})
    return True
