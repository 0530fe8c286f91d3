"""What a data form's person, unit, cadre and file fields offer to choose from (issue 11 §4).

The engine checks the chosen id when the form is submitted (engine.data_forms); these lists only spare the
person from typing numbers.
"""
from __future__ import annotations

from sqlalchemy import select

from engine.models import HumanTask
from engine.models import Unit
from engine.models import User
from engine.models.workspace import Attachment
from webui.extensions import db


def person_choices() -> list[tuple[int, str]]:
    """Every active user, as (id, "姓名(单位)")."""
    rows = db.session.execute(select(User.id, User.display_name, Unit.name).join(Unit, Unit.id == User.unit_id)
                              .where(User.active.is_(True), User.username != "system")
                              .order_by(User.unit_id, User.id)).all()
    return [(user_id, f"{name}({unit})") for user_id, name, unit in rows]


def unit_choices() -> list[tuple[int, str]]:
    """Every unit, as (id, name)."""
    return [(u.id, u.name) for u in db.session.execute(select(Unit).order_by(Unit.id)).scalars()]


def file_choices(task: HumanTask) -> list[tuple[int, str]]:
    """The attachments uploaded at this step, as (id, file name)."""
    rows = db.session.execute(select(Attachment.id, Attachment.filename)
                              .where(Attachment.task_id == task.id).order_by(Attachment.id)).all()
    return [(attachment_id, filename) for attachment_id, filename in rows]
