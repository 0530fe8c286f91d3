"""Timer start events (issue 11 §2/§3): one instance per occurrence, exactly once across workers.

monthly_report.bpmn starts on ``R/2027-01-28T09:00:00+08:00/P1M``: seed 001's reporting calendar, every unit
reports to the county centre on the 28th of each month. The worker's sweep (``engine.run_due_jobs``, which
``lianjing worker`` runs) starts the instances; the clock is advanced, never slept on.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

import engine
from engine.clock import UTC
from engine.db import unit_of_work
from engine.errors import DefinitionRejected
from engine.models import AuditEvent
from engine.models import Job
from engine.models import StartSchedule
from engine.operations.definitions import deploy_definition
from engine.seed import seed_demo
from engine.starts import acquire_due_starts
from engine.starts import recurrence
from tests.engine.conftest import World
from tests.engine.starts_support import ELEMENTS
from tests.engine.starts_support import complete
from tests.engine.starts_support import deploy
from tests.engine.starts_support import diagram
from tests.engine.starts_support import instance
from tests.engine.starts_support import instances_of
from tests.engine.starts_support import open_tasks
from tests.engine.starts_support import workflow_data

MONTHLY = "R/2027-01-28T09:00:00+08:00/P1M"
CHINA = dt.timezone(dt.timedelta(hours=8))


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def _schedule(world: World, key: str = "monthly_report") -> StartSchedule:
    with world.factory() as session:
        return session.execute(select(StartSchedule).where(StartSchedule.key == key)).scalar_one()


def _started_occurrences(world: World) -> list[int]:
    with world.factory() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.action == "instance.started")).scalars()
        return sorted(e.after["occurrence"] for e in events if e.after.get("trigger") == "timer")


def _sweep(world: World) -> list[int]:
    return engine.run_due_jobs(world.factory, world.clock).started


def test_monthly_on_the_28th_is_expressible_and_never_drifts():
    # 种子001 报送日历: the 28th of every month, 09:00 China time, however long the months are.
    monthly = recurrence("timeCycle", MONTHLY)
    assert [monthly.occurrence(n).astimezone(CHINA).isoformat() for n in range(4)] == [
        "2027-01-28T09:00:00+08:00", "2027-02-28T09:00:00+08:00", "2027-03-28T09:00:00+08:00",
        "2027-04-28T09:00:00+08:00"]
    # A month-end start is clamped per month, not carried over: Jan 31, Feb 28, Mar 31 (not Mar 28).
    month_end = recurrence("timeCycle", "R3/2027-01-31T09:00:00+08:00/P1M")
    assert [month_end.occurrence(n).date().isoformat() for n in range(3)] == ["2027-01-31", "2027-02-28",
                                                                              "2027-03-31"]
    assert month_end.occurrence(3) is None
    assert recurrence("timeDate", "2027-01-28T09:00:00+08:00").occurrence(1) is None


def test_publishing_schedules_the_first_occurrence_from_now(world):
    deploy(world, "monthly_report")
    schedule = _schedule(world)
    assert schedule.next_due_at == _at("2027-01-28T09:00:00+08:00")
    assert schedule.fired == 0


def test_each_occurrence_starts_one_instance_when_it_falls_due(world):
    deploy(world, "monthly_report")
    world.clock.set(_at("2027-01-28T08:59:59+08:00"))
    assert _sweep(world) == []
    world.clock.set(_at("2027-01-28T09:00:01+08:00"))
    [first] = _sweep(world)
    assert _sweep(world) == []  # the same occurrence never starts twice
    # The report step waits in the county commission's inbox (scope=county, no starter).
    [task] = open_tasks(world, first)
    assert task.bpmn_id == "submit_report"
    assert task.unit_id == world.unit_id("county")
    # The instance's start event fired once: no timer job is left armed for it.
    with world.factory() as session:
        assert session.execute(select(Job).where(Job.instance_id == first)).first() is None
    assert _schedule(world).next_due_at == _at("2027-02-28T09:00:00+08:00")
    with world.factory() as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "instance.started")).scalar_one()
    assert (event.actor_name, event.after["trigger"], event.after["occurrence"]) == ("系统", "timer", 0)
    assert event.after["due_at"] == _at("2027-01-28T09:00:00+08:00").isoformat()


def test_a_worker_that_was_down_starts_one_instance_per_missed_occurrence(world):
    deploy(world, "monthly_report")
    world.clock.set(_at("2027-04-01T10:00:00+08:00"))
    assert len(_sweep(world)) == 3  # January, February and March
    assert _started_occurrences(world) == [0, 1, 2]
    assert _schedule(world).next_due_at == _at("2027-04-28T09:00:00+08:00")


def test_a_one_off_date_starts_once(world):
    xml = diagram("monthly_report").decode().replace(
        f'<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">"{MONTHLY}"</bpmn:timeCycle>',
        '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">"2026-12-28T09:00:00+08:00"</bpmn:timeDate>')
    with unit_of_work(world.factory) as session:
        deploy_definition(session, world.clock, engine.SYSTEM, "monthly_report.bpmn", xml.encode())
    world.clock.set(_at("2027-03-01T00:00:00+08:00"))
    assert len(_sweep(world)) == 1
    assert _sweep(world) == []
    assert _schedule(world).next_due_at is None


def test_publishing_a_new_version_replaces_the_schedule(world):
    deploy(world, "monthly_report")
    world.clock.set(_at("2027-01-28T10:00:00+08:00"))
    assert len(_sweep(world)) == 1
    # Same timer in a new version: the schedule carries on, January is not reported twice.
    renamed = diagram("monthly_report").decode().replace('name="报送本月预警信息"', 'name="报送本月预警信息(汇总)"')
    with unit_of_work(world.factory) as session:
        second, _ = deploy_definition(session, world.clock, engine.SYSTEM, "monthly_report.bpmn", renamed.encode())
    schedule = _schedule(world)
    assert (schedule.definition_id, schedule.next_due_at, schedule.fired) == \
        (second.id, _at("2027-02-28T09:00:00+08:00"), 1)
    # A new timer replaces it from now on: the 25th (seed 001: units collect before the 25th).
    moved = renamed.replace(MONTHLY, "R/2027-01-25T09:00:00+08:00/P1M")
    with unit_of_work(world.factory) as session:
        third, _ = deploy_definition(session, world.clock, engine.SYSTEM, "monthly_report.bpmn", moved.encode())
    schedule = _schedule(world)
    assert (schedule.definition_id, schedule.expression, schedule.next_due_at) == \
        (third.id, "R/2027-01-25T09:00:00+08:00/P1M", _at("2027-02-25T09:00:00+08:00"))
    world.clock.set(_at("2027-02-25T09:30:00+08:00"))
    [started] = _sweep(world)
    assert [i.definition_id for i in instances_of(world, "monthly_report") if i.id == started] == [third.id]


@pytest.mark.parametrize(("timer", "why"), [
    ('<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">report_cycle</bpmn:timeCycle>', "带引号"),
    ('<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">"R/P1M"</bpmn:timeCycle>', "首次时间"),
    ('<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">"R/2027-01-28T09:00:00/P1M"</bpmn:timeCycle>', "时区"),
])
def test_deploy_refuses_a_start_timer_it_cannot_schedule(world, timer, why):
    xml = diagram("monthly_report").decode().replace(
        f'<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">"{MONTHLY}"</bpmn:timeCycle>', timer)
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "monthly_report.bpmn", xml.encode())
    [problem] = refused.value.details
    assert (problem["element_id"], problem["code"]) == ("every_28th", "bad_timer")
    assert why in problem["message"]


def test_acquiring_takes_each_due_occurrence_once(world):
    deploy(world, "monthly_report")
    world.clock.set(_at("2027-04-01T10:00:00+08:00"))
    with unit_of_work(world.factory) as session:
        taken = acquire_due_starts(session, world.clock, limit=10)
        again = acquire_due_starts(session, world.clock, limit=10)
    assert [t.occurrence for t in taken] == [0]      # one occurrence per schedule and acquisition
    assert [t.occurrence for t in again] == [1]      # the schedule moved on to the next one


def _race(factory, start_event_count: int = 12) -> tuple[World, list[list[int]]]:
    clock = engine.FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(factory) as session:
        seed_demo(session, clock, password_hash="x")
        xml = diagram("monthly_report").decode().replace(MONTHLY, "R/2026-11-03T09:00:00+08:00/P1D")
        deploy_definition(session, clock, engine.SYSTEM, "monthly_report.bpmn", xml.encode())
    world = World(factory, clock)
    clock.set(_at("2026-11-03T09:00:00+08:00") + dt.timedelta(days=start_event_count - 1, minutes=1))
    barrier = threading.Barrier(2)
    results: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def worker(slot: int) -> None:
        try:
            barrier.wait()
            results[slot] = engine.run_due_jobs(factory, clock).started
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return world, results


@pytest.mark.parametrize("factory_name", [
    "session_factory",
    pytest.param("pg_session_factory", marks=pytest.mark.postgres),  # FOR UPDATE SKIP LOCKED
])
def test_two_workers_racing_start_each_occurrence_exactly_once(request, factory_name):
    world, (first, second) = _race(request.getfixturevalue(factory_name), 12)
    assert not set(first) & set(second)
    assert len(first) + len(second) == 12
    occurrences = Counter(_started_occurrences(world))
    assert sorted(occurrences) == list(range(12))
    assert set(occurrences.values()) == {1}
    assert len(instances_of(world, "monthly_report")) == 12


def test_a_scheduled_report_ends_as_bare_spiffworkflow_ends_on_the_same_data(world):
    """Bare SpiffWorkflow in memory with the one-fire recipe (SPIFFWORKFLOW-2.md §2.1), save/reload between steps."""
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(ELEMENTS / "monthly_report.bpmn")])
    bare = BpmnWorkflow(parser.get_spec("monthly_report"))
    start = next(t for t in bare.get_tasks() if isinstance(t.task_spec, StartEvent))
    start._set_internal_data(event_value={"cycles": 1, "next": "2000-01-01T00:00:00+00:00", "duration": 1.0})
    bare.do_engine_steps()
    bare = serializer.deserialize_json(serializer.serialize_json(bare))
    task = bare.get_next_task(state=TaskState.READY, manual=True)
    task.set_data(opinion="本月无新增预警信息。")
    task.run()
    bare.do_engine_steps()
    bare = serializer.deserialize_json(serializer.serialize_json(bare))

    deploy(world, "monthly_report")
    world.clock.set(_at("2027-01-28T09:00:01+08:00"))
    [started] = _sweep(world)
    [step] = open_tasks(world, started)
    complete(world, "wang.clerk", step.id, {"opinion": "本月无新增预警信息。"})

    assert bare.is_completed()
    assert instance(world, started).status == "completed"
    ours = {k: v for k, v in workflow_data(world, started).items() if k != "business_key"}
    assert ours == bare.data
