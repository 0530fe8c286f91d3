"""Benchmark workloads through the engine and the HTTP API, on a fresh database each."""
from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from pathlib import Path

from lxml import etree
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

import engine
from bench.stats import Timings
from engine.actors import SYSTEM
from engine.actors import Actor
from engine.bpmn.loader import parse_xml
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import Base
from engine.db import make_engine
from engine.db import make_session_factory
from engine.db import unit_of_work
from engine.models import HumanTask
from engine.models import Job
from engine.models import ProcessInstance
from engine.models import RoleAssignment
from engine.models import TaskCandidate
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.operations.definitions import deploy_definition
from engine.persistence import forget_specs
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from forms.base import FormSchema
from forms.base import register
from forms.fields import Bool

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@register("bench_step")
class BenchStep(FormSchema):
    """A benchmark step (基准测试, 第一条: not a procedure of the Measures)."""

    title_zh = "基准测试步骤"
    article = "第一条"
    approved = Bool("同意", required=True)


def annotate_peer(path: Path) -> bytes:
    """Give every user task of the reference diagram the properties our engine requires."""
    root = parse_xml(path.read_bytes(), filename=path.name)
    for task in root.iter(f"{{{BPMN_NS}}}userTask"):
        ext = task.makeelement(f"{{{BPMN_NS}}}extensionElements", {})
        task.insert(0, ext)
        props = ext.makeelement(f"{{{SPIFF_NS}}}properties", {})
        ext.append(props)
        for name, value in (("role", "warning_office"), ("scope", "county"), ("formKey", "bench_step"),
                            ("stage", "screening"), ("article", "第一条")):
            props.append(props.makeelement(f"{{{SPIFF_NS}}}property", {"name": name, "value": value}))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


class Database:
    """A fresh schema (PostgreSQL) or file (SQLite) with the demo county seeded and processes deployed."""

    def __init__(self, url: str, workdir: Path):
        self.schema = None
        if url.startswith("postgresql"):
            self.schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = make_engine(url)
            with admin.begin() as conn:
                conn.execute(text(f"CREATE SCHEMA {self.schema}"))
            admin.dispose()
            self.url = url
            self.engine = make_engine(url, connect_args={"options": f"-csearch_path={self.schema}"})
        else:
            self.db_file = workdir / f"bench-{uuid.uuid4().hex[:8]}.sqlite3"
            self.url = f"sqlite:///{self.db_file}"
            self.engine = make_engine(self.url)
        Base.metadata.create_all(self.engine)
        forget_specs()
        self.factory = make_session_factory(self.engine)
        self.clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
        with unit_of_work(self.factory) as session:
            seed_demo(session, self.clock, password_hash="scrypt:131072:8:1$bench$unused")
            deploy_shipped_processes(session, self.clock)

    def actor(self, session: Session, username: str) -> Actor:
        return Actor(session.execute(select(User).where(User.username == username)).scalar_one())

    def size_bytes(self) -> int:
        with self.engine.connect() as conn:
            if self.schema:
                return conn.execute(text(
                    "select coalesce(sum(pg_total_relation_size(c.oid)),0) from pg_class c "
                    "join pg_namespace n on n.oid=c.relnamespace where n.nspname=:s and c.relkind='r'"),
                    {"s": self.schema}).scalar()
        # SQLite: the database file plus its write-ahead log (pages not yet checkpointed).
        return sum(p.stat().st_size for p in (self.db_file, Path(f"{self.db_file}-wal")) if p.exists())

    def close(self) -> None:
        self.engine.dispose()
        if self.schema:
            admin = make_engine(self.url)
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {self.schema} CASCADE"))
            admin.dispose()


def _open_task_ids(db: Database, instance_ids: list[int]) -> dict[int, int]:
    with db.factory() as session:
        rows = session.execute(select(HumanTask.instance_id, HumanTask.id).where(
            HumanTask.instance_id.in_(instance_ids), HumanTask.status == TaskStatus.OPEN)).all()
    return dict(rows)


def peer_workload(db: Database, peer_xml: bytes, instances: int = 100, steps: int = 8, *, http: bool = False) -> dict:
    """Start instances, then complete task k of every instance round robin (engine or HTTP API)."""
    with unit_of_work(db.factory) as session:
        deploy_definition(session, db.clock, SYSTEM, "peer_8_user_tasks.bpmn", peer_xml)
    size_before = db.size_bytes()
    ids = []
    began = time.perf_counter()
    for _ in range(instances):
        with unit_of_work(db.factory) as session:
            ids.append(engine.start_process(session, db.clock, db.actor(session, "wang.clerk"),
                                            "bench_8_user_tasks", {}).id)
    starts_per_s = instances / (time.perf_counter() - began)
    client = _http_client(db) if http else None
    completions = Timings()
    for _ in range(steps):
        for instance_id, task_id in _open_task_ids(db, ids).items():
            t0 = time.perf_counter()
            if client is None:
                with unit_of_work(db.factory) as session:
                    engine.complete_task(session, db.clock, db.actor(session, "wang.clerk"), task_id,
                                         {"approved": True})
            else:
                response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": {"approved": True}})
                assert response.status_code == 200, response.get_data(as_text=True)
            completions.add(time.perf_counter() - t0)
    with db.factory() as session:
        done = session.execute(select(func.count()).select_from(ProcessInstance)
                               .where(ProcessInstance.id.in_(ids), ProcessInstance.status == "completed")).scalar()
        state_bytes = session.execute(select(func.sum(func.length(ProcessInstance.state)))
                                      .where(ProcessInstance.id.in_(ids))).scalar()
    assert done == instances, f"{done} of {instances} completed"
    return {"starts_per_s": starts_per_s, "completion": completions,
            "state_bytes_per_instance": state_bytes / instances,
            "db_bytes_per_instance": (db.size_bytes() - size_before) / instances}


class _HttpClient:
    """The Flask app on the benchmark database, driven through its WSGI stack with a bearer token."""

    def __init__(self, db: Database):
        from webui import create_app
        from webui.api.auth import issue_token

        config = {"TESTING": True, "DATABASE_URL": db.url, "CLOCK": "system"}
        if db.schema:
            config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={db.schema}"}}
        self.app = create_app(config)
        with unit_of_work(db.factory) as session:
            user = session.execute(select(User).where(User.username == "wang.clerk")).scalar_one()
            token = issue_token(session, db.clock, user, SYSTEM)
        self.client = self.app.test_client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, json: dict):
        return self.client.post(path, json=json, headers=self.headers)


def _http_client(db: Database) -> _HttpClient:
    return _HttpClient(db)
