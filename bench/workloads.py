"""Benchmark workloads through the engine and the HTTP API, on a fresh database each."""
from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from pathlib import Path

from lxml import etree
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm import joinedload

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
from engine.models import Cadre
from engine.models import HumanTask
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


_USER_WITH_ROLES = (select(User).where(User.username == bindparam("username")).options(joinedload(User.roles)))


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
        # The user with their roles in one query, as the API reads a token's user (webui.api.auth).
        return Actor(session.execute(_USER_WITH_ROLES, {"username": username}).unique().scalar_one())

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
        for task_id in _open_task_ids(db, ids).values():
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


def _populate_inbox(db: Database, tasks: int, units: int) -> list[int]:
    """Add ``units`` units with one clerk each and ``tasks`` open tasks spread over them; return the clerks."""
    now = db.clock.now()
    with unit_of_work(db.factory) as session:
        root = session.execute(select(Unit).where(Unit.parent_id.is_(None))).scalar_one()
        instance = ProcessInstance(definition_id=1, definition_ids=[1], status="running", state="{}",
                                   serializer_version="1.5", created_at=now, updated_at=now)
        session.add(instance)
        session.flush()
        unit_ids = []
        for n in range(units):
            unit = Unit(code=f"bench-{n}", name=f"基准单位{n}", kind="town", parent_id=root.id, path="/", doc_prefix="")
            session.add(unit)
            session.flush()
            unit.path = f"{root.path}{unit.id}/"
            unit_ids.append(unit.id)
        users = []
        for unit_id in unit_ids:
            user = User(username=f"bench.{unit_id}", display_name="基准", unit_id=unit_id, password_hash="", active=True)
            user.roles = [RoleAssignment(role="warning_office", unit_id=unit_id)]
            session.add(user)
            users.append(user)
        session.flush()
        user_ids = [u.id for u in users]
        instance_id = instance.id
    rows, candidates = [], []
    for n in range(tasks):
        unit_id = unit_ids[n % units]
        due = now + dt.timedelta(days=(n % 40) - 10)
        rows.append({"id": 1_000_000 + n, "instance_id": instance_id, "task_uuid": f"bench-{n}", "bpmn_id": "await_reply",
                     "process_key": "reply_supervision", "name": "登记书面说明", "form_key": "reply_record",
                     "stage": "rectification", "article": "第二十八条", "unit_id": unit_id, "status": "open",
                     "due_date": due.date(), "due_at": due, "excluded_user_ids": [], "created_at": now, "version": 1})
        candidates.append({"task_id": 1_000_000 + n, "role": "warning_office", "unit_id": unit_id})
    with unit_of_work(db.factory) as session:
        for start in range(0, tasks, 10_000):
            session.execute(insert(HumanTask), rows[start:start + 10_000])
            session.execute(insert(TaskCandidate), candidates[start:start + 10_000])
    if db.schema:
        # PostgreSQL's autovacuum analyzes a table within a minute of a bulk load; without statistics the
        # planner takes the 200 tasks of a unit for one and loops over candidates.
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE human_task, task_candidate"))
    return user_ids


def inbox_workload(db: Database, tasks: int = 100_000, units: int = 500, queries: int = 200) -> Timings:
    """Time the inbox query of one unit's clerk with ``tasks`` open tasks spread over ``units`` units."""
    user_ids = _populate_inbox(db, tasks, units)
    timings = Timings()
    rng = random.Random(7)
    for _ in range(queries):
        with db.factory() as session:
            user = session.get(User, rng.choice(user_ids))
            t0 = time.perf_counter()
            page = engine.list_tasks(session, db.clock, user, view="all", per_page=20)
            timings.add(time.perf_counter() - t0)
            assert page.total == tasks // units
    return timings


def inbox_page_workload(db: Database, tasks: int = 100_000, units: int = 500, requests: int = 200) -> Timings:
    """Time the inbox page (``GET /``: list, tab counts, menu counts, rendering) as signed-in clerks."""
    from webui import create_app
    from webui.cli import settle_heap
    from webui.pages.auth import session_id_of

    user_ids = _populate_inbox(db, tasks, units)
    config = {"TESTING": True, "DATABASE_URL": db.url, "CLOCK": "system"}
    if db.schema:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={db.schema}"}}
    app = create_app(config)
    rng = random.Random(11)
    clients = {}
    with db.factory() as session:
        for user_id in user_ids[:50]:
            client = app.test_client()
            with client.session_transaction() as browser_session:
                browser_session["_user_id"] = session_id_of(session.get(User, user_id))
            clients[user_id] = client
    clients[user_ids[0]].get("/")  # compile the templates, as the first request of a served app does
    settle_heap()  # as `lianjing serve` does before taking requests
    timings = Timings()
    for _ in range(requests):
        client = clients[rng.choice(list(clients))]
        t0 = time.perf_counter()
        response = client.get("/?tab=groups")
        timings.add(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return timings


def sweep_workload(db: Database, scheduled: int = 1_000_000, due: int = 100) -> Timings:
    """Time acquiring the due timers among ``scheduled`` armed ones (the worker's sweep query and lock)."""
    from engine import jobs

    now = db.clock.now()
    far = (now + dt.timedelta(days=365)).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    past = (now - dt.timedelta(minutes=1)).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    stamp = now.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    with unit_of_work(db.factory) as session:
        instance = ProcessInstance(definition_id=1, definition_ids=[1], status="running", state="{}",
                                   serializer_version="1.5", created_at=now, updated_at=now)
        session.add(instance)
        session.flush()
        params = {"iid": instance.id, "far": far, "past": past, "now": stamp, "n": scheduled, "due": due}
        columns = "instance_id, kind, task_uuid, bpmn_id, status, due_at, retries_left, created_at"
        values = ("SELECT :iid, 'timer', 'sweep-' || x, 'bench', 'scheduled', "
                  "CASE WHEN x <= :due THEN :past ELSE :far END, 3, :now")
        if db.schema:
            session.execute(text(f"INSERT INTO job ({columns}) {values.replace(':past', 'CAST(:past AS timestamp)').replace(':far', 'CAST(:far AS timestamp)').replace(':now', 'CAST(:now AS timestamp)')} "
                                 "FROM generate_series(1, :n) AS x"), params)
        else:
            session.execute(text(f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) "
                                 f"INSERT INTO job ({columns}) {values} FROM c"), params)
    timings = Timings()
    for attempt in range(5):
        with db.factory() as session, session.begin():
            t0 = time.perf_counter()
            acquired = jobs.acquire_jobs(session, db.clock, f"bench-{attempt}", limit=100)
            timings.add(time.perf_counter() - t0)
            assert len(acquired) == due, len(acquired)
            session.rollback()
    return timings


def long_case_workload(db: Database, steps: int = 210) -> dict[int, float]:
    """Loop one correction case through extension requests; return the time of each step by its number."""
    with unit_of_work(db.factory) as session:
        cadre = session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id)
                                .where(Unit.code == "town-zhengyang", Cadre.position_title == "镇长")).scalar_one()
        case_id = engine.register_clue(session, db.clock, db.actor(session, "wang.clerk"), {
            "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
            "summary": "基准", "subject_cadre_id": cadre}).case.id
    script = [
        ("wang.clerk", "screen_clue", {"routing": "handle_here", "reason": "本级"}),
        ("wang.clerk", "propose_subject", {"warning_type": "correction", "facts": "事实", "grounds": "依据"}),
        ("wang.clerk", "preliminary_check", {"method": "preliminary_check", "finished_on": "2026-11-02",
                                             "findings": "属实", "check_conclusion": "confirmed"}),
        ("xu.clerk", "fill_approval_form", {"proposal": "建议", "basis": "依据"}),
        ("zhang.secretary", "approve_correction", {"approval_decision": "approved", "decided_on": "2026-11-02"}),
        ("wu.partychief", "report_to_party_chief", {"acknowledged_on": "2026-11-02"}),
        ("wang.clerk", "plan_implementation", {"method": "written", "started_on": "2026-11-02", "implementer": "书记"}),
        ("xu.clerk", "fill_registration_form", {"rectification_requirements": "整改"}),
        ("li.deputy", "approve_registration", {"approval_decision": "approved", "decided_on": "2026-11-02"}),
        ("wang.clerk", "issue_notice", {"issued_on": "2026-11-02", "delivery_method": "in_person"}),
        ("wang.clerk", "record_receipt", {"received_on": "2026-11-02"}),
    ]
    loop = [
        ("wang.clerk", "await_rectification", {"progress": "extension_requested", "requested_on": "2026-11-02",
                                               "reason": "特殊情况"}),
        ("xu.clerk", "fill_extension_form", {"reason": "特殊情况", "requested_due_date": "2026-12-20"}),
        ("li.deputy", "approve_extension", {"extension_decision": "rejected", "decided_on": "2026-11-02",
                                            "opinion": "不予延期"}),
    ]
    times: dict[int, float] = {}
    step = 0
    while step < steps:
        username, bpmn_id, data = script[step] if step < len(script) else loop[(step - len(script)) % 3]
        with db.factory() as session:
            task_id = session.execute(select(HumanTask.id).where(
                HumanTask.case_id == case_id, HumanTask.bpmn_id == bpmn_id, HumanTask.status == TaskStatus.OPEN)).scalar_one()
        t0 = time.perf_counter()
        with unit_of_work(db.factory) as session:
            engine.complete_task(session, db.clock, db.actor(session, username), task_id, data)
        step += 1
        times[step] = time.perf_counter() - t0
    return times
