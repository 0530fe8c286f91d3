"""Operations (issue 14 §2): health and readiness, the connection pool, 503 when the database drops its
connections, and one access-log line per request."""
from __future__ import annotations

import logging
import threading
import uuid

import pytest
from alembic import command
from sqlalchemy import text

from engine.db import make_engine
from tests.webui.conftest import engine_config
from tests.webui.conftest import issue
from tests.webui.conftest import seed
from webui import cli
from webui import config as config_module
from webui import create_app
from webui.extensions import db

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/nowhere"


def test_liveness_answers_without_the_database():
    app = create_app({"TESTING": True, "DATABASE_URL": UNREACHABLE, "CLOCK": "system"})
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_readiness_and_requests_answer_503_in_chinese_while_the_database_is_unreachable():
    app = create_app({"TESTING": True, "DATABASE_URL": UNREACHABLE, "CLOCK": "system",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}})
    client = app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"] == {"database": "数据库无法连接"}
    api = client.get("/api/v1/me", headers={"Authorization": "Bearer " + "x" * 43})
    assert api.status_code == 503
    assert api.get_json()["error"] == {"code": "database_unavailable", "message": "数据库暂时不可用,请稍后重试",
                                       "details": None}
    assert api.headers["Retry-After"]


def test_readiness_checks_the_migration_head(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'ready.sqlite3'}"
    config = {"TESTING": True, "DATABASE_URL": url, "CLOCK": "system"}
    app = create_app(config)
    before = app.test_client().get("/readyz")
    assert before.status_code == 503
    assert before.get_json()["checks"]["database"] == "ok"  # it answers, but holds no schema yet
    command.upgrade(cli.alembic_config(url), "0006")  # an older release's schema
    behind = app.test_client().get("/readyz")
    assert behind.status_code == 503
    assert behind.get_json()["checks"]["database"] == "ok"
    assert "lianjing init-db" in behind.get_json()["checks"]["migrations"]
    assert cli.main(["init-db"], config=config) == 0
    ready = app.test_client().get("/readyz")
    assert (ready.status_code, ready.get_json()["status"]) == (200, "ready")
    with app.app_context():
        db.engine.dispose()


def test_pool_pre_ping_and_sizes_come_from_lianjing_settings(tmp_path):
    environ = {"LIANJING_ENV": "testing", "LIANJING_DB_POOL_SIZE": "3", "LIANJING_DB_MAX_OVERFLOW": "2",
               "LIANJING_DB_POOL_TIMEOUT": "7", "LIANJING_DB_POOL_RECYCLE": "600",
               "LIANJING_DATABASE_URL": f"sqlite:///{tmp_path / 'pool.sqlite3'}"}
    settings = config_module.load(environ=environ)
    options = config_module.engine_options(settings)
    assert {k: options[k] for k in ("pool_pre_ping", "pool_size", "max_overflow", "pool_timeout",
                                    "pool_recycle")} == {"pool_pre_ping": True, "pool_size": 3, "max_overflow": 2,
                                                         "pool_timeout": 7.0, "pool_recycle": 600}
    app = create_app({"TESTING": True, "DATABASE_URL": settings["DATABASE_URL"], "DB_POOL_SIZE": 3})
    with app.app_context():
        pool = db.engine.pool
        assert (pool._pre_ping, pool.size()) == (True, 3)
        db.engine.dispose()


@pytest.mark.parametrize("bad", [{"DB_POOL_SIZE": 0}, {"DB_MAX_OVERFLOW": -1}, {"SQLITE_SYNCHRONOUS": "OFF"},
                                 {"JOB_LEASE_SECONDS": 2}])
def test_bad_pool_durability_and_lease_settings_are_refused(bad, tmp_path):
    from engine.errors import ConfigurationError

    with pytest.raises(ConfigurationError):
        create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", **bad})


def test_sqlite_keeps_every_acknowledged_step_by_default(tmp_path):
    """Issue 14 §2: synchronous=FULL by default (NORMAL may lose the last commits in a power cut)."""
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'durable.sqlite3'}"})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # 2 = FULL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        db.engine.dispose()
    normal = make_engine(f"sqlite:///{tmp_path / 'durable.sqlite3'}", sqlite_synchronous="NORMAL")
    with normal.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    normal.dispose()


# --- a database that drops its connections (PostgreSQL) --------------------------------------------------


@pytest.fixture()
def pg_app(make_app, api_engine):
    """The seeded app on PostgreSQL with connections named for this test alone, and a way to kill them."""
    if api_engine.dialect.name != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    name = f"lj_drop_{uuid.uuid4().hex[:10]}"

    def build(**overrides):
        config = engine_config(api_engine)
        options = {"connect_args": {**config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}),
                                    "application_name": name}, **overrides}
        app = make_app(SQLALCHEMY_ENGINE_OPTIONS=options)
        return app

    def terminate() -> int:
        # Only the connections this test opened: nine people share this server.
        with api_engine.connect() as conn:
            killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE application_name = :name AND pid <> pg_backend_pid()"),
                                  {"name": name}).scalar_one()
            conn.commit()
        return killed

    return build, terminate


def _warm_pool(client, headers, n: int = 4) -> None:
    barrier = threading.Barrier(n)
    errors = []

    def call():
        barrier.wait()
        if client.get("/api/v1/tasks", headers=headers).status_code != 200:
            errors.append("warm-up failed")

    threads = [threading.Thread(target=call) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_after_a_restart_pre_ping_gives_requests_fresh_connections(pg_app):
    build, terminate = pg_app
    app = build()
    seed(app)
    headers = {"Authorization": f"Bearer {issue(app, 'wang.clerk')}"}
    client = app.test_client()
    _warm_pool(client, headers)
    assert terminate() >= 1
    assert [client.get("/api/v1/tasks", headers=headers).status_code for _ in range(6)] == [200] * 6


def test_a_connection_lost_mid_request_answers_503_and_the_next_request_works(pg_app):
    """Without pre_ping (or when the connection dies after it) every pooled connection gave one 500."""
    build, terminate = pg_app
    app = build(pool_pre_ping=False)
    seed(app)
    headers = {"Authorization": f"Bearer {issue(app, 'wang.clerk')}"}
    client = app.test_client()
    _warm_pool(client, headers)
    assert terminate() >= 1
    lost = client.get("/api/v1/tasks", headers=headers)
    assert lost.status_code == 503
    assert lost.get_json()["error"]["message"] == "数据库暂时不可用,请稍后重试"
    assert [client.get("/api/v1/tasks", headers=headers).status_code for _ in range(6)] == [200] * 6


def test_terminating_every_connection_during_a_run_never_answers_500(pg_app):
    """The load test of issue 14 §2: four clients keep working while all their connections are killed."""
    build, terminate = pg_app
    app = build()
    seed(app)
    headers = {"Authorization": f"Bearer {issue(app, 'wang.clerk')}"}
    statuses: list[int] = []
    stop = threading.Event()

    def client_loop():
        client = app.test_client()
        while not stop.is_set():
            statuses.append(client.get("/api/v1/tasks", headers=headers).status_code)

    threads = [threading.Thread(target=client_loop) for _ in range(4)]
    for t in threads:
        t.start()
    killed = 0
    for _ in range(5):
        stop.wait(0.3)
        killed += terminate()
    stop.set()
    for t in threads:
        t.join()
    assert killed >= 4
    assert set(statuses) <= {200, 503}
    after = app.test_client()
    assert [after.get("/api/v1/tasks", headers=headers).status_code for _ in range(4)] == [200] * 4


def test_one_access_log_line_per_request(app, api, caplog):
    caplog.set_level(logging.INFO, logger="lianjing.access")
    api("wang.clerk").get("/tasks?view=all")
    api(None).get("/me")
    lines = [r.getMessage() for r in caplog.records if r.name == "lianjing.access"]
    assert len(lines) == 2
    assert lines[0].startswith("user=wang.clerk method=GET route=/api/v1/tasks path=/api/v1/tasks status=200 ms=")
    assert lines[1].startswith("user=- method=GET route=/api/v1/me path=/api/v1/me status=401 ms=")
