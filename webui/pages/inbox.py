"""The inbox, the home page: my tasks, my roles' queue, due soon, overdue, done (ANCHORS.md §1.1)."""
from __future__ import annotations

import datetime as dt

from flask import g
from flask import render_template
from flask import request
from flask_babel import lazy_gettext as _l

import engine
from engine.clock import local_today
from engine.models import Unit
from engine.queries import DUE_SOON_DAYS
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from webui.api.inputs import TaskQuery
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.inputs import read_filters
from webui.pages.navigation import frame_counts
from webui.presenters import Lookup
from webui.presenters import present_task_page
from webui.uow import request_clock

TABS = (
    ("mine", _l("我的待办")), ("groups", _l("组内待办")), ("due_soon", _l("即将到期")), ("overdue", _l("已逾期")),
    ("done", _l("已办")),
)


def tab_filters(tab: str, today: dt.date) -> dict:
    """Translate a tab into list_tasks filters."""
    if tab == "due_soon":
        return {"view": "all", "due_from": today, "due_before": today + dt.timedelta(days=DUE_SOON_DAYS)}
    if tab == "overdue":
        return {"view": "all", "overdue": True}
    return {"view": tab}


def list_tab(tab: str, filters: dict, *, page_number: int = 1, per_page: int = 20, total: int | None = None):
    """Return one page of a tab with the search filters applied (``total`` when already counted)."""
    clock = request_clock()
    args = {**filters, **tab_filters(tab, local_today(clock))}
    page = engine.list_tasks(db.session, clock, g.user, page=page_number, per_page=per_page,
                             with_total=total is None, **args)
    if total is not None:
        page.total = total
    return page


@page
def inbox():
    """Show a tab of the inbox with filters, search and pagination."""
    counted = frame_counts(g.user)
    counts = {"mine": counted.mine, "groups": counted.groups, "due_soon": counted.due_soon,
              "overdue": counted.overdue}
    tab = request.args.get("tab", "")
    if tab not in dict(TABS):
        # Open on what needs doing: my claimed steps, else what waits in my roles' queue.
        tab = "mine" if counts["mine"] or not counts["groups"] else "groups"
    filters, problems = read_filters(TaskQuery, extra=("tab", "q"))
    for key in ("view", "overdue", "due_before"):
        filters.pop(key, None)
    page_number = filters.pop("page", 1)
    per_page = filters.pop("per_page", 20)
    q = request.args.get("q", "").strip()[:64]
    if q:
        filters["q"] = q
    # Without filters the tab's size is the count already taken for the tabs: no second count.
    known = None if filters or tab == "done" else counts[tab]
    result = list_tab(tab, filters, page_number=page_number, per_page=per_page, total=known)
    lookup = Lookup(db.session, local_today(request_clock()))
    units = db.session.query(Unit).order_by(Unit.path).all()
    return render_template(
        "pages/inbox.html", tab=tab, tabs=TABS, counts=counts, tasks=present_task_page(lookup, result),
        filters={**filters, "q": q}, problems=problems, units=units,
        stages=STAGE_LABELS, warning_types=WARNING_TYPE_LABELS,
    )
