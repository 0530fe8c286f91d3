"""The notification centre: what the outbox delivered to me — new tasks, due soon, overdue, notices."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import select
from sqlalchemy import update

from engine.errors import NotFound
from engine.models import Notification
from engine.queries import Page
from engine.queries import paginate
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.inputs import query_page

KIND_LABELS = {"task_assigned": "新待办", "task_overdue": "逾期", "task_due_soon": "即将到期",
               "document_issued": "文书", "restriction": "限制", "reminder": "督办提醒",
               "incident_opened": "流程故障", "correction_notified": "责令纠错", "handed_over": "移交",
               "info_feedback": "预警信息反馈"}
#: what arrives by the dozen every day: grouped, so that a reminder or an overdue step is not buried (issue 15 §8)
ROUTINE_KINDS = frozenset({"task_assigned", "document_issued"})
#: how many unread notifications needing attention are pinned above the list
PINNED = 50


@dataclass(frozen=True)
class Run:
    """Notifications in a row of the list: one that stands alone, or routine ones grouped."""

    routine: bool
    notes: list[Notification]


def runs_of(notes: list[Notification], pinned_ids: set[int]) -> list[Run]:
    """Group consecutive routine notifications; leave out those pinned above the list."""
    runs: list[Run] = []
    for note in notes:
        if note.id in pinned_ids:
            continue
        routine = note.kind in ROUTINE_KINDS
        if routine and runs and runs[-1].routine:
            runs[-1].notes.append(note)
        else:
            runs.append(Run(routine, [note]))
    return runs


@page
def notifications():
    """List my notifications, newest first: unread reminders, overdue steps and failures pinned on top,
    routine ones (new tasks, documents) grouped."""
    only_unread = request.args.get("unread") == "1"
    mine = select(Notification).where(Notification.user_id == g.user.id)
    pinned = list(db.session.execute(mine.where(Notification.read.is_(False), Notification.kind.not_in(ROUTINE_KINDS))
                                     .order_by(Notification.id.desc()).limit(PINNED)).scalars())
    stmt = mine.where(Notification.read.is_(False)) if only_unread else mine
    result: Page = paginate(db.session, stmt.order_by(Notification.id.desc()), query_page(), 30)
    return render_template("pages/notifications.html", notes=result, only_unread=only_unread, kinds=KIND_LABELS,
                           pinned=pinned, runs=runs_of(result.items, {n.id for n in pinned}))


@page(changes=False)
def open_notification(notification_id: int):
    """Mark one of my notifications read and go to what it is about (reading is not a change of record)."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != g.user.id:
        raise NotFound("通知不存在")
    note.read = True
    payload = note.payload or {}
    if payload.get("task_id"):
        return redirect(url_for("pages.show_task", task_id=payload["task_id"]))
    if payload.get("case_id"):
        return redirect(url_for("pages.show_case", case_id=payload["case_id"]))
    if payload.get("info_item_id"):  # feedback on an item told to its reporter (issue 13 §1)
        return redirect(url_for("pages.info_item", item_id=payload["info_item_id"]))
    return redirect(url_for("pages.notifications"))


@page(changes=False)
def read_all_notifications():
    """Mark all my notifications read."""
    db.session.execute(update(Notification).where(Notification.user_id == g.user.id, Notification.read.is_(False))
                       .values(read=True))
    return redirect(url_for("pages.notifications"))
