"""Co-signers taken from a role: a multi-instance step whose people are the active holders of a role (会签).

A multi-instance user task whose properties carry ``cosignersFromRole`` (e.g. ``standing_committee``) needs
no variable naming its people: when the step is entered, its input collection (``loopDataInputRef``) is set
to the ids of the active accounts holding that role in the step's unit (its ``scope``, as for any step:
the county for ``county``), in id order, and each instance goes to one of them through ``assignee`` (deploy
checks both, engine/bpmn/validation.py): e.g. a body whose members each give an opinion (the Measures'
standing committee; tests/data/bpmn/elements/element_cosign_role.bpmn cites its article).

SpiffWorkflow reads the collection when the multi-instance task is updated, which happens while its
predecessor completes (``MultiInstanceTask._update_hook`` inherits the predecessor's data), so the
collection is written into the predecessor's data just before it runs. When nobody holds the role the
collection is removed instead: SpiffWorkflow then fails on the missing collection, which
``engine.incidents`` reports as 会签无人 and holds the instance with an incident (never a co-sign of
nobody that passes at once); a retry after the role is granted fills it again (:func:`prepare_stalled`).
"""
from __future__ import annotations

from collections.abc import Callable

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.specs import task_meta
from engine.models.people import RoleAssignment
from engine.models.people import User

#: the task property naming the role whose holders co-sign
COSIGNERS_FROM_ROLE = "cosignersFromRole"


def cosigning_meta(task_spec):
    """Return the child step's metadata of a multi-instance spec taking its people from a role, else None."""
    if not isinstance(task_spec, MultiInstanceTask) or task_spec.data_input is None:
        return None
    child = task_spec._wf_spec.task_specs.get(task_spec.task_spec)
    meta = task_meta(child) if child is not None else None
    return meta if meta is not None and meta.cosigners_from_role else None


def holders(session: Session, role: str, unit_id: int) -> list[int]:
    """The ids of the active accounts holding ``role`` in ``unit_id``, in id order."""
    return list(session.execute(
        select(User.id).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == role, RoleAssignment.unit_id == unit_id, User.active.is_(True))
        .distinct().order_by(User.id)).scalars())


def prepare(session: Session, unit_for_scope: Callable[[str], int], task) -> None:
    """Before ``task`` runs: set the collection of every role co-sign it leads to (or remove it: nobody)."""
    for output in task.task_spec.outputs:
        meta = cosigning_meta(output)
        if meta is None:
            continue
        people = holders(session, meta.cosigners_from_role, unit_for_scope(meta.scope))
        if people:
            task.data[output.data_input.bpmn_id] = people
        else:
            task.data.pop(output.data_input.bpmn_id, None)


def prepare_stalled(session: Session, unit_for_scope: Callable[[str], int], workflow) -> None:
    """Fill again the collections of role co-signs a fault left not entered (their predecessor is done)."""
    for task in workflow.get_tasks(state=TaskState.PREDICTED_MASK | TaskState.FUTURE):
        if cosigning_meta(task.task_spec) is not None and task.parent is not None \
                and task.parent.has_state(TaskState.COMPLETED):
            prepare(session, unit_for_scope, task.parent)


def missing_role(task) -> str | None:
    """The role of a role co-sign that failed for want of holders (for the incident's words), else None."""
    if task is None:
        return None
    meta = cosigning_meta(task.task_spec)
    if meta is None or task.data.get(task.task_spec.data_input.bpmn_id):
        return None
    return meta.cosigners_from_role
