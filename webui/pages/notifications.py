"""The notification centre: what the outbox delivered to me — new tasks, due soon, overdue, notices."""
from __future__ import annotations

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
               "document_issued": "文书", "restriction": "限制", "reminder": "督办提醒"}


@page
def notifications():
    """List my notifications, newest first, unread ones marked."""
    only_unread = request.args.get("unread") == "1"
    stmt = select(Notification).where(Notification.user_id == g.user.id)
    if only_unread:
        stmt = stmt.where(Notification.read.is_(False))
    result: Page = paginate(db.session, stmt.order_by(Notification.id.desc()), query_page(), 30)
    return render_template("pages/notifications.html", notes=result, only_unread=only_unread, kinds=KIND_LABELS)


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
    return redirect(url_for("pages.notifications"))


@page(changes=False)
def read_all_notifications():
    """Mark all my notifications read."""
    db.session.execute(update(Notification).where(Notification.user_id == g.user.id, Notification.read.is_(False))
                       .values(read=True))
    return redirect(url_for("pages.notifications"))
