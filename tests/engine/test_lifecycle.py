"""Every lifecycle's transition table is enforced on each status change (STYLE.md rule 9, issue 11 §6)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine import lifecycle
from engine.db import unit_of_work
from engine.models import HumanTask
from engine.models import Incident
from engine.models import Job
from engine.models import ProcessInstance
from engine.models.cases import of_case
from engine.models.designs import DESIGN_TRANSITIONS
from engine.models.designs import DesignDraft
from engine.models.instances import INSTANCE_TRANSITIONS
from engine.models.instances import InstanceStatus
from engine.models.jobs import INCIDENT_TRANSITIONS
from engine.models.jobs import JOB_TRANSITIONS
from engine.models.tasks import TASK_TRANSITIONS
from engine.models.tasks import TaskStatus
from engine.row_writes import write_columns
from tests.engine.conftest import register

GUARDED = [(ProcessInstance, INSTANCE_TRANSITIONS), (HumanTask, TASK_TRANSITIONS), (Job, JOB_TRANSITIONS),
           (Incident, INCIDENT_TRANSITIONS), (DesignDraft, DESIGN_TRANSITIONS)]


@pytest.mark.parametrize(("model", "table"), GUARDED, ids=lambda v: getattr(v, "__name__", ""))
def test_every_status_has_a_row_and_every_move_is_checked(model, table):
    statuses = type(next(iter(table)))
    assert set(table) == set(statuses)
    for old in statuses:
        for new in statuses:
            if old == new or new in table[old]:
                lifecycle.check(model, "status", old, new)
            else:
                with pytest.raises(lifecycle.InvalidTransition):
                    lifecycle.check(model, "status", old, new)


def test_a_table_missing_a_status_is_refused_when_declared():
    with pytest.raises(ValueError, match="lacks"):
        lifecycle.guard(HumanTask.status, {TaskStatus.OPEN: frozenset()})


def _first_open_task(world):
    walker = register(world, "wang.clerk", world.cadre_id("town-wabu", "镇长"))
    with world.factory() as session:
        return walker, session.execute(select(HumanTask.id).where(of_case(HumanTask, walker.case_id))).scalar_one()


def test_a_completed_step_cannot_be_reopened_by_assignment(world):
    walker, task_id = _first_open_task(world)
    walker.do("wang.clerk", "screen_clue", routing="dismiss", reason="不属于预警范围")
    with unit_of_work(world.factory) as session:
        task = session.get(HumanTask, task_id)
        assert task.status == TaskStatus.COMPLETED
        with pytest.raises(lifecycle.InvalidTransition):
            task.status = TaskStatus.OPEN


def test_a_prepared_write_is_checked_too(world):
    _, task_id = _first_open_task(world)
    with unit_of_work(world.factory) as session:
        task = session.get(HumanTask, task_id)
        task.status = TaskStatus.CANCELLED
    with unit_of_work(world.factory) as session:
        task = session.get(HumanTask, task_id)
        with pytest.raises(lifecycle.InvalidTransition):
            write_columns(session, task, {"status": TaskStatus.COMPLETED})


def test_a_completed_instance_never_runs_again(world):
    walker, _ = _first_open_task(world)
    walker.do("wang.clerk", "screen_clue", routing="dismiss", reason="不属于预警范围")
    walker.do("wang.clerk", "feedback_to_source", **_feedback(walker))
    with unit_of_work(world.factory) as session:
        instance = session.execute(select(ProcessInstance)).scalars().one()
        assert instance.status == InstanceStatus.COMPLETED
        with pytest.raises(lifecycle.InvalidTransition):
            instance.status = InstanceStatus.RUNNING


def _feedback(walker) -> dict:
    return {"notified_on": walker.today(), "feedback": "经筛选,不属于预警范围,已告知来源"}
