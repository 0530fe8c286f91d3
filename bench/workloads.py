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
from engine.clock import local_today
from engine.db import Base
from engine.db import make_engine
from engine.db import make_session_factory
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Case
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import RoleAssignment
from engine.models import TaskCandidate
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.operations.definitions import deploy_definition
from engine.persistence import forget_specs
from engine.registry import load_regulations
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from forms.base import FormSchema
from forms.base import register
from forms.fields import Bool
from processes import measures

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"

# The benchmark registers the regulations the app registers by default (webui/config.py REGULATIONS).
load_regulations(["processes.measures", "processes.risk_points", "processes.info_network"])


@register("bench_step")
class BenchStep(FormSchema):
    """A benchmark step (基准测试, 第一条: not a procedure of the Measures)."""

    title_zh = "基准测试步骤"
    article = "第一条"
    approved = Bool("同意", required=True)


def annotate_peer(path: Path) -> bytes:
    """Give every user task of the reference diagram the properties our engine requires.

    The process is startable by the warning office, whose clerk starts every instance (issue 11 §3).
    """
    root = parse_xml(path.read_bytes(), filename=path.name)
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        ext = process.makeelement(f"{{{BPMN_NS}}}extensionElements", {})
        process.insert(0, ext)
        props = ext.makeelement(f"{{{SPIFF_NS}}}properties", {})
        ext.append(props)
        props.append(props.makeelement(f"{{{SPIFF_NS}}}property", {"name": "startableBy", "value": "warning_office"}))
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

    def __init__(self, url: str, workdir: Path, *, sqlite_synchronous: str = "FULL"):
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
            self.engine = make_engine(self.url, sqlite_synchronous=sqlite_synchronous)
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
        if self.schema:
            with self.engine.connect() as conn:
                return conn.execute(text(
                    "select coalesce(sum(pg_total_relation_size(c.oid)),0) from pg_class c "
                    "join pg_namespace n on n.oid=c.relnamespace where n.nspname=:s and c.relkind='r'"),
                    {"s": self.schema}).scalar()
        # SQLite: the pages the database file holds once the write-ahead log is checkpointed into it. The log
        # itself is scratch space reused after each checkpoint: counting it gave 60 KB an instance where the
        # file grows by about 20 KB (issue 14 §2).
        raw = self.engine.raw_connection()  # outside a transaction: a checkpoint cannot run inside one
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return self.db_file.stat().st_size

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
                                            "bench_8_user_tasks", {}).instance.id)
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


def _populate_inbox(db: Database, tasks: int, units: int, *, analyze: bool = True) -> list[int]:
    """Add ``units`` units with one clerk each and ``tasks`` open tasks spread over them; return the clerks.

    ``analyze=False`` (PostgreSQL) keeps the planner without statistics: autovacuum is switched off for the two
    tables of this bench schema, as on a database restored or loaded minutes ago (issue 14 §2).
    """
    now = db.clock.now()
    if db.schema and not analyze:
        with db.engine.begin() as conn:
            conn.execute(text("ALTER TABLE human_task SET (autovacuum_enabled = false)"))
            conn.execute(text("ALTER TABLE task_candidate SET (autovacuum_enabled = false)"))
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
            user = User(
                username=f"bench.{unit_id}", display_name="基准", unit_id=unit_id, password_hash="", active=True
            )
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
        rows.append(
            {
                "id": 1_000_000 + n,
                "instance_id": instance_id,
                "task_uuid": f"bench-{n}",
                "bpmn_id": "await_reply",
                "process_key": "reply_supervision",
                "name": "登记书面说明",
                "form_key": "reply_record",
                "stage": "rectification",
                "article": "第二十八条",
                "unit_id": unit_id,
                "status": "open",
                "due_date": due.date(),
                "due_at": due,
                "excluded_user_ids": [],
                "created_at": now,
                "version": 1,
            }
        )
        candidates.append({"task_id": 1_000_000 + n, "role": "warning_office", "unit_id": unit_id})
    with unit_of_work(db.factory) as session:
        for start in range(0, tasks, 10_000):
            session.execute(insert(HumanTask), rows[start:start + 10_000])
            session.execute(insert(TaskCandidate), candidates[start:start + 10_000])
    if db.schema and analyze:
        # PostgreSQL's autovacuum analyzes a table within a minute of a bulk load; the unanalysed case is
        # measured on its own (inbox_unanalysed).
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE human_task, task_candidate"))
    return user_ids


def inbox_workload(db: Database, tasks: int = 100_000, units: int = 500, queries: int = 200, *,
                   analyze: bool = True) -> Timings:
    """Time the inbox query of one unit's clerk with ``tasks`` open tasks spread over ``units`` units."""
    user_ids = _populate_inbox(db, tasks, units, analyze=analyze)
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



def risk_register_workload(db: Database, points: int = 1_000, units: int = 100,
                           requests: int = 200) -> Timings:
    """Time the county's risk register page (``GET /risks``: filters, heat map, the first page of points) with
    ``points`` risk points over ``units`` units (issue 12: p95 ≤ 50 ms on SQLite), as the supervisor."""
    from processes.risk_points.demo import DEMO_REGISTERS
    from processes.risk_points.register import create_risk_point
    from webui import create_app
    from webui.cli import settle_heap
    from webui.pages.auth import session_id_of

    kinds = [point for register in DEMO_REGISTERS.values() for point in register]
    with unit_of_work(db.factory) as session:
        root = session.execute(select(Unit).where(Unit.parent_id.is_(None))).scalar_one()
        unit_ids = []
        for n in range(units):
            unit = Unit(code=f"risk-{n}", name=f"基准单位{n}", kind="department", parent_id=root.id, path="/",
                        doc_prefix="")
            session.add(unit)
            session.flush()
            unit.path = f"{root.path}{unit.id}/"
            unit_ids.append(unit.id)
        for n in range(points):
            # the demo's kinds of point (seeds 000/004), each unit's titled apart
            point = {**kinds[n % len(kinds)], "title": f"{kinds[n % len(kinds)]['title']}·{n}"}
            create_risk_point(session, db.clock, SYSTEM, unit_ids[n % units], point, "基准数据")
        supervisor = session.execute(select(User).where(User.username == "chen.supervisor")).scalar_one()
        session_id = session_id_of(supervisor)
    config = {"TESTING": True, "DATABASE_URL": db.url, "CLOCK": "system"}
    if db.schema:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={db.schema}"}}
    client = create_app(config).test_client()
    with client.session_transaction() as browser_session:
        browser_session["_user_id"] = session_id
    assert client.get("/risks").status_code == 200  # compile the templates, as a served app's first request does
    settle_heap()
    timings = Timings()
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get("/risks")
        timings.add(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return timings


def _pg_timestamps(values: str) -> str:
    """Cast the bound instants for PostgreSQL, which will not guess a parameter's type inside CASE."""
    for name in (":past", ":far", ":now"):
        values = values.replace(name, f"CAST({name} AS timestamp)")
    return values

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
            session.execute(
                text(
                    f"INSERT INTO job ({columns}) {_pg_timestamps(values)} "
                    "FROM generate_series(1, :n) AS x"
                ),
                params,
            )
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


#: one step of a case: who completes which open step with which form data (the dicts of docs/walkthrough.sh)
Step = tuple[str, str, dict]
#: who decides the warning of each type (第十七条); the deciders are not the office's form fillers (notSameAs)
_APPROVAL_STEPS = {"inquiry": ("li.deputy", "approve_inquiry"), "admonition": ("zhang.secretary", "approve_admonition"),
                   "correction": ("zhang.secretary", "approve_correction")}


def _today(db: Database) -> str:
    return local_today(db.clock).isoformat()


def _user_ids(db: Database, *usernames: str) -> list[int]:
    with db.factory() as session:
        ids = dict(session.execute(select(User.username, User.id).where(User.username.in_(usernames))).all())
    return [ids[name] for name in usernames]


def _county_cadres(db: Database) -> list[int]:
    """The cadres the county office may handle itself (any other is reported up, 第十四条)."""
    with db.factory() as session:
        return list(session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.managed_by_unit_id)
                                    .where(Unit.code == "county").order_by(Cadre.id)).scalars())


def _register(db: Database, cadre_id: int) -> int:
    """Register a clue about ``cadre_id`` as the county office's clerk; return its case's id."""
    with unit_of_work(db.factory) as session:
        return measures.register_clue(session, db.clock, db.actor(session, "wang.clerk"), {
            "source_channel": "letters_visits", "received_on": _today(db), "source_unit_name": "县信访局",
            "summary": "基准", "subject_cadre_id": cadre_id}).case.id


def _complete_step(db: Database, case_id: int, step: Step) -> float:
    """Complete the case's open step as its user; return the seconds of the completion (not of finding it)."""
    username, bpmn_id, data = step
    with db.factory() as session:
        task_id = session.execute(
            select(HumanTask.id).where(
                of_case(HumanTask, case_id), HumanTask.bpmn_id == bpmn_id, HumanTask.status == TaskStatus.OPEN
            )
        ).scalar_one()
    t0 = time.perf_counter()
    with unit_of_work(db.factory) as session:
        engine.complete_task(session, db.clock, db.actor(session, username), task_id, data)
    return time.perf_counter() - t0


def _screening(warning_type: str) -> list[Step]:
    return [("wang.clerk", "screen_clue", {"routing": "handle_here", "reason": "本级"}),
            ("wang.clerk", "propose_subject", {"warning_type": warning_type, "facts": "事实", "grounds": "依据"})]


def _approval_to_receipt(warning_type: str, day: str, talkers: list[int], *, checked: bool = True,
                         received_on: str | None = None) -> list[Step]:
    """From the check through approval (第十七条), talk and written warning (第二十二条) and registration
    (第二十五条) to the recorded receipt; an inquiry goes straight to approval the first time (第十六条).
    Without ``received_on`` the steps stop at the issued notice."""
    approver, approval = _APPROVAL_STEPS[warning_type]
    steps: list[Step] = (
        [
            (
                "wang.clerk",
                "preliminary_check",
                {
                    "method": "preliminary_check",
                    "finished_on": day,
                    "findings": "属实",
                    "check_conclusion": "confirmed",
                },
            )
        ]
        if checked
        else []
    )
    steps += [("xu.clerk", "fill_approval_form", {"proposal": "建议", "basis": "依据"}),
              (approver, approval, {"approval_decision": "approved", "decided_on": day})]
    if warning_type == "correction":
        steps.append(("wu.partychief", "report_to_party_chief", {"acknowledged_on": day}))
    registration = {"commitment": "承诺"} if warning_type == "inquiry" else {"rectification_requirements": "整改"}
    steps += [
        ("wang.clerk", "plan_implementation", {"method": "written_and_talk", "started_on": day, "implementer": "书记"}),
        (
            "wang.clerk",
            "draft_talk_plan",
            {"outline": "提纲", "lead_talker_id": talkers[0], "co_talker_ids": talkers[1:]},
        ),
        ("wang.clerk", "notify_talk", {"talk_at": f"{day}T15:00:00+08:00", "place": "谈话室", "notified_on": day}),
        (
            "wang.clerk",
            "record_talk",
            {"talked_on": day, "talker_ids": talkers, "recorder": "记录员", "record_summary": "记录",
             "subject_signed": True},
        ),
        ("xu.clerk", "fill_registration_form", registration),
    ]
    if warning_type != "inquiry":
        steps.append(("li.deputy", "approve_registration", {"approval_decision": "approved", "decided_on": day}))
    steps.append(("wang.clerk", "issue_notice", {"issued_on": day, "delivery_method": "in_person"}))
    if received_on is not None:
        steps.append(("wang.clerk", "record_receipt", {"received_on": received_on}))
    return steps


def _report_submitted(day: str) -> Step:
    return (
        "wang.clerk",
        "await_rectification",
        {"progress": "report_submitted", "submitted_on": day, "summary": "整改报告"},
    )


def _follow_up(day: str, *, met: bool) -> Step:
    return ("wang.clerk", "follow_up_visit", {"visited_on": day, "methods": ["hearing_report"], "findings": "回访",
                                              "requirements_met": met})


def _lifting(day: str, decision: str) -> list[Step]:
    approval = {"approval_decision": decision, "decided_on": day} | (
        {} if decision == "approved" else {"opinion": "再回访"}
    )
    return [("xu.clerk", "fill_follow_up_form", {"opinion": "建议解除预警"}),
            ("zhang.secretary", "approve_lifting", approval)]


def correction_workload(db: Database, cases: int = 20) -> dict:
    """Run ``cases`` ordered corrections from clue to lifting with the report handed in on time (第十–三十条).

    The cases move together, a phase per day of the procedure: all are opened and notified on the first day,
    receive their notices the next, and report within the month; so the manual clock only moves forward and
    every due date stays in 2026, a year the holiday calendar knows (a later one would be provisional). The engine
    only warns about a second open case on one cadre, but the cases rotate over the county's cadres as a
    county's would. A case's time is the sum of its steps' completions.
    """
    talkers = _user_ids(db, "zhang.secretary", "li.deputy")
    cadres = _county_cadres(db)
    day = _today(db)
    case_seconds: dict[int, float] = {}
    began = time.perf_counter()
    for n in range(cases):
        t0 = time.perf_counter()
        case_id = _register(db, cadres[n % len(cadres)])
        case_seconds[case_id] = time.perf_counter() - t0
        for step in _screening("correction") + _approval_to_receipt("correction", day, talkers):
            case_seconds[case_id] += _complete_step(db, case_id, step)
    db.clock.advance(days=1)
    received = _today(db)
    for case_id in case_seconds:
        case_seconds[case_id] += _complete_step(
            db, case_id, ("wang.clerk", "record_receipt", {"received_on": received})
        )
    db.clock.advance(days=17)  # within the month of 第三十条: the report is on time
    day = _today(db)
    closing = [_report_submitted(day), _follow_up(day, met=True), *_lifting(day, "approved"),
               ("wang.clerk", "feedback_to_source", {"notified_on": day, "feedback": "整改到位,解除预警"})]
    for case_id in case_seconds:
        for step in closing:
            case_seconds[case_id] += _complete_step(db, case_id, step)
    seconds = time.perf_counter() - began
    with db.factory() as session:
        ends = session.execute(select(Case.status, Case.outcome).where(Case.id.in_(case_seconds))).all()
    assert len(ends) == cases and all(end == ("closed", "lifted") for end in ends), ends
    per_case = Timings()
    for value in case_seconds.values():
        per_case.add(value)
    return {"cases": cases, "seconds": seconds, "case": per_case}


def _long_case_prefix(day: str, talkers: list[int]) -> list[Step]:
    """An inquiry escalated to an admonition (第二十八条), escalated to a correction (第二十九条), up to its receipt.

    Escalations cannot loop: each goes to a graver warning (inquiry → admonition → correction) and a correction
    has none left (第三十一条 only hands over), so one case holds at most these two.
    """
    steps = _screening("inquiry") + _approval_to_receipt("inquiry", day, talkers, checked=False, received_on=day)
    for escalation, warning_type in (("escalate_admonition", "admonition"), ("escalate_correction", "correction")):
        steps += [("wang.clerk", "await_reply", {"submitted_on": day, "summary": "说明"}),
                  ("wang.clerk", "review_reply", {"supervision_outcome": escalation, "opinion": "问题属实"}),
                  *_approval_to_receipt(warning_type, day, talkers, received_on=day)]
    return steps


def _rectification_cycle(db: Database, case_id: int, day: str) -> list[Step]:
    """One turn of every loop of correction_supervision that comes back to ``await_rectification`` (第三十、三十一条).

    An extension of one day approved, then one more day asked and refused; a report that misses the
    requirements and goes on rectifying; a lifting refused until a visit finds the requirements unmet again.
    Every request must lie within the one-month cap (the engine refuses the form past it), so once the
    approved days leave no room for both requests the turn has no extension left.
    """
    with db.factory() as session:
        case = session.get(Case, case_id)
        due, cap = case.current_due_date, case.extension_cap_date

    def extension(to: dt.date, approved: bool) -> list[Step]:
        decision = ({"extension_decision": "approved", "approved_due_date": to.isoformat()} if approved
                    else {"extension_decision": "rejected", "opinion": "不予延期"})
        steps: list[Step] = [
            (
                "wang.clerk",
                "await_rectification",
                {"progress": "extension_requested", "requested_on": day, "reason": "特殊情况"},
            ),
            ("xu.clerk", "fill_extension_form", {"reason": "特殊情况", "requested_due_date": to.isoformat()}),
            ("li.deputy", "approve_extension", {**decision, "decided_on": day}),
        ]
        if approved:
            steps.append(("wang.clerk", "issue_extension_notice", {"issued_on": day, "delivery_method": "in_person"}))
        return steps

    one_day, two_days = due + dt.timedelta(days=1), due + dt.timedelta(days=2)
    extensions = [*extension(one_day, True), *extension(two_days, False)] if two_days <= cap else []
    go_on = (
        "wang.clerk",
        "decide_correction_overdue",
        {"supervision_outcome": "continue_rectification", "opinion": "继续整改"},
    )
    return [
        *extensions,
        _report_submitted(day),
        _follow_up(day, met=False),
        go_on,
        _report_submitted(day),
        _follow_up(day, met=True),
        *_lifting(day, "rejected"),
        _follow_up(day, met=False),
        go_on,
    ]


def long_case_workload(db: Database, steps: int = 210) -> dict[int, float]:
    """Take one case through two escalations, then loop it through extensions, follow-up visits and refused
    liftings; return the time of each step by its number."""
    day = _today(db)
    talkers = _user_ids(db, "zhang.secretary", "li.deputy")
    with db.factory() as session:
        cadre = session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id)
                                .where(Unit.code == "town-zhengyang", Cadre.position_title == "镇长")).scalar_one()
    case_id = _register(db, cadre)
    pending = _long_case_prefix(day, talkers)
    assert steps >= len(pending) + 4, f"the loop starts after step {len(pending)}; an extension takes 4 more"
    times: dict[int, float] = {}
    for step in range(1, steps + 1):
        if not pending:
            pending = _rectification_cycle(db, case_id, day)
        times[step] = _complete_step(db, case_id, pending.pop(0))
    with db.factory() as session:
        case = session.get(Case, case_id)
        # The loop is what the timings are about: make sure it ran as a correction that took extensions.
        assert [e["to"] for e in case.escalations] == ["admonition", "correction"], case.escalations
        assert case.extension_days_used > 0, case.extension_days_used
    return times
