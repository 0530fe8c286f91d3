"""The timer worker: acquire due jobs exclusively, fire them, retry with backoff, open incidents.

Semantics follow Camunda's job executor (SECURITY.md 6–10): a job is acquirable when it is due, its
lock is free or expired, it has retries left and its instance is running. PostgreSQL workers acquire with
``FOR UPDATE SKIP LOCKED``; on SQLite a conditional UPDATE decides. Delivery is at least once: firing an
already-fired timer changes nothing, so a job run twice yields one state change.
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import socket
import threading
import uuid
from dataclasses import dataclass
from dataclasses import field

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import and_
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from engine import audit
from engine import signals
from engine.actors import SYSTEM
from engine.clock import Clock
from engine.clock import SystemClock
from engine.db import is_postgres
from engine.db import lost_a_lock_race
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.errors import NotFound
from engine.incidents import ENGINE_KINDS
from engine.incidents import RUNTIME_FAULTS
from engine.incidents import describe_fault
from engine.incidents import retry_engine_incident
from engine.models.instances import InstanceStatus
from engine.models.instances import ProcessInstance
from engine.models.jobs import JOB_RETRIES
from engine.models.jobs import Incident
from engine.models.jobs import IncidentStatus
from engine.models.jobs import Job
from engine.models.jobs import JobStatus
from engine.notifications import notify_new_tasks
from engine.runtime import advance
from engine.runtime import armed_timers
from engine.runtime import find_task
from engine.runtime import load_instance
from engine.runtime import save
from engine.signals import SIGNAL_JOB
from engine.starts import run_due_starts

#: how long a worker owns an acquired job before others may take it over (SECURITY.md 8); the default of the
#: setting JOB_LEASE_SECONDS. Longer than any one job's run, short enough that a killed worker's timers wait
#: minutes, not hours.
LOCK_DURATION = dt.timedelta(minutes=5)
#: A lease measures how long a worker process may have been gone, so it runs on wall time: on the demo
#: clock a killed worker's locks outlived it until someone moved the clock (issue 14 §2).
WALL_CLOCK: Clock = SystemClock()
#: waits before the 2nd and 3rd attempt (SECURITY.md 10)
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=15))


def new_worker_id() -> str:
    """Return a lock-owner id unique per process, thread and call."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"


def _acquirable(now: dt.datetime, wall_now: dt.datetime):
    return and_(
        Job.status == JobStatus.SCHEDULED,
        Job.due_at <= now,
        Job.retries_left > 0,
        or_(Job.lock_owner.is_(None), Job.lock_expires_at < wall_now),
        Job.instance_id.in_(select(ProcessInstance.id).where(ProcessInstance.status == InstanceStatus.RUNNING)),
    )


def acquire_jobs(session: Session, clock: Clock, owner: str, limit: int = 50, *,
                 lease_clock: Clock = WALL_CLOCK, lease: dt.timedelta = LOCK_DURATION) -> list[int]:
    """Lock up to ``limit`` acquirable jobs for ``owner`` for ``lease`` and return their ids (caller commits).

    ``clock`` says which timers are due (the demo clock may be moved); ``lease_clock`` times the locks.
    """
    if lease <= dt.timedelta(0):
        raise ValueError("a job lease must be positive")
    now = clock.now()
    wall_now = lease_clock.now()
    expires = wall_now + lease
    candidates = select(Job.id).where(_acquirable(now, wall_now)).order_by(Job.due_at, Job.id).limit(limit)
    if is_postgres(session):
        ids = session.execute(candidates.with_for_update(skip_locked=True)).scalars().all()
        if ids:
            session.execute(update(Job).where(Job.id.in_(ids)).values(lock_owner=owner, lock_expires_at=expires))
        return list(ids)
    acquired = []
    for job_id in session.execute(candidates).scalars().all():
        won = session.execute(
            update(Job).where(Job.id == job_id, or_(Job.lock_owner.is_(None), Job.lock_expires_at < wall_now))
            .values(lock_owner=owner, lock_expires_at=expires)
        ).rowcount
        if won:
            acquired.append(job_id)
    return acquired


@dataclass
class SweepReport:
    """What one sweep did."""

    acquired: int = 0
    fired: list[int] = field(default_factory=list)
    not_yet: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    incidents: list[int] = field(default_factory=list)
    #: instances started by timer start events (engine.starts)
    started: list[int] = field(default_factory=list)


def run_due_jobs(factory: sessionmaker[Session], clock: Clock, *, owner: str | None = None,
                 limit: int = 100, lease_clock: Clock = WALL_CLOCK,
                 lease: dt.timedelta = LOCK_DURATION) -> SweepReport:
    """Acquire due jobs and fire each in its own transaction, then start what timer start events make due."""
    owner = owner or new_worker_id()
    report = SweepReport()
    with unit_of_work(factory) as session:
        job_ids = acquire_jobs(session, clock, owner, limit, lease_clock=lease_clock, lease=lease)
    report.acquired = len(job_ids)
    for job_id in job_ids:
        run_job(factory, clock, job_id, owner, report)
    report.started = run_due_starts(factory, clock).started
    return report


def run_job(factory: sessionmaker[Session], clock: Clock, job_id: int, owner: str, report: SweepReport) -> None:
    """Fire one acquired timer job; on failure retry later or open an incident."""
    try:
        with unit_of_work(factory) as session:
            job = session.get(Job, job_id)
            if job is None or job.lock_owner != owner:
                return  # another worker took it over after our lock expired
            if job.status != JobStatus.SCHEDULED:
                # A completion cancelled it while we held the lock (it could not see our lock yet).
                _release(job)
                return
            loaded = load_instance(session, job.instance_id)
            if job.kind == SIGNAL_JOB:
                _deliver_signal(session, clock, job, loaded, report)
                return
            # None when a completion pruned the timer with its step: a job delivered again is cancelled.
            timer = find_task(loaded.workflow, job.task_uuid)
            if timer is None or timer.state != TaskState.WAITING:
                job.status, job.finished_at = JobStatus.CANCELLED, clock.now()
                _release(job)
                return
            armed_as = copy.deepcopy(timer.internal_data.get("event_value"))
            advance(loaded, clock)
            # A cycle (R3/PT1H) that fired stays WAITING with its next repetition armed (SPIFFWORKFLOW-2.md §2.2):
            # only an unchanged armed value means "not yet". Judging by the state alone fired it in memory on
            # every sweep and threw that away, so a reminder never fired (issue 11).
            if timer.state == TaskState.WAITING and timer.internal_data.get("event_value") == armed_as:
                # Due but not yet past (SpiffWorkflow fires strictly after the instant): try next sweep.
                _release(job)
                report.not_yet.append(job_id)
                return
            if timer.state == TaskState.WAITING and timer.internal_data.get("event_fired"):
                # A cycle's last repetition leaves its timer spent but waiting until the next refresh: close it
                # in this run, so that no job is kept for a timer that will never fire again.
                advance(loaded, clock)
            fired_due = job.due_at
            rearmed = timer.state == TaskState.WAITING  # a cycle with repetitions left: the same job, re-armed
            if not rearmed:
                # Done before the save re-projects the timers: the projection leaves a fired job alone instead of
                # cancelling it as a timer no longer armed (a job moves once: scheduled -> done).
                job.status, job.finished_at = JobStatus.DONE, clock.now()
            _release(job)
            result = save(session, loaded, clock)
            if rearmed:
                _rearm(job, loaded)
            case_id = loaded.row.case_id
            audit.record(session, clock, SYSTEM, "timer.fired", "job", job.id, case_id=case_id,
                         after={"timer": job.bpmn_id, "due_at": fired_due.isoformat(),
                                "new_tasks": [t.bpmn_id for t in result.new_tasks],
                                # A timer on a step's boundary closes that step: the log says which one.
                                "cancelled_tasks": [t.bpmn_id for t in result.cancelled_tasks]})
            notify_new_tasks(session, clock, loaded.adapter, loaded.subject, result.new_tasks)
            report.fired.append(job_id)
    except Exception as exc:  # noqa: BLE001 - any handler failure is recorded on the job, never lost
        if isinstance(exc, ConcurrencyConflict) or lost_a_lock_race(exc):
            # Someone advanced the instance meanwhile: not the job's fault, so no retry is used (SECURITY.md 10).
            with unit_of_work(factory) as session:
                job = session.get(Job, job_id)
                if job is not None and job.lock_owner == owner:
                    _release(job)
            report.conflicts.append(job_id)
            return
        _record_failure(factory, clock, job_id, owner, exc, report)


def _deliver_signal(session: Session, clock: Clock, job: Job, loaded, report: SweepReport) -> None:
    """Deliver one signal thrown elsewhere to this instance, in the job's transaction (engine.signals)."""
    _release(job)
    job.finished_at = clock.now()
    if not signals.deliver(loaded, job, clock):
        # The catch was passed or cancelled before the worker came: BPMN drops a signal nobody waits for.
        job.status = JobStatus.CANCELLED
        return
    advance(loaded, clock)
    job.status = JobStatus.DONE
    result = save(session, loaded, clock)
    audit.record(session, clock, SYSTEM, "signal.delivered", "job", job.id, case_id=loaded.row.case_id,
                 after={"signal": job.payload["signal"], "payload": job.payload["payload"],
                        "receiver_instance_id": loaded.row.id,
                        "new_tasks": [t.bpmn_id for t in result.new_tasks],
                        "cancelled_tasks": [t.bpmn_id for t in result.cancelled_tasks]})
    notify_new_tasks(session, clock, loaded.adapter, loaded.subject, result.new_tasks)
    report.fired.append(job.id)


def _rearm(job: Job, loaded) -> None:
    """Keep a cycle's job scheduled for its next repetition (one job per timer: its task id is unique)."""
    next_due = next((due for uuid, _, due in armed_timers(loaded.workflow) if uuid == job.task_uuid), None)
    if next_due is not None:
        # save() moved the row already unless it was in backoff: a fired repetition starts the retries afresh.
        job.due_at, job.retries_left, job.last_error = next_due, JOB_RETRIES, None


def _release(job: Job) -> None:
    job.lock_owner = None
    job.lock_expires_at = None


def _record_failure(factory: sessionmaker[Session], clock: Clock, job_id: int, owner: str, exc: Exception,
                    report: SweepReport) -> None:
    with unit_of_work(factory) as session:
        job = session.get(Job, job_id)
        if job is None or job.lock_owner != owner:
            return
        now = clock.now()
        job.retries_left -= 1
        job.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        _release(job)
        if job.retries_left > 0:
            job.due_at = now + BACKOFF[min(JOB_RETRIES - job.retries_left - 1, len(BACKOFF) - 1)]
            report.failed.append(job_id)
            return
        job.status = JobStatus.FAILED
        # Supervisors read which element failed and why in Chinese; the library's words stay on the job.
        message = describe_fault(exc).message_zh if isinstance(exc, RUNTIME_FAULTS) else job.last_error
        incident = Incident(job_id=job.id, instance_id=job.instance_id, kind="failed_job",
                            message=message, status=IncidentStatus.OPEN, opened_at=now)
        session.add(incident)
        instance = session.get(ProcessInstance, job.instance_id)
        instance.status = InstanceStatus.INCIDENT
        session.flush()
        audit.record(session, clock, SYSTEM, "incident.opened", "incident", incident.id,
                     case_id=instance.case_id, after={"job": job.id, "error": job.last_error})
        report.incidents.append(incident.id)


def retry_incident(session: Session, clock: Clock, actor, incident_id: int) -> Incident:
    """Reopen a failed job for more retries, or re-run the engine at a held element (audited, SECURITY.md 10)."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound("故障记录不存在")
    if incident.kind in ENGINE_KINDS:
        return retry_engine_incident(session, clock, actor, incident)
    if incident.status != IncidentStatus.OPEN:
        raise ConcurrencyConflict("该故障已处理")
    now = clock.now()
    incident.status, incident.resolved_at, incident.resolved_by_id = IncidentStatus.RESOLVED, now, actor.user_id
    instance = session.get(ProcessInstance, incident.instance_id)
    instance.status = InstanceStatus.RUNNING
    if incident.job_id is not None:
        job = session.get(Job, incident.job_id)
        job.status, job.retries_left, job.due_at = JobStatus.SCHEDULED, JOB_RETRIES, now
        _release(job)
    audit.record(session, clock, actor, "incident.retried", "incident", incident.id, case_id=instance.case_id)
    return incident
