"""Personal assignment: a step given to one named person instead of a role's queue (会签, co-signing).

A user task whose properties carry ``assignee`` names a task-data variable holding a user id. The usual case is
a multi-instance task: its input collection lists the members (e.g. ``committee_members``), its input data item
(``member``) is the one id each child receives, and ``assignee="member"`` gives each child to that person as
their own inbox task (第十七条: the standing committee decides collectively, each member giving an opinion).

The person must still hold one of the step's roles in its unit: naming someone in the data grants nothing.
A personally assigned task cannot be given back to the group queue.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from engine.bpmn.specs import TaskMeta
from engine.errors import AssigneeInvalid
from engine.models.instances import ProcessInstance
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.persistence import spec_set


def assigned_user(session: Session, task_data: dict, meta: TaskMeta, step_name: str) -> int | None:
    """Return the user id a READY task is personally assigned to, or None for a role's queue."""
    if meta.assignee is None:
        return None
    value = task_data.get(meta.assignee)
    user_id = value if isinstance(value, int) and not isinstance(value, bool) else None
    if user_id is not None:
        user = session.get(User, user_id)
        if user is not None and user.active:
            return user_id
    raise AssigneeInvalid(f"环节“{step_name}”的办理人({meta.assignee})不是有效的用户:{value!r}"[:300],
                          details={"variable": meta.assignee})


def is_personally_assigned(session: Session, task: HumanTask) -> bool:
    """Tell whether an open task was given to one named person by its step's ``assignee`` property."""
    instance = session.get(ProcessInstance, task.instance_id)
    specs = spec_set(session, instance.definition_ids, instance.definition_id)
    meta = specs.task_meta.get((task.process_key, task.bpmn_id))
    return meta is not None and meta.assignee is not None
