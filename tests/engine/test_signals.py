"""Signals between instances (issue 11 §2): one throw, every listener hears it, each in its own transaction.

tests/data/bpmn/elements/signal_sender.bpmn (材料室收齐材料后发出“材料齐备通知”), signal_listener.bpmn (a
registration waiting for the materials at an intermediate catch while a supplement step carries a signal
boundary event) and signal_archive.bpmn (a signal start event) model 第二十五条: the registration form is
filled once the materials are complete, and each case's materials are archived (一案一例台帐). Every step is
its own transaction, restored from the stored state.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

import engine
from engine import jobs
from engine import signals
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import make_session_factory
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Incident
from engine.models import Job
from engine.models import SignalSubscription
from engine.operations.definitions import deploy_definition
from engine.seed import seed_demo
from tests.engine.conftest import World
from tests.engine.starts_support import ELEMENTS
from tests.engine.starts_support import audit_count
from tests.engine.starts_support import complete
from tests.engine.starts_support import deploy
from tests.engine.starts_support import instance
from tests.engine.starts_support import instances_of
from tests.engine.starts_support import open_tasks
from tests.engine.starts_support import start
from tests.engine.test_worker_concurrency import _run_in_threads

OPINION = {"opinion": "材料已齐备"}


def _signal_jobs(world) -> list[Job]:
    with world.factory() as session:
        return list(session.execute(select(Job).where(Job.kind == "signal").order_by(Job.id)).scalars())


def _subscriptions(world) -> Counter:
    with world.factory() as session:
        return Counter((s.instance_id, s.name) for s in session.execute(select(SignalSubscription)).scalars())


def _steps(world, instance_id: int) -> dict[str, str]:
    with world.factory() as session:
        return {t.bpmn_id: t.status for t in session.execute(
            select(HumanTask).where(HumanTask.instance_id == instance_id)).scalars()}


def _throw(world) -> int:
    """Start the materials office's process and complete its step: it throws 材料齐备通知."""
    sender = start(world, "wang.clerk", "signal_sender")
    [collect] = open_tasks(world, sender)
    complete(world, "wang.clerk", collect.id, OPINION)
    return sender


def test_a_signal_reaches_every_waiting_instance_and_starts_the_archive_第二十五条(world):
    deploy(world, "signal_sender", "signal_listener", "signal_archive")
    first = start(world, "wang.clerk", "signal_listener")
    second = start(world, "xu.clerk", "signal_listener")
    # Each registration waits at two catches of the signal: the intermediate catch and the boundary event.
    assert _subscriptions(world) == Counter({(first, "材料齐备通知"): 2, (second, "材料齐备通知"): 2})
    sender = _throw(world)
    assert instance(world, sender).status == "completed"
    # The throw committed with the sender's step: one delivery job per listening instance, none yet run ...
    assert [(j.instance_id, j.status, j.payload["signal"]) for j in _signal_jobs(world)] == \
        [(first, "scheduled", "材料齐备通知"), (second, "scheduled", "材料齐备通知")]
    assert _steps(world, first) == {"request_supplement": "open"}
    # ... and the archive, whose start event catches the signal, started in the same transaction.
    [archive] = instances_of(world, "signal_archive")
    assert [t.bpmn_id for t in open_tasks(world, archive.id)] == ["archive_materials"]
    assert audit_count(world, "signal.thrown") == 1

    report = engine.run_due_jobs(world.factory, world.clock)
    assert sorted(report.fired) == [j.id for j in _signal_jobs(world)]
    for listener in (first, second):
        # The waiting registration went on; the supplement step was interrupted by its boundary event.
        assert _steps(world, listener) == {"request_supplement": "cancelled", "fill_registration": "open"}
    assert {j.status for j in _signal_jobs(world)} == {"done"}
    assert audit_count(world, "signal.delivered") == 2
    assert _subscriptions(world) == Counter()
    for listener in (first, second):
        complete(world, "wang.clerk", open_tasks(world, listener)[0].id, OPINION)
        assert instance(world, listener).status == "completed"
    # A second sweep delivers nothing again.
    assert engine.run_due_jobs(world.factory, world.clock).fired == []


def test_a_listener_that_moved_on_before_the_worker_came_drops_the_signal(world):
    deploy(world, "signal_sender", "signal_listener")
    listener = start(world, "wang.clerk", "signal_listener")
    _throw(world)
    # Meanwhile the supplement is done; the intermediate catch still waits, so the signal is still heard.
    complete(world, "wang.clerk", open_tasks(world, listener)[0].id, OPINION)
    engine.run_due_jobs(world.factory, world.clock)
    assert _steps(world, listener) == {"request_supplement": "completed", "fill_registration": "open"}
    # A second throw finds nobody waiting: no job is written for a completed catch.
    complete(world, "wang.clerk", open_tasks(world, listener)[0].id, OPINION)
    _throw(world)
    assert [j.status for j in _signal_jobs(world)] == ["done"]


def test_a_delivery_that_fails_is_retried_then_held_as_an_incident_never_a_500(world, monkeypatch):
    deploy(world, "signal_sender", "signal_listener")
    listener = start(world, "wang.clerk", "signal_listener")

    def broken(loaded, job, clock):
        raise RuntimeError("receiver failed")

    monkeypatch.setattr(signals, "deliver", broken)
    sender = _throw(world)
    assert instance(world, sender).status == "completed"  # the thrower's step is never undone by a listener
    for _ in range(3):  # SECURITY.md 10: three tries with backoff, then an incident
        engine.run_due_jobs(world.factory, world.clock)
        world.clock.advance(minutes=20)
    [job] = _signal_jobs(world)
    assert (job.status, job.retries_left) == ("failed", 0)
    assert instance(world, listener).status == "incident"
    with world.factory() as session:
        [incident] = session.execute(select(Incident)).scalars().all()
        assert (incident.instance_id, incident.job_id, incident.status) == (listener, job.id, "open")
    # Once the fault is fixed, the supervisor's retry delivers it.
    monkeypatch.undo()
    with unit_of_work(world.factory) as session:
        engine.retry_incident(session, world.clock, world.actor(session, "zhang.secretary"), incident.id)
    engine.run_due_jobs(world.factory, world.clock)
    assert _steps(world, listener) == {"request_supplement": "cancelled", "fill_registration": "open"}


def test_the_listener_ends_as_bare_spiffworkflow_ends_on_the_same_signal(world):
    """Bare SpiffWorkflow in memory, the signal carried across by hand (SPIFFWORKFLOW-2.md §5.2)."""
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))

    def reload(workflow):
        return serializer.deserialize_json(serializer.serialize_json(workflow))

    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(ELEMENTS / "signal_sender.bpmn"), str(ELEMENTS / "signal_listener.bpmn")])
    sender = BpmnWorkflow(parser.get_spec("signal_sender"))
    listener = reload(BpmnWorkflow(parser.get_spec("signal_listener")))
    listener.do_engine_steps()
    sender.do_engine_steps()
    task = sender.get_next_task(state=TaskState.READY, manual=True)
    task.set_data(**OPINION)
    task.run()
    sender.do_engine_steps()
    [thrown] = sender.get_events()
    listener = reload(listener)
    listener.send_event(thrown)
    listener.do_engine_steps()
    listener = reload(listener)
    task = listener.get_next_task(state=TaskState.READY, manual=True)
    task.set_data(**OPINION)
    task.run()
    listener.do_engine_steps()
    bare = sorted(t.task_spec.bpmn_id for t in listener.get_tasks(state=TaskState.COMPLETED) if t.task_spec.bpmn_id)

    deploy(world, "signal_sender", "signal_listener")
    listener_id = start(world, "wang.clerk", "signal_listener")
    _throw(world)
    engine.run_due_jobs(world.factory, world.clock)
    complete(world, "wang.clerk", open_tasks(world, listener_id)[0].id, OPINION)
    assert listener.is_completed() and instance(world, listener_id).status == "completed"
    assert "supplement_overtaken" in bare and "request_supplement" not in bare
    assert _steps(world, listener_id) == {"request_supplement": "cancelled", "fill_registration": "completed"}


def test_deploying_a_signal_start_makes_it_a_system_start_not_startable_by_hand(world):
    deploy(world, "signal_archive")
    with world.factory() as session:
        from engine.models import ProcessStart

        [row] = session.execute(select(ProcessStart).where(ProcessStart.key == "signal_archive")).scalars().all()
        assert (row.kind, row.message_name, row.roles) == ("signal", "材料齐备通知", [])


@pytest.mark.postgres
def test_two_workers_deliver_each_signal_once_on_postgresql(pg_session_factory):
    clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(pg_session_factory) as session:
        seed_demo(session, clock, password_hash="x")
    world = World(pg_session_factory, clock)
    deploy(world, "signal_sender", "signal_listener")
    listeners = [start(world, "wang.clerk", "signal_listener") for _ in range(20)]
    _throw(world)
    assert len(_signal_jobs(world)) == 20
    bind = pg_session_factory.kw["bind"]
    fired: dict[str, list[int]] = {"w1": [], "w2": []}

    def worker(owner: str):
        def sweep_until_idle():
            factory = make_session_factory(bind)
            while True:
                report = jobs.run_due_jobs(factory, world.clock, owner=owner, limit=3)
                fired[owner].extend(report.fired)
                if not report.acquired:
                    return
        return sweep_until_idle

    _run_in_threads(worker("w1"), worker("w2"))
    assert not set(fired["w1"]) & set(fired["w2"])
    assert sorted(fired["w1"] + fired["w2"]) == [j.id for j in _signal_jobs(world)]
    with pg_session_factory() as session:
        delivered = session.execute(select(AuditEvent.object_id).where(
            AuditEvent.action == "signal.delivered")).scalars().all()
        assert sorted(delivered) == sorted(str(j.id) for j in _signal_jobs(world))
    for listener in listeners:
        assert _steps(world, listener) == {"request_supplement": "cancelled", "fill_registration": "open"}


def test_a_signal_from_another_instance_starts_a_waiting_event_subprocess_第十三条(world):
    """element_event_subprocess_signal.bpmn registers supplementary material (登记补充材料) in a non-interrupting
    event subprocess while the clue's review goes on; here the materials office's signal starts it."""
    xml = (ELEMENTS / "element_event_subprocess_signal.bpmn").read_text(encoding="utf-8")
    xml = xml.replace('name="材料已补充"/>', 'name="材料齐备通知"/>', 1)
    with unit_of_work(world.factory) as session:
        deploy_definition(session, world.clock, engine.SYSTEM, "element_event_subprocess_signal.bpmn", xml.encode())
    deploy(world, "signal_sender")
    with unit_of_work(world.factory) as session:
        reviewing = engine.start_process(session, world.clock, engine.SYSTEM, "element_event_subprocess_signal",
                                         {}).instance.id
    assert set(_subscriptions(world)) == {(reviewing, "材料齐备通知")}
    _throw(world)
    engine.run_due_jobs(world.factory, world.clock)
    steps = _steps(world, reviewing)
    assert steps["register_supplement"] == "open" and steps["review_clue"] == "open"
    assert audit_count(world, "signal.delivered") == 1
