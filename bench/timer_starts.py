"""Timer-start sweep (issue 11 "Done when"): acquire what is due among 10,000 scheduled starts, then start it.

Two numbers, each beside its bare-SpiffWorkflow floor of the same run:
* acquiring the due occurrences (``engine.starts.acquire_due_starts``, the worker's query and lock) among
  ``scheduled`` schedules, of which ``due`` are due; target ≤ 100 ms. Bare SpiffWorkflow has no scheduler:
  its floor is finding the due ones among as many in-memory timer values (a list scan);
* starting the due instances (``engine.starts.run_due_starts``: one transaction per occurrence, to the first
  user step), beside bare SpiffWorkflow starting as many from the same timer start event in memory.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import text

from bench.stats import Timings
from bench.workloads import Database
from engine.actors import SYSTEM
from engine.db import unit_of_work
from engine.operations.definitions import deploy_definition
from engine.starts import acquire_due_starts
from engine.starts import run_due_starts

#: the diagram drawn for timer start events: monthly reporting on the 28th (seed 001)
DIAGRAM = Path(__file__).resolve().parent.parent / "tests" / "data" / "bpmn" / "elements" / "monthly_report.bpmn"
KEY = "monthly_report"


def _stamp(instant: dt.datetime) -> str:
    return instant.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _populate(db: Database, scheduled: int, due: int) -> None:
    """Deploy the diagram (one schedule), then add schedules up to ``scheduled``, ``due`` of them due."""
    now = db.clock.now()
    with unit_of_work(db.factory) as session:
        definition, _ = deploy_definition(session, db.clock, SYSTEM, DIAGRAM.name, DIAGRAM.read_bytes())
        params = {"d": definition.id, "n": scheduled - 1, "due": due, "now": _stamp(now),
                  "past": _stamp(now - dt.timedelta(minutes=1)), "far": _stamp(now + dt.timedelta(days=365))}
        columns = "key, definition_id, start_event_id, timer_kind, expression, next_due_at, fired, created_at"
        cast = "CAST({} AS timestamp)" if db.schema else "{}"
        values = (f"SELECT '{KEY}', :d, 'every_28th', 'timeCycle', 'R/2027-01-28T09:00:00+08:00/P1M', "
                  f"CASE WHEN x <= :due THEN {cast.format(':past')} ELSE {cast.format(':far')} END, 0, "
                  f"{cast.format(':now')}")
        if db.schema:
            session.execute(text(f"INSERT INTO start_schedule ({columns}) {values} FROM generate_series(1, :n) AS x"),
                            params)
        else:
            session.execute(text(f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) "
                                 f"INSERT INTO start_schedule ({columns}) {values} FROM c"), params)


def timer_start_workload(db: Database, scheduled: int = 10_000, due: int = 100) -> dict:
    """Time acquiring the due occurrences (rolled back, five times), then starting them for real."""
    _populate(db, scheduled, due)
    acquire = Timings()
    for _ in range(5):
        with db.factory() as session, session.begin():
            t0 = time.perf_counter()
            taken = acquire_due_starts(session, db.clock, limit=due)
            acquire.add(time.perf_counter() - t0)
            assert len(taken) == due, len(taken)
            session.rollback()
    t0 = time.perf_counter()
    report = run_due_starts(db.factory, db.clock, limit=due)
    seconds = time.perf_counter() - t0
    assert len(report.started) == due and not report.failed, report
    return {"acquire": acquire, "starts_per_s": due / seconds}


def bare_timer_starts(scheduled: int = 10_000, due: int = 100) -> dict:
    """The floor: find the due values among as many in memory, start as many instances from the timer start."""
    now = dt.datetime.now(dt.UTC)
    values = [now - dt.timedelta(minutes=1) if n < due else now + dt.timedelta(days=365) for n in range(scheduled)]
    scan = Timings()
    for _ in range(5):
        t0 = time.perf_counter()
        found = [n for n, value in enumerate(values) if value <= now]
        scan.add(time.perf_counter() - t0)
        assert len(found) == due
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(DIAGRAM)])
    spec = parser.get_spec(KEY)
    t0 = time.perf_counter()
    for _ in range(due):
        workflow = BpmnWorkflow(spec)
        start = next(t for t in workflow.get_tasks() if isinstance(t.task_spec, StartEvent))
        start._set_internal_data(event_value={"cycles": 1, "next": "2000-01-01T00:00:00+00:00", "duration": 1.0})
        workflow.do_engine_steps()
        assert workflow.get_next_task(state=TaskState.READY, manual=True) is not None
    return {"scan": scan, "starts_per_s": due / (time.perf_counter() - t0)}
