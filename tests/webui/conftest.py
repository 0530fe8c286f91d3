"""Web fixtures: the app on the seeded demo county, once on the default test database and once on PostgreSQL.

``app`` runs on the suite's database (SQLite, or PostgreSQL when LIANJING_TEST_DATABASE_URL says so) and
again on PostgreSQL (LIANJING_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432/test, a fresh schema per
session; skipped when unreachable or when the suite already runs on PostgreSQL). The clock is the shared
manual clock, starting Monday 2 November 2026, 09:00 China time.
"""
from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import select
from sqlalchemy import text

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.persistence import forget_specs
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from engine.tokens import TokenPurpose
from tests.db_fixtures import _empty_tables
from tests.webui.pages import PageClient
from tests.webui.pages import demo_password_hash
from webui import create_app
from webui import extensions
from webui.api.auth import issue_token
from webui.extensions import db

START = "2026-11-02T09:00:00+08:00"
TEST_HASH = "scrypt:131072:8:1$test$not-a-real-hash"


def engine_config(sql_engine) -> dict:
    """Settings pointing an app at the database (and PostgreSQL schema) of ``sql_engine``."""
    config = {"DATABASE_URL": sql_engine.url.render_as_string(hide_password=False)}
    if sql_engine.dialect.name == "postgresql":
        with sql_engine.connect() as conn:
            schema = conn.execute(text("select current_schema()")).scalar_one()
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    return config


@pytest.fixture(params=["default", "postgres"])
def api_engine(request, database_url):
    """The SQL engine of the backend under test (tables created, emptied before each test)."""
    if request.param == "default":
        sql_engine = request.getfixturevalue("sql_engine")
    else:
        if database_url.startswith("postgresql"):
            pytest.skip("the suite already runs on PostgreSQL")
        if os.environ.get("LIANJING_TEST_POSTGRES_RUN_FOLLOWS") == "1":
            pytest.skip("`make test` runs the whole suite on PostgreSQL next")
        sql_engine = request.getfixturevalue("pg_engine")
    _empty_tables(sql_engine)
    forget_specs()
    return sql_engine


@pytest.fixture()
def make_app(api_engine):
    """Return a function building an app on the test database with extra settings."""
    built = []

    def make(**overrides):
        config = {"TESTING": True, "CLOCK": "manual", "MANUAL_CLOCK_START": START,
                  **engine_config(api_engine), **overrides}
        app = create_app(config)
        built.append(app)
        return app

    yield make
    for app in built:
        with app.app_context():
            db.engine.dispose()


def seed(app) -> None:
    """Seed the demo county and deploy the shipped processes through the app's database."""
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_demo(session, clock, password_hash=TEST_HASH)
            deploy_shipped_processes(session, clock)


def issue(app, username: str, purpose: TokenPurpose = TokenPurpose.FRESH) -> str:
    """Issue an API token for a user of the app's database.

    By default a fresh one, as if the holder had just typed their password: the suite's walks take
    decision-role steps through the API, which need one (issue 14 §3.6; tests/webui/test_tokens.py proves
    that an ordinary token is refused there).
    """
    with app.app_context():
        # Read the shared manual clock before the session takes SQLite's write lock.
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            return issue_token(session, clock, user, SYSTEM, purpose=purpose)


@pytest.fixture()
def app(make_app):
    """The app on the seeded demo county with the shipped processes deployed."""
    app = make_app()
    seed(app)
    return app


@pytest.fixture()
def page_app(make_app):
    """The app on the demo county whose users sign in with the demo password (for the pages)."""
    app = make_app()
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_demo(session, clock, password_hash=demo_password_hash())
            deploy_shipped_processes(session, clock)
    return app


@pytest.fixture()
def wall(app) -> FixedClock:
    """Give ``app`` a wall clock the test steps by hand (sign-in throttling and token expiry run on it)."""
    clock = FixedClock(dt.datetime.now(dt.UTC))
    app.extensions[extensions.WALL_CLOCK_KEY] = clock
    return clock


@pytest.fixture()
def browser(page_app):
    """Return a function giving a PageClient signed in as a demo user (``browser("wang.clerk")``)."""

    def as_user(username: str | None = None) -> PageClient:
        client = PageClient(page_app.test_client())
        if username:
            client.sign_in(username)
        return client

    return as_user


class Api:
    """A test client speaking to /api/v1 with one user's bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def _headers(self, extra):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, path: str, headers=None, **kwargs):
        return self.client.get("/api/v1" + path, headers=self._headers(headers), **kwargs)

    def post(self, path: str, json=None, headers=None, **kwargs):
        if json is not None:
            kwargs["json"] = json
        return self.client.post("/api/v1" + path, headers=self._headers(headers), **kwargs)


@pytest.fixture()
def token_for(app):
    """Return a function issuing an API token for a demo user."""

    return lambda username: issue(app, username)


@pytest.fixture()
def api(app, token_for):
    """Return a function giving an ``Api`` signed in as a demo user (``api("wang.clerk")``)."""

    def as_user(username: str | None) -> Api:
        return Api(app.test_client(), token_for(username) if username else None)

    return as_user


class Lookups:
    """Ids of the seeded demo county."""

    def __init__(self, app):
        self.app = app

    def _one(self, stmt):
        with self.app.app_context(), extensions.session_factory()() as session:
            return session.execute(stmt).scalar_one()

    def unit_id(self, code: str) -> int:
        return self._one(select(Unit.id).where(Unit.code == code))

    def cadre_id(self, unit_code: str = "town-zhengyang", title: str = "镇长") -> int:
        return self._one(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id)
                         .where(Unit.code == unit_code, Cadre.position_title == title))

    def open_task(self, case_id: int, bpmn_id: str) -> int:
        return self._one(select(HumanTask.id).where(
            of_case(HumanTask, case_id), HumanTask.bpmn_id == bpmn_id, HumanTask.status == TaskStatus.OPEN))


@pytest.fixture()
def ids(app) -> Lookups:
    return Lookups(app)


def clue_payload(cadre_id: int, **overrides) -> dict:
    """A valid clue_registration body about ``cadre_id``."""
    return {"source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
            "summary": "群众反映该干部违规收受礼金。", "subject_cadre_id": cadre_id, **overrides}


@pytest.fixture()
def registered_case(api, ids):
    """Register a clue as the county clerk and return the 201 body."""

    def register(username: str = "wang.clerk", **overrides) -> dict:
        response = api(username).post("/clues", json=clue_payload(ids.cadre_id(), **overrides))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return register


def local(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


class ApiWalker:
    """Drives one case through its steps over HTTP, as the demo users."""

    def __init__(self, api, ids: Lookups, case_id: int):
        self.api = api
        self.ids = ids
        self.case_id = case_id
        self._clients: dict[str, Api] = {}

    def client(self, username: str) -> Api:
        if username not in self._clients:
            self._clients[username] = self.api(username)
        return self._clients[username]

    def do(self, username: str, bpmn_id: str, opinion: str | None = None, *, expect: int = 200,
           **data) -> dict:
        task_id = self.ids.open_task(self.case_id, bpmn_id)
        body = {"data": data} if opinion is None else {"data": data, "opinion": opinion}
        response = self.client(username).post(f"/tasks/{task_id}/complete", json=body)
        assert response.status_code == expect, (bpmn_id, response.get_json())
        return response.get_json()

    def user_id(self, username: str) -> int:
        return self.ids._one(select(User.id).where(User.username == username))


def approve_correction_up_to_receipt(walk: ApiWalker, received_on: str = "2026-11-02") -> None:
    """Walk a correction case from screening to the recorded receipt of the notice (第十四–二十二条)."""
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元",
            grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    walk.do("zhang.secretary", "approve_correction", opinion="同意", approval_decision="approved",
            decided_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", acknowledged_on="2026-11-02", opinion="阅")
    walk.do("wang.clerk", "plan_implementation", method="written_and_talk", started_on="2026-11-02",
            implementer="县纪委书记")
    walk.do("wang.clerk", "draft_talk_plan", outline="指出错误事实,提出整改要求",
            lead_talker_id=walk.user_id("zhang.secretary"), co_talker_ids=[walk.user_id("li.deputy")])
    walk.do("wang.clerk", "notify_talk", talk_at="2026-11-03T09:00:00+08:00", place="县纪委谈话室",
            notified_on="2026-11-02")
    walk.do("wang.clerk", "record_talk", talked_on="2026-11-02",
            talker_ids=[walk.user_id("zhang.secretary"), walk.user_id("li.deputy")],
            recorder="王晓",
            record_summary="本人承认错误,表示整改", subject_signed=True)
    walk.do("xu.clerk", "fill_registration_form", rectification_requirements="一个月内退还礼金并作出书面检查")
    walk.do("li.deputy", "approve_registration", approval_decision="approved", decided_on="2026-11-02")
    walk.do("wang.clerk", "issue_notice", issued_on="2026-11-02", delivery_method="in_person")
    walk.do("wang.clerk", "record_receipt", received_on=received_on)


@pytest.fixture()
def correction_case(registered_case, api, ids) -> ApiWalker:
    """An ordered correction about the 正阳关镇 镇长, approved and notified, in its rectification period."""
    walk = ApiWalker(api, ids, registered_case()["case"]["id"])
    approve_correction_up_to_receipt(walk)
    return walk
