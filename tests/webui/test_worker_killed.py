"""A worker killed while it holds a timer (issue 14 §2, SECURITY.md 8): real processes on PostgreSQL.

The first worker is the real sweep (``webui.cli.sweep_once``) in its own process, stopped inside the job it
took and then killed with SIGKILL: nothing of it runs again, not even a ``finally``. A second worker, the
real ``lianjing worker`` command, must leave the timer alone while the dead worker's lease lasts and fire it
within one sweep after the lease ends. The lease runs on wall time while the demo clock stands still
(``LIANJING_CLOCK=manual``): both workers read the same frozen instant from the database.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy import text

from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Job
from engine.models import JobStatus
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from tests.engine.conftest import World
from tests.engine.conftest import register
from tests.engine.test_correction_case import approve_correction_up_to_receipt

pytestmark = pytest.mark.postgres

LIANJING = Path(sys.executable).parent / "lianjing"
LEASE_SECONDS = 4
SWEEP_SECONDS = 0.5
#: the frozen demo clock: the correction's deadline (一个月, 第三十条) has passed by then
DEMO_NOW = "2026-12-04T00:00:00+00:00"
#: a loaded CI machine may take this long to start the second worker's Python and make its first sweep
STARTUP_SLACK = dt.timedelta(seconds=20)

#: The first worker: the real sweep, with the real lease from the settings, that stops inside the job it took.
HOLDING_WORKER = """
import time
import engine.jobs
from webui import create_app
from webui.cli import sweep_once

def hold(factory, clock, job_id, owner, report):
    print(f"holding {job_id}", flush=True)
    time.sleep(600)

engine.jobs.run_job = hold
sweep_once(create_app())
"""


def _worker_environment(pg_engine) -> dict[str, str]:
    """The settings of both workers: this test's PostgreSQL schema, the frozen demo clock, a short lease."""
    with pg_engine.connect() as connection:
        schema = connection.execute(text("select current_schema()")).scalar_one()
    url = pg_engine.url.update_query_dict({"options": f"-csearch_path={schema}"})
    own = {k: v for k, v in os.environ.items() if not k.startswith("LIANJING_")}
    return {**own, "LIANJING_ENV": "testing", "LIANJING_DATABASE_URL": url.render_as_string(hide_password=False),
            "LIANJING_CLOCK": "manual", "LIANJING_MANUAL_CLOCK_START": DEMO_NOW,
            "LIANJING_JOB_LEASE_SECONDS": str(LEASE_SECONDS), "LIANJING_WORKER_INTERVAL_SECONDS": str(SWEEP_SECONDS)}


def _job(factory, job_id: int) -> Job:
    with factory() as session:
        return session.get(Job, job_id)


def _stop(process: subprocess.Popen) -> None:
    """Kill the process group if still alive, reap it and close its pipes."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def test_a_killed_workers_timer_waits_out_its_lease_then_the_next_worker_fires_it(pg_engine, pg_session_factory,
                                                                                  tmp_path):
    world = World(pg_session_factory, FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)))
    with unit_of_work(world.factory) as session:
        seed_demo(session, world.clock, password_hash="x")
        deploy_shipped_processes(session, world.clock)
    walk = register(world, "wang.clerk", world.cadre_id("town-zhengyang", "镇长"))
    approve_correction_up_to_receipt(walk, world)
    environment = _worker_environment(pg_engine)

    holder = subprocess.Popen([sys.executable, "-c", HOLDING_WORKER], cwd=tmp_path, env=environment, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        line = holder.stdout.readline()
        assert line.startswith("holding "), holder.stderr.read() if holder.poll() is not None else line
        job_id = int(line.split()[1])
        held = _job(world.factory, job_id)
        assert held.status == JobStatus.SCHEDULED and held.lock_owner
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        _stop(holder)
    # The lease was stamped from wall time at the acquisition, whatever the frozen demo clock says.
    assert held.lock_expires_at - dt.datetime.now(UTC) <= dt.timedelta(seconds=LEASE_SECONDS)

    worker = subprocess.Popen([str(LIANJING), "worker"], cwd=tmp_path, env=environment, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = held.lock_expires_at + dt.timedelta(seconds=SWEEP_SECONDS) + STARTUP_SLACK
        while True:
            observed_at = dt.datetime.now(UTC)
            job = _job(world.factory, job_id)
            if job.status == JobStatus.DONE:
                break
            if observed_at < held.lock_expires_at:
                # The dead worker's lease still runs: the second worker must not take the timer yet.
                assert (job.status, job.lock_owner) == (JobStatus.SCHEDULED, held.lock_owner)
            assert observed_at < deadline, f"not fired within the lease and one sweep: {worker.stdout.read()}"
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.1)
    finally:
        _stop(worker)
    assert observed_at >= held.lock_expires_at
    assert walk.open_steps() == ["decide_correction_overdue"]
    with world.factory() as session:
        assert session.execute(select(Job.status).where(Job.id == job_id)).scalar_one() == JobStatus.DONE
