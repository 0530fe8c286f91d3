"""Run one element diagram twice, in the engine and in bare SpiffWorkflow, and report what each ended with.

The engine run goes the way users go: the diagram is deployed by a designer through ``deploy_definition``,
started with ``start_process``, each step completed by a person with ``complete_task`` in its own transaction
(the instance is saved and reloaded between steps), and timers fire only when the clock moves and the real
sweep (``engine.jobs.run_due_jobs``) runs. The bare run parses the same file with SpiffWorkflow's own parser
and default script engine, serialises and restores the workflow before every step, and is handed exactly the
data the engine's forms accepted. A spy on SpiffWorkflow's ``Task.complete`` records, in both runs, which
task specs completed in which order.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.jobs import SweepReport
from engine.jobs import run_due_jobs
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import RoleAssignment
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.operations.definitions import deploy_definition
from engine.operations.instances import BUSINESS_KEY_VARIABLE
from engine.persistence import load_workflow
from engine.persistence import spec_set
from engine.runtime import START_UNIT_VARIABLE
from engine.seed import seed_demo
from engine.spiff_clock import engine_clock
from tests.engine.conftest import World

ELEMENTS = Path(__file__).resolve().parents[1] / "data" / "bpmn" / "elements"
#: Monday 2 November 2026, 09:00 China time: every scenario starts here
START = dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
#: the three members of the standing committee who co-sign (第十七条), beside the seeded users
COMMITTEE = ("qian.committee", "sun.committee", "li.committee")
_BARE = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


@dataclass(frozen=True)
class Do:
    """A person completes the open step ``step`` with form data ``form``."""

    step: str
    username: str
    form: dict = field(default_factory=lambda: {"opinion": "已办理"})


@dataclass(frozen=True)
class At:
    """The clock moves to ``instant`` and the timer worker sweeps once."""

    instant: dt.datetime


@dataclass
class Outcome:
    """How a run ended."""

    completed: bool
    completed_specs: list[str]
    data: dict
    data_objects: dict


@dataclass
class EngineRun(Outcome):
    """The engine's outcome, with what the test may look at afterwards."""

    instance_id: int = 0
    submitted: list[tuple[str, str, dict]] = field(default_factory=list)
    sweeps: list[SweepReport] = field(default_factory=list)


class CompletionSpy:
    """Record the spec name of every task SpiffWorkflow completes, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.names: list[str] = []
        original = Task.complete
        spy = self

        def complete(task: Task) -> None:
            spy.names.append(task.task_spec.name)
            original(task)

        monkeypatch.setattr(Task, "complete", complete)

    def take(self) -> list[str]:
        names, self.names = self.names, []
        return names


def element_world(factory, diagram: str, xml: bytes | None = None) -> World:
    """The seeded county with three committee members and the element diagram (or ``xml`` under its name)
    deployed by a designer."""
    clock = FixedClock(START)
    with unit_of_work(factory) as session:
        seed_demo(session, clock, password_hash="x")
        county = session.execute(select(Unit).where(Unit.code == "county")).scalar_one()
        for username in COMMITTEE:
            user = User(username=username, display_name=f"{username}(常委)", unit_id=county.id, password_hash="x")
            user.roles = [RoleAssignment(role="standing_committee", unit_id=county.id)]
            session.add(user)
        session.flush()
        designer = World(factory, clock).actor(session, "sun.designer")
        deploy_definition(session, clock, designer, f"{diagram}.bpmn",
                          xml if xml is not None else (ELEMENTS / f"{diagram}.bpmn").read_bytes())
    return World(factory, clock)


def user_ids(world: World, *usernames: str) -> list[int]:
    with world.factory() as session:
        return [world.user(session, name).id for name in usernames]


def open_tasks(world: World, instance_id: int, step: str | None = None) -> list[HumanTask]:
    with world.factory() as session:
        query = select(HumanTask).where(HumanTask.instance_id == instance_id, HumanTask.status == TaskStatus.OPEN)
        if step is not None:
            query = query.where(HumanTask.bpmn_id == step)
        return list(session.execute(query.order_by(HumanTask.id)).scalars())


def _engine_do(world: World, instance_id: int, step: Do) -> HumanTask:
    (user_id,) = user_ids(world, step.username)
    candidates = [t for t in open_tasks(world, instance_id, step.step) if t.assignee_id in (None, user_id)]
    assert candidates, f"no open step {step.step} for {step.username}"
    with unit_of_work(world.factory) as session:
        done = engine.complete_task(session, world.clock, world.actor(session, step.username), candidates[0].id,
                                    dict(step.form))
        return done.task


def run_in_engine(world: World, diagram: str, start_data: dict, steps: list, spy: CompletionSpy) -> EngineRun:
    """Start the deployed diagram and play the steps, one transaction each."""
    spy.take()
    with unit_of_work(world.factory) as session:
        instance_id = engine.start_process(session, world.clock, SYSTEM, diagram, dict(start_data)).instance.id
    run = EngineRun(False, [], {}, {}, instance_id=instance_id)
    for step in steps:
        if isinstance(step, At):
            world.clock.set(step.instant)
            run.sweeps.append(run_due_jobs(world.factory, world.clock))
        else:
            task = _engine_do(world, instance_id, step)
            run.submitted.append((step.step, step.username, task.submitted))
    with world.factory() as session:
        row = session.get(ProcessInstance, instance_id)
        specs = spec_set(session, row.definition_ids, row.definition_id)
        workflow = load_workflow(row.state, specs, row.serializer_version)
        run.completed = row.status == "completed" and workflow.is_completed()
    run.completed_specs = spy.take()
    # The engine names every instance it starts (business_key, and start_unit_id for a person's start):
    # bare SpiffWorkflow knows neither, so they are left out of the comparison.
    engine_variables = {BUSINESS_KEY_VARIABLE, START_UNIT_VARIABLE}
    run.data = {k: v for k, v in json.loads(json.dumps(workflow.data, default=str)).items()
                if k not in engine_variables}
    run.data_objects = json.loads(json.dumps(workflow.data_objects, default=str))
    return run


def run_bare(diagram: str, start_data: dict, steps: list, submitted: list[tuple[str, str, dict]],
             ids_by_username: dict[str, int], spy: CompletionSpy) -> Outcome:
    """Play the same steps on bare SpiffWorkflow, saving and restoring before each, with the engine's data."""
    spy.take()
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(ELEMENTS / f"{diagram}.bpmn"))
    clock = FixedClock(START)
    forms = iter(submitted)
    with engine_clock(clock):
        workflow = BpmnWorkflow(parser.get_spec(diagram), parser.get_subprocess_specs(diagram))
        workflow.data.update(start_data)
        workflow.get_next_task(state=TaskState.READY).data.update(start_data)
        workflow.refresh_timers()
        workflow.do_engine_steps()
    for step in steps:
        workflow = _BARE.deserialize_json(_BARE.serialize_json(workflow))
        with engine_clock(clock):
            if isinstance(step, At):
                clock.set(step.instant)
            else:
                _, _, data = next(forms)
                task = _bare_task(workflow, step, ids_by_username)
                task.set_data(**data)
                task.run()
            workflow.refresh_timers()
            workflow.do_engine_steps()
    return Outcome(workflow.is_completed(), spy.take(), json.loads(json.dumps(workflow.data, default=str)),
                   json.loads(json.dumps(workflow.data_objects, default=str)))


def _bare_task(workflow: BpmnWorkflow, step: Do, ids_by_username: dict[str, int]) -> Task:
    ready = [t for t in workflow.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == step.step]
    properties = (getattr(ready[0].task_spec, "extensions", None) or {}).get("properties", {}) if ready else {}
    variable = properties.get("assignee")
    if variable:
        # the co-sign child of this person, as the engine's inbox gave it to them
        ready = [t for t in ready if t.data.get(variable) == ids_by_username[step.username]]
    assert ready, f"bare SpiffWorkflow has no READY {step.step} for {step.username}"
    return ready[0]


def assert_same_as_bare(world: World, diagram: str, start_data: dict, steps: list, spy: CompletionSpy) -> EngineRun:
    """Run both ways and assert the same end: completed, the same completed specs in order, the same data."""
    in_engine = run_in_engine(world, diagram, start_data, steps, spy)
    everyone = {s.username for s in steps if isinstance(s, Do)}
    bare = run_bare(diagram, start_data, steps, in_engine.submitted,
                    dict(zip(everyone, user_ids(world, *everyone), strict=True)), spy)
    assert in_engine.completed, "the engine's instance did not complete"
    assert bare.completed, "bare SpiffWorkflow did not complete"
    assert in_engine.completed_specs == bare.completed_specs, (in_engine.completed_specs, bare.completed_specs)
    assert in_engine.data == bare.data, (in_engine.data, bare.data)
    assert in_engine.data_objects == bare.data_objects, (in_engine.data_objects, bare.data_objects)
    return in_engine
