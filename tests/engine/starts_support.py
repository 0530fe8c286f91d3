"""Helpers for the start and message tests: deploy the element diagrams, start, complete, look at rows."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.operations.definitions import deploy_definition
from engine.persistence import forget_specs
from engine.runtime import load_instance
from tests.engine.conftest import World

ELEMENTS = Path(__file__).resolve().parent.parent / "data" / "bpmn" / "elements"


def diagram(name: str) -> bytes:
    return (ELEMENTS / f"{name}.bpmn").read_bytes()


def deploy(world: World, *names: str) -> None:
    with unit_of_work(world.factory) as session:
        for name in names:
            deploy_definition(session, world.clock, SYSTEM, f"{name}.bpmn", diagram(name))


def start(world: World, username: str, key: str, data: dict | None = None, **kwargs):
    """Start ``key`` as ``username`` in its own transaction; return the new instance's id."""
    with unit_of_work(world.factory) as session:
        return engine.start_process(session, world.clock, world.actor(session, username), key, data or {},
                                    **kwargs).instance.id


def open_tasks(world: World, instance_id: int) -> list[HumanTask]:
    with world.factory() as session:
        return list(session.execute(select(HumanTask).where(
            HumanTask.instance_id == instance_id, HumanTask.status == TaskStatus.OPEN)
            .order_by(HumanTask.id)).scalars())


def complete(world: World, username: str, task_id: int, data: dict) -> None:
    # Every step restores the instance from its stored state: nothing carried over in memory.
    forget_specs()
    with unit_of_work(world.factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, username), task_id, data)


def instance(world: World, instance_id: int) -> ProcessInstance:
    with world.factory() as session:
        return session.get(ProcessInstance, instance_id)


def instances_of(world: World, key: str) -> list[ProcessInstance]:
    from engine.models import ProcessDefinition

    with world.factory() as session:
        return list(session.execute(select(ProcessInstance).join(
            ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
            .where(ProcessDefinition.key == key).order_by(ProcessInstance.id)).scalars())


def workflow_data(world: World, instance_id: int) -> dict:
    forget_specs()
    with world.factory() as session:
        return dict(load_instance(session, instance_id).workflow.data)


def audit_count(world: World, action: str) -> int:
    with world.factory() as session:
        return session.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)).scalar()


def ready_task_data(world: World, instance_id: int, bpmn_id: str) -> dict:
    """The data of the instance's READY step ``bpmn_id`` (what its performer's form sees)."""
    from SpiffWorkflow.util.task import TaskState

    forget_specs()
    with world.factory() as session:
        workflow = load_instance(session, instance_id).workflow
        [task] = [t for t in workflow.get_tasks(state=TaskState.READY) if t.task_spec.bpmn_id == bpmn_id]
        return dict(task.data)
