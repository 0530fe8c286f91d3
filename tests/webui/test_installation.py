"""A county's own installation without the demo (issue 14 §1): from an empty database, in production mode,
on SQLite and on a fresh PostgreSQL database, with no demo account in existence."""
from __future__ import annotations

import io
import os
import secrets
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy import text

from engine.db import make_engine
from engine.models import AuditEvent
from engine.models import RoleAssignment
from engine.models import Unit
from engine.models import User
from tests.db_fixtures import DEFAULT_PG_URL
from tests.db_fixtures import _pg_reachable
from webui import cli

PROCESSES = sorted((Path(__file__).resolve().parents[2] / "processes").glob("*.bpmn"))
ADMIN_PASSWORD = "Kx7-county-admin-2026"


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request, tmp_path):
    """The URL of an empty database: a new SQLite file, or a PostgreSQL database made for this test alone."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'county.sqlite3'}"
        return
    server = os.environ.get("LIANJING_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    if not _pg_reachable(server):
        pytest.skip("PostgreSQL is not reachable")
    name = f"lj_install_{uuid.uuid4().hex[:10]}"
    admin = make_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))  # our own database only
        admin.dispose()


@pytest.fixture()
def production(empty_database, tmp_path, capsys, monkeypatch):
    """Run ``lianjing`` in production mode on the empty database: (exit status, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    config = {"ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": empty_database,
              "CLOCK": "system"}

    def invoke(*argv: str, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = cli.main(list(argv), config=config)
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    invoke.url = empty_database
    return invoke


def _rows(url: str, stmt):
    sql_engine = make_engine(url)
    try:
        with sql_engine.connect() as conn:
            return conn.execute(stmt).all()
    finally:
        sql_engine.dispose()


def test_init_db_then_deploy_works_without_the_demo_seed(production):
    """Issue 14 §1: init-db creates the system actor deployments act as; no demo account is made."""
    assert production("init-db")[0] == 0
    status, out, err = production("deploy", *map(str, PROCESSES))
    assert status == 0, err
    assert "warning_case 第1版" in out
    assert _rows(production.url, select(User.username)) == [("system",)]
    assert production("init-db")[0] == 0  # again: nothing new, nothing broken
    assert _rows(production.url, select(User.username, User.active, User.unit_id)) == [("system", False, None)]


def test_seed_demo_refuses_production(production):
    """Issue 14 §1: the demo's 24 accounts share the password printed in the README."""
    production("init-db")
    status, _, err = production("seed-demo")
    assert status == 1
    assert "生产环境不得写入演示数据" in err
    assert _rows(production.url, select(User.username)) == [("system",)]


def test_run_seeds_only_in_demo(production, monkeypatch):
    """Issue 14 §1: `lianjing run` in production migrates and deploys, and creates no demo county."""
    monkeypatch.setattr(cli, "cmd_serve", lambda app, args: 0)
    status, _, err = production("run")
    assert status == 0, err
    assert _rows(production.url, select(User.username)) == [("system",)]
    assert _rows(production.url, select(Unit.id)) == []


def test_create_admin_reads_the_password_from_a_file_and_creates_the_root_unit(production, tmp_path):
    production("init-db")
    secret = tmp_path / "admin-password"
    secret.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
    status, out, err = production("create-admin", "county.admin", "--display-name", "县纪委系统管理员",
                                  "--unit-name", "寿县纪委", "--unit-code", "county", "--doc-prefix", "寿纪预",
                                  "--password-file", str(secret))
    assert status == 0, err
    assert "已创建系统管理员 county.admin" in out
    [(unit_id, name, prefix, path)] = _rows(production.url, select(Unit.id, Unit.name, Unit.doc_prefix, Unit.path))
    assert (name, prefix, path) == ("寿县纪委", "寿纪预", f"/{unit_id}/")
    assert _rows(production.url, select(RoleAssignment.role, RoleAssignment.unit_id)) == [("admin", unit_id)]
    [(stored,)] = _rows(production.url, select(User.password_hash).where(User.username == "county.admin"))
    assert stored.startswith("scrypt:131072:8:1$")  # SECURITY.md 22
    events = _rows(production.url, select(AuditEvent.action, AuditEvent.after).order_by(AuditEvent.seq))
    assert [action for action, _ in events] == ["unit.created", "user.created"]
    assert ADMIN_PASSWORD not in repr(events)  # SECURITY.md 26: no password material in events
    assert production("verify-audit")[0] == 0


def test_create_admin_reads_standard_input_and_refuses_a_second_first_admin(production):
    production("init-db")
    args = ("--display-name", "管理员", "--unit-name", "某县纪委", "--unit-code", "county", "--doc-prefix", "某纪预")
    assert production("create-admin", "first.admin", *args, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")[0] == 0
    status, _, err = production("create-admin", "second.admin", "--display-name", "又一位", "--password-stdin",
                                stdin=ADMIN_PASSWORD + "\n")
    assert status == 1
    assert "已有系统管理员" in err
    assert _rows(production.url, select(User.username).order_by(User.id)) == [("system",), ("first.admin",)]


def test_create_admin_takes_no_password_argument_and_no_piped_prompt(production):
    production("init-db")
    with pytest.raises(SystemExit) as refused:
        production("create-admin", "x.admin", "--display-name", "管理员", "--password", ADMIN_PASSWORD)
    assert refused.value.code == 2
    status, _, err = production("create-admin", "x.admin", "--display-name", "管理员", stdin="")
    assert status == 2
    assert "--password-file" in err


def test_create_admin_reports_each_bad_value_and_writes_nothing(production):
    production("init-db")
    status, _, err = production("create-admin", "A B", "--display-name", "管理员", "--password-stdin",
                                stdin="short\n")
    assert status == 1
    for option in ("username", "password", "unit_name", "unit_code", "doc_prefix"):
        assert f"- {option}:" in err
    assert _rows(production.url, select(User.username)) == [("system",)]
    assert _rows(production.url, select(Unit.id)) == []


def test_a_fresh_installation_holds_no_demo_account(production):
    """Done when (issue 14): no demo account in existence after the installation's commands."""
    production("init-db")
    production("create-admin", "county.admin", "--display-name", "管理员", "--unit-name", "寿县纪委",
               "--unit-code", "county", "--doc-prefix", "寿纪预", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    production("deploy", *map(str, PROCESSES))
    users = {name for (name,) in _rows(production.url, select(User.username))}
    assert users == {"system", "county.admin"}
