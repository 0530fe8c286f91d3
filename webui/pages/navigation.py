"""What every page's frame shows: the menu the user's roles allow and the counts beside it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import g
from flask import has_request_context
from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select

from engine.clock import LOCAL_TZ
from engine.clock import local_today
from engine.models import Notification
from engine.models import User
from engine.permissions import CASE_READER_ROLES
from engine.permissions import RESTRICTION_READER_ROLES
from engine.queries import InboxCounts
from engine.queries import inbox_counts
from engine.registry import REGISTRY
from engine.vocabulary import Role
from processes.risk_points.access import COUNTY_READER_ROLES
from processes.risk_points.vocabulary import ROLE_LABELS as RISK_ROLE_LABELS
from webui.extensions import db
from webui.i18n import select_language
from webui.pages.auth import current
from webui.pages.csrf import csrf_token
from webui.uow import request_clock


@dataclass(frozen=True)
class MenuItem:
    """One entry of the top menu, shown to holders of ``roles`` (empty: everyone signed in)."""

    endpoint: str
    label: str  # a lazy translation, rendered in the reader's language
    icon: str
    roles: frozenset[str]


MENU: tuple[MenuItem, ...] = (
    MenuItem("pages.inbox", _l("待办"), "inbox", frozenset()),
    MenuItem("pages.new_clue", _l("登记线索"), "journal-plus", frozenset({Role.WARNING_OFFICE})),
    # Officials only: a process names who may start it, and auditors change nothing (SECURITY.md 25).
    MenuItem("pages.start_process", _l("发起事项"), "play-circle", frozenset(Role) - {Role.AUDITOR}),
    MenuItem("pages.ledger", _l("案件台帐"), "journal-text", frozenset(CASE_READER_ROLES)),
    MenuItem("pages.cadres", _l("干部廉政档案"), "person-vcard", frozenset(RESTRICTION_READER_ROLES)),
    # issue 12: the unit's own people read their register, the county's readers every unit's
    MenuItem("pages.risk_register", _l("风险台账"), "shield-exclamation",
             frozenset(RISK_ROLE_LABELS) | COUNTY_READER_ROLES | CASE_READER_ROLES),
    MenuItem("pages.supervise", _l("督办"), "flag", frozenset({Role.SUPERVISOR})),
    # the warning-information network (issue 13): its own roles, processes/info_network/vocabulary.py; the
    # supervisor too, who reads every item and follows the units' monthly reports there (issue 13 §2)
    MenuItem("pages.info_home", _l("廉情预警"), "broadcast", frozenset({
        "info_officer", "info_invited_officer", "info_office", "info_centre", "info_deputy_secretary",
        "info_party_secretary", Role.SUPERVISOR})),
    # The administrator reads no case, so the due board is empty for them; what they keep running is the
    # engine: failed timers and jobs, every one of them (engine.supervision_queries._incident_visible).
    MenuItem("pages.supervise_incidents", _l("流程故障"), "exclamation-octagon", frozenset({Role.ADMIN})),
    MenuItem("pages.admin_units", _l("系统管理"), "gear", frozenset({Role.ADMIN})),
    MenuItem("pages.designer_home", _l("流程设计"), "diagram-3", frozenset({Role.DESIGNER})),
    MenuItem("pages.audit_home", _l("审计"), "shield-check", frozenset({Role.AUDITOR, Role.SUPERVISOR, Role.ADMIN})),
)
#: shown only when the deployment runs on the manual (training) clock
DEMO_CLOCK_ITEM = MenuItem("pages.demo_clock", _l("演示时钟"), "clock-history", frozenset({Role.ADMIN}))


def menu_for(user: User, endpoints: set[str], *, manual_clock: bool = False) -> list[MenuItem]:
    """Return the menu entries the user's roles allow (and that exist in this build)."""
    held = {r.role for r in user.roles}
    items = MENU + ((DEMO_CLOCK_ITEM,) if manual_clock else ())
    return [m for m in items if m.endpoint in endpoints and (not m.roles or held & m.roles)]


#: the header's day name, Monday first as ``date.weekday()`` counts
WEEKDAYS = (_l("星期一"), _l("星期二"), _l("星期三"), _l("星期四"), _l("星期五"), _l("星期六"), _l("星期日"))


def frame_counts(user: User) -> InboxCounts:
    """Count the user's open tasks once per request (the menu badge and the inbox tabs share it)."""
    if "inbox_counts" not in g:
        g.inbox_counts = inbox_counts(db.session, request_clock(), user)
    return g.inbox_counts


def inject_frame() -> dict:
    """Context for every template: CSRF token, the user, their menu, counts and today's date."""
    from flask import current_app

    context = {"csrf_token": csrf_token, "role_labels": dict(REGISTRY.roles())}
    user = current()
    if user is None or request.path.startswith("/static/"):
        return context
    clock = request_clock()
    today = local_today(clock)
    counts = frame_counts(user)
    unread = db.session.execute(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read.is_(False))).scalar_one()
    endpoints = set(current_app.view_functions)
    context.update(
        me=user,
        menu=menu_for(user, endpoints, manual_clock=current_app.config["CLOCK"] == "manual"),
        open_count=counts.open,
        overdue_count=counts.overdue,
        unread_count=unread,
        today=today,
        weekday=WEEKDAYS[today.weekday()],
        clock_is_manual=current_app.config["CLOCK"] == "manual",
        now=clock.now(),
    )
    return context


def zh_date(value: dt.date | str | None) -> str:
    """Format a date the Chinese way, 2026年11月2日; for a reader of the English pages 2026-11-02."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if has_request_context() and select_language() == "en":
        return value.isoformat()
    return f"{value.year}年{value.month}月{value.day}日"


def local_time(value: dt.datetime | str | None) -> str:
    """Format an instant in China time, as people read it: 2026-11-02 09:00."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)  # Python 3.11 reads the "Z" of UTC itself
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
