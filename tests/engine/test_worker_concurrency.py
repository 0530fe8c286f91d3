"""Timer workers racing each other and users: exclusive acquisition, per-instance exclusivity, loop guard.

SECURITY.md 7, 9, 10 and 12, on small diagrams deployed for the test (real instances, real timers, the
real sweep that ``lianjing worker`` runs).
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

import engine
from engine import jobs
from engine import runtime
from engine.actors import SYSTEM
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import make_session_factory
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Incident
from engine.models import Job
from engine.models import JobStatus
from engine.models import OutboxMessage
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.operations.definitions import deploy_definition
from engine.seed import seed_demo
from tests.engine.conftest import World

#: the demo's Monday morning; the diagrams' timers fall due the next day
START = dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
TIMER_DUE = "2026-11-03T00:00:00+00:00"
AFTER_DUE = dt.datetime(2026, 11, 4, tzinfo=UTC)

# A step any county clerk (wang.clerk, xu.clerk) may complete with just an opinion.
_STEP_PROPERTIES = """
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office"/>
          <spiffworkflow:property name="scope" value="county"/>
          <spiffworkflow:property name="formKey" value="follow_up_registration"/>
          <spiffworkflow:property name="stage" value="follow_up"/>
          <spiffworkflow:property name="article" value="第三十条"/>
        </spiffworkflow:properties>
      </bpmn:extensionElements>"""


def _diagram(process_id: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="{process_id}_definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{process_id}" name="{process_id}" isExecutable="true">{body}
  </bpmn:process>
</bpmn:definitions>"""


def _step(bpmn_id: str, name: str, incoming: str, outgoing: str | None) -> str:
    out = f"<bpmn:outgoing>{outgoing}</bpmn:outgoing>" if outgoing else ""
    return f"""
    <bpmn:userTask id="{bpmn_id}" name="{name}">{_STEP_PROPERTIES}
      <bpmn:incoming>{incoming}</bpmn:incoming>{out}
    </bpmn:userTask>"""


def _timer_on(step: str, outgoing: str) -> str:
    # An interrupting boundary timer with an absolute instant: when it fires, the step is cancelled.
    return f"""
    <bpmn:boundaryEvent id="{step}_overdue" name="逾期" attachedToRef="{step}">
      <bpmn:outgoing>{outgoing}</bpmn:outgoing>
      <bpmn:timerEventDefinition id="{step}_overdue_timer">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">'{TIMER_DUE}'</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>"""


# start → wait_here (timer on its boundary) → after_completion; the timer leads to after_timer.
TIMED_STEP = _diagram("timed_step", f"""
    <bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing></bpmn:startEvent>
    {_step("wait_here", "等待办理", "f_start", "f_done")}
    {_timer_on("wait_here", "f_overdue")}
    {_step("after_completion", "办理后", "f_done", "f_end1")}
    {_step("after_timer", "逾期后", "f_overdue", "f_end2")}
    <bpmn:endEvent id="end1"><bpmn:incoming>f_end1</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="end2"><bpmn:incoming>f_end2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="wait_here"/>
    <bpmn:sequenceFlow id="f_done" sourceRef="wait_here" targetRef="after_completion"/>
    <bpmn:sequenceFlow id="f_overdue" sourceRef="wait_here_overdue" targetRef="after_timer"/>
    <bpmn:sequenceFlow id="f_end1" sourceRef="after_completion" targetRef="end1"/>
    <bpmn:sequenceFlow id="f_end2" sourceRef="after_timer" targetRef="end2"/>""")

# start → request (timer on its boundary) → check ⇄ recheck: two exclusive gateways that send the token back
# and forth unless the opinion says "停止". No wait state inside the cycle, and the validator accepts it.
ENDLESS_LOOP = _diagram("endless_loop", f"""
    <bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing></bpmn:startEvent>
    {_step("request", "延期申请", "f_start", "f_submit")}
    {_timer_on("request", "f_overdue")}
    <bpmn:exclusiveGateway id="check" name="复核延期">
      <bpmn:incoming>f_submit</bpmn:incoming>
      <bpmn:incoming>f_overdue</bpmn:incoming>
      <bpmn:incoming>f_back</bpmn:incoming>
      <bpmn:outgoing>f_recheck</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:exclusiveGateway id="recheck" name="再次复核" default="f_back">
      <bpmn:incoming>f_recheck</bpmn:incoming>
      <bpmn:outgoing>f_back</bpmn:outgoing>
      <bpmn:outgoing>f_exit</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="end"><bpmn:incoming>f_exit</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="request"/>
    <bpmn:sequenceFlow id="f_submit" sourceRef="request" targetRef="check"/>
    <bpmn:sequenceFlow id="f_overdue" sourceRef="request_overdue" targetRef="check"/>
    <bpmn:sequenceFlow id="f_recheck" sourceRef="check" targetRef="recheck"/>
    <bpmn:sequenceFlow id="f_back" sourceRef="recheck" targetRef="check"/>
    <bpmn:sequenceFlow id="f_exit" sourceRef="recheck" targetRef="end">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">opinion == '停止'</bpmn:conditionExpression>
    </bpmn:sequenceFlow>""")


def _world_with(factory, *diagrams: tuple[str, str]) -> World:
    """The seeded county (users and roles only) with the given diagrams deployed."""
    clock = FixedClock(START)
    with unit_of_work(factory) as session:
        seed_demo(session, clock, password_hash="x")
        for process_id, xml in diagrams:
            deploy_definition(session, clock, SYSTEM, f"{process_id}.bpmn", xml.encode())
    return World(factory, clock)


def _start(world: World, key: str, count: int = 1, data: dict | None = None) -> list[int]:
    with unit_of_work(world.factory) as session:
        return [engine.start_process(session, world.clock, SYSTEM, key, dict(data or {})).instance.id
                for _ in range(count)]


def _open_task(world: World, instance_id: int, bpmn_id: str) -> HumanTask:
    with world.factory() as session:
        return session.execute(select(HumanTask).where(
            HumanTask.instance_id == instance_id, HumanTask.bpmn_id == bpmn_id,
            HumanTask.status == TaskStatus.OPEN)).scalar_one()


def _complete(world: World, factory, task_id: int, username: str, opinion: str) -> None:
    with unit_of_work(factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, username), task_id, {"opinion": opinion})


def _count(session, model, *where) -> int:
    return session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def _run_in_threads(*targets) -> None:
    """Run the callables in parallel threads; re-raise the first exception one of them raised."""
    errors: list[BaseException] = []

    def wrap(target):
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker thread hung"
    if errors:
        raise errors[0]


# --- SECURITY.md 7 and 9: two workers, 100 due timers ---------------------------------------------------

@pytest.fixture(params=[
    "session_factory",  # the suite's database: SQLite's conditional UPDATE, unless the suite runs on PostgreSQL
    pytest.param("pg_session_factory", marks=pytest.mark.postgres),  # FOR UPDATE SKIP LOCKED
])
def any_factory(request):
    return request.getfixturevalue(request.param)


def test_two_workers_fire_100_due_timers_once_each_SECURITY_7_9(any_factory, monkeypatch):
    world = _world_with(any_factory, ("timed_step", TIMED_STEP))
    instance_ids = _start(world, "timed_step", 100)
    with any_factory() as session:
        job_ids = set(session.execute(select(Job.id).where(Job.status == JobStatus.SCHEDULED)).scalars())
    assert len(job_ids) == 100
    world.clock.set(AFTER_DUE)

    # Each worker fires its first job only once both hold a locked batch: the two sweeps truly overlap
    # (otherwise one thread could sweep everything before the other starts and disjointness would be trivial).
    both_hold_a_batch = threading.Barrier(2, timeout=60)
    first_fire_done: set[str] = set()
    real_run_job = jobs.run_job

    def run_job(factory, clock, job_id, owner, report):
        if owner not in first_fire_done:
            first_fire_done.add(owner)
            both_hold_a_batch.wait()
        real_run_job(factory, clock, job_id, owner, report)

    # Record what each acquisition returned: two workers must never hold the same job, even if the
    # firing step's own owner check would hide a double acquisition.
    acquired: dict[str, list[int]] = {"w1": [], "w2": []}
    real_acquire = jobs.acquire_jobs

    both_acquire = threading.Barrier(2, timeout=60)
    first_acquire_done: set[str] = set()

    def acquire_jobs(session, clock, owner, limit=50, **lease):
        if owner not in first_acquire_done:
            first_acquire_done.add(owner)
            both_acquire.wait()  # the first acquisitions start together: they compete for the same rows
        ids = real_acquire(session, clock, owner, limit, **lease)
        acquired[owner].extend(ids)
        return ids

    monkeypatch.setattr(jobs, "run_job", run_job)
    monkeypatch.setattr(jobs, "acquire_jobs", acquire_jobs)
    reports: dict[str, list[jobs.SweepReport]] = {"w1": [], "w2": []}
    bind = any_factory.kw["bind"]

    def worker(owner: str):
        def sweep_until_idle():
            factory = make_session_factory(bind)  # each worker its own sessions and lock owner
            while True:
                report = jobs.run_due_jobs(factory, world.clock, owner=owner, limit=10)
                reports[owner].append(report)
                if not report.acquired:
                    return
        return sweep_until_idle

    _run_in_threads(worker("w1"), worker("w2"))

    assert not set(acquired["w1"]) & set(acquired["w2"])
    assert sorted(acquired["w1"] + acquired["w2"]) == sorted(job_ids)  # each job acquired exactly once
    fired = {owner: [job for r in rs for job in r.fired] for owner, rs in reports.items()}
    assert fired["w1"] and fired["w2"], "both workers must have fired timers"
    assert not set(fired["w1"]) & set(fired["w2"])
    assert len(fired["w1"]) + len(fired["w2"]) == 100
    assert set(fired["w1"]) | set(fired["w2"]) == job_ids
    # No timer lost a race to anything: none conflicted, failed, was early or opened an incident.
    for report in reports["w1"] + reports["w2"]:
        assert not (report.conflicts or report.failed or report.not_yet or report.incidents)
    with any_factory() as session:
        fired_events = session.execute(select(AuditEvent.object_id).where(AuditEvent.action == "timer.fired")).scalars()
        assert Counter(fired_events) == Counter(str(job_id) for job_id in job_ids)
        done = session.execute(select(Job).where(Job.id.in_(job_ids))).scalars().all()
        assert {(j.status, j.lock_owner, j.lock_expires_at, j.retries_left) for j in done} == \
               {(JobStatus.DONE, None, None, 3)}
        assert _count(session, Job, Job.status == JobStatus.SCHEDULED) == 0
        # Every instance moved exactly once: the overdue step opened once, the interrupted step cancelled.
        after_timer = Counter(session.execute(select(HumanTask.instance_id).where(
            HumanTask.bpmn_id == "after_timer", HumanTask.status == TaskStatus.OPEN)).scalars())
        assert after_timer == Counter(instance_ids)
        assert _count(session, HumanTask, HumanTask.bpmn_id == "wait_here",
                      HumanTask.status == TaskStatus.CANCELLED) == 100
        assert _count(session, HumanTask, HumanTask.bpmn_id == "after_completion") == 0
        assert _count(session, ProcessInstance, ProcessInstance.status != "running") == 0
        report = engine.verify_audit_chain(session)
        assert report.ok and report.checked >= 200  # deployments, 100 starts, 100 firings


# --- SECURITY.md 9: a timer and a user on the same instance ---------------------------------------------

def _blocked(thread: threading.Thread, seconds: float = 1.5) -> bool:
    thread.join(timeout=seconds)
    return thread.is_alive()


@pytest.mark.postgres
def test_user_completing_while_timer_fires_waits_then_loses_SECURITY_9(pg_session_factory, monkeypatch):
    world = _world_with(pg_session_factory, ("timed_step", TIMED_STEP))
    [instance_id] = _start(world, "timed_step")
    task = _open_task(world, instance_id, "wait_here")
    world.clock.set(AFTER_DUE)

    # Hold the worker inside the firing, after it has loaded (and locked) the instance.
    worker_inside, let_worker_go = threading.Event(), threading.Event()
    real_advance = jobs.advance

    def paused_advance(loaded, clock):
        worker_inside.set()
        assert let_worker_go.wait(30)
        real_advance(loaded, clock)

    monkeypatch.setattr(jobs, "advance", paused_advance)
    sweep: list[jobs.SweepReport] = []
    user: list[BaseException | None] = []

    def complete():
        try:
            _complete(world, pg_session_factory, task.id, "wang.clerk", "按时办理")
            user.append(None)
        except BaseException as exc:  # noqa: BLE001 - inspected below
            user.append(exc)

    worker = threading.Thread(target=lambda: sweep.append(engine.run_due_jobs(pg_session_factory, world.clock)))
    worker.start()
    assert worker_inside.wait(30)
    completer = threading.Thread(target=complete)
    completer.start()
    # While the worker advances the instance, the user's request may not advance it too: it must wait.
    assert _blocked(completer)
    let_worker_go.set()
    worker.join(30)
    completer.join(30)

    # The worker won; the user was told the step is gone (409), not a server error or a deadlock.
    assert len(sweep[0].fired) == 1 and not sweep[0].failed and not sweep[0].conflicts
    assert isinstance(user[0], ConcurrencyConflict), repr(user[0])
    with pg_session_factory() as session:
        assert _count(session, AuditEvent, AuditEvent.action == "timer.fired") == 1
        assert _count(session, AuditEvent, AuditEvent.action == "task.completed") == 0
        assert session.get(HumanTask, task.id).status == TaskStatus.CANCELLED
        assert [t.bpmn_id for t in session.execute(select(HumanTask).where(
            HumanTask.status == TaskStatus.OPEN)).scalars()] == ["after_timer"]
        assert engine.verify_audit_chain(session).ok


@pytest.mark.postgres
def test_timer_firing_while_user_completes_waits_then_is_cancelled_SECURITY_9(pg_session_factory, monkeypatch):
    world = _world_with(pg_session_factory, ("timed_step", TIMED_STEP))
    [instance_id] = _start(world, "timed_step")
    task = _open_task(world, instance_id, "wait_here")
    world.clock.set(AFTER_DUE)

    # Hold the user's request inside the completion, after it has locked the task and the instance.
    user_inside, let_user_go = threading.Event(), threading.Event()
    real_complete = runtime.complete_user_task

    def paused_complete(loaded, task_uuid, data, clock):
        user_inside.set()
        assert let_user_go.wait(30)
        real_complete(loaded, task_uuid, data, clock)

    monkeypatch.setattr("engine.operations.tasks.complete_user_task", paused_complete)
    sweep: list[jobs.SweepReport] = []
    completer = threading.Thread(target=_complete, args=(world, pg_session_factory, task.id, "wang.clerk", "按时办理"))
    completer.start()
    assert user_inside.wait(30)
    worker = threading.Thread(target=lambda: sweep.append(engine.run_due_jobs(pg_session_factory, world.clock)))
    worker.start()
    # The job is acquired, but firing it needs the instance the user is advancing: the worker waits.
    assert _blocked(worker)
    let_user_go.set()
    completer.join(30)
    worker.join(30)

    # The user won; the worker then saw the completed step and dropped its timer without firing it.
    assert not sweep[0].fired and not sweep[0].failed and not sweep[0].incidents
    with pg_session_factory() as session:
        assert _count(session, AuditEvent, AuditEvent.action == "task.completed") == 1
        assert _count(session, AuditEvent, AuditEvent.action == "timer.fired") == 0
        job = session.execute(select(Job)).scalar_one()
        assert (job.status, job.lock_owner, job.retries_left) == (JobStatus.CANCELLED, None, 3)
        assert [t.bpmn_id for t in session.execute(select(HumanTask).where(
            HumanTask.status == TaskStatus.OPEN)).scalars()] == ["after_completion"]


def test_redelivered_job_whose_step_was_completed_is_cancelled_not_failed_SECURITY_8_10(session_factory):
    world = _world_with(session_factory, ("timed_step", TIMED_STEP))
    [instance_id] = _start(world, "timed_step")
    _complete(world, session_factory, _open_task(world, instance_id, "wait_here").id, "wang.clerk", "按时办理")
    world.clock.set(AFTER_DUE)
    # At-least-once delivery: a worker holds the job as it was before the completion cancelled it (the row as
    # a worker that locked it concurrently sees it). Running it again must change nothing and cost no retry.
    # Written behind the ORM's back: no status may move back from cancelled (engine/lifecycle.py).
    with unit_of_work(session_factory) as session:
        job = session.execute(select(Job)).scalar_one()
        session.execute(update(Job).where(Job.id == job.id).values(
            status=JobStatus.SCHEDULED, finished_at=None, lock_owner="w1",
            lock_expires_at=AFTER_DUE + jobs.LOCK_DURATION))
    report = jobs.SweepReport()

    jobs.run_job(session_factory, world.clock, job.id, "w1", report)

    with session_factory() as session:
        job = session.get(Job, job.id)
        assert (report.failed, report.fired, job.last_error) == ([], [], None)
        assert (job.status, job.retries_left, job.lock_owner) == (JobStatus.CANCELLED, 3, None)
        assert _count(session, AuditEvent, AuditEvent.action == "timer.fired") == 0


# --- SECURITY.md 12: the loop guard ----------------------------------------------------------------------

def _snapshot(factory) -> tuple:
    with factory() as session:
        return (
            *(_count(session, model) for model in (AuditEvent, Job, OutboxMessage, Incident)),
            tuple(session.execute(select(HumanTask.id, HumanTask.status, HumanTask.version)
                                  .order_by(HumanTask.id)).all()),
            tuple(session.execute(select(ProcessInstance.id, ProcessInstance.version, ProcessInstance.step_count,
                                         ProcessInstance.state).order_by(ProcessInstance.id)).all()),
        )


def test_completion_into_an_endless_loop_trips_the_guard_and_writes_nothing_SECURITY_12(session_factory):
    world = _world_with(session_factory, ("endless_loop", ENDLESS_LOOP))
    [instance_id] = _start(world, "endless_loop")
    task = _open_task(world, instance_id, "request")
    before = _snapshot(session_factory)

    with pytest.raises(runtime.LoopGuardTripped) as tripped:
        _complete(world, session_factory, task.id, "wang.clerk", "继续")

    # The message names the looping element (the first one of the cycle) in Chinese and the limit, and the
    # step's one transaction is undone: no task, job, audit, outbox or instance change survives.
    assert tripped.value.message_zh == f"流程在“复核延期”处循环超过{runtime.LOOP_GUARD_LIMIT}次,已停止"
    assert tripped.value.details == {"element": "check"} and tripped.value.status == 409
    assert _snapshot(session_factory) == before
    # The diagram's way out still works: the guard stopped a loop, not the instance.
    _complete(world, session_factory, task.id, "wang.clerk", "停止")
    with session_factory() as session:
        assert session.get(ProcessInstance, instance_id).status == "completed"


def test_timer_into_an_endless_loop_opens_an_incident_instead_of_looping_SECURITY_10_12(session_factory):
    world = _world_with(session_factory, ("endless_loop", ENDLESS_LOOP))
    # The opinion the loop's exit tests is already set, as if an earlier round had written it.
    [instance_id] = _start(world, "endless_loop", data={"opinion": "继续"})
    world.clock.set(AFTER_DUE)

    # Each attempt trips the guard and is rolled back; the backoff (1, 5, 15 minutes) spaces the tries.
    reports = []
    for _ in range(3):
        reports.append(engine.run_due_jobs(session_factory, world.clock))
        world.clock.advance(minutes=20)

    assert [len(r.failed) for r in reports] == [1, 1, 0] and len(reports[2].incidents) == 1
    assert not any(r.fired for r in reports)
    with session_factory() as session:
        incident = session.execute(select(Incident)).scalar_one()
        assert incident.instance_id == instance_id and "LoopGuardTripped" in incident.message
        assert f"循环超过{runtime.LOOP_GUARD_LIMIT}次" in incident.message
        assert session.get(ProcessInstance, instance_id).status == "incident"
        job = session.get(Job, incident.job_id)
        assert (job.status, job.retries_left) == (JobStatus.FAILED, 0)
        # The step the timer would have interrupted is still open: no pass of the loop was kept.
        assert session.execute(select(HumanTask.bpmn_id, HumanTask.status)).all() == [("request", TaskStatus.OPEN)]
        assert _count(session, AuditEvent, AuditEvent.action == "timer.fired") == 0
        assert _count(session, AuditEvent, AuditEvent.action == "incident.opened") == 1
        assert engine.verify_audit_chain(session).ok
