"""系统管理 → 定时发起: the schedules of timer start events, held or running, with the next start of each.

The shipped monthly report and yearly re-identification are installed held (``engine.seed``); the
administrator resumes them here once the people they give tasks to are in place, and may hold any schedule
again. The engine checks the role and audits both (``engine.start_schedules``).
"""
from __future__ import annotations

import datetime as dt

from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _

from engine import start_schedules
from engine.errors import ConcurrencyConflict
from engine.operations import admin as operations
from engine.starts import Recurrence
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.navigation import local_time
from webui.uow import request_clock

CHINA = dt.timezone(dt.timedelta(hours=8))


def describe_rule(rule: Recurrence) -> str:
    """Say when a schedule starts, in the words of a county office (China time)."""
    first = rule.first.astimezone(CHINA)
    at = first.strftime("%H:%M")
    if rule.count == 1:
        return _("%(date)s %(time)s 发起一次", date=first.strftime("%Y-%m-%d"), time=at)
    if rule.months == 12 and not rule.step:
        text = _("每年%(month)s月%(day)s日 %(time)s", month=first.month, day=first.day, time=at)
    elif rule.months == 1 and not rule.step:
        text = _("每月%(day)s日 %(time)s", day=first.day, time=at)
    elif rule.months:
        text = _("每%(n)s个月的%(day)s日 %(time)s", n=rule.months, day=first.day, time=at)
    elif rule.step % dt.timedelta(days=1) == dt.timedelta(0):
        text = _("每%(n)s天 %(time)s", n=rule.step.days, time=at)
    else:
        text = _("每%(n)s分钟", n=int(rule.step.total_seconds() // 60))
    if rule.count is not None:
        text += _("(共%(n)s次)", n=rule.count)
    return text


@page
def admin_schedules():
    """List every timer start schedule: its rule, state, next start and how many it has started."""
    operations.admin_unit_paths(db.session, g.user)  # administrators only (403 otherwise)
    now = request_clock().now()
    rows = []
    for view in start_schedules.list_schedules(db.session):
        # A held schedule's stored next start is stale: show the start a resume now would give.
        upcoming = view.rule.first_after(now) if view.paused else None
        rows.append({"view": view, "rule_text": describe_rule(view.rule),
                     "next": upcoming[1] if upcoming else view.next_due_at if not view.paused else None})
    return render_template("pages/admin_schedules.html", rows=rows, section="schedules")


@page
def pause_start_schedule(schedule_id: int):
    """Hold one schedule (audited)."""
    return _change(start_schedules.pause_schedule, schedule_id,
                   lambda schedule: _("已暂停定时发起:恢复前不会再发起新的事项"))


@page
def resume_start_schedule(schedule_id: int):
    """Resume one held schedule from its next occurrence (audited)."""
    return _change(start_schedules.resume_schedule, schedule_id, lambda schedule: _(
        "已恢复定时发起,下次发起:%(when)s",
        when=local_time(schedule.next_due_at) if schedule.next_due_at else _("不再发起")))


def _change(action, schedule_id: int, said):
    """Run ``action`` on the schedule; a second click (already held, already running) is told, not a 409 page."""
    try:
        schedule = action(db.session, request_clock(), g.actor, schedule_id)
    except ConcurrencyConflict as refused:
        db.session.rollback()
        flash(engine_text(refused.message_zh), "warning")
        return redirect(url_for("pages.admin_schedules"))
    flash(said(schedule), "success")
    return redirect(url_for("pages.admin_schedules") + f"#schedule-{schedule.id}")
