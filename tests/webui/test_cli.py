"""The ``lianjing`` command: help, migrations, seeding, deploying, tokens, audit check, clock, worker."""
from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy import text

from engine.db import Base
from engine.db import make_engine
from webui import cli

DATA = Path(__file__).resolve().parents[1] / "data" / "bpmn"
PROCESSES = Path(__file__).resolve().parents[2] / "processes" / "measures"
START = "2026-11-02T09:00:00+08:00"


@pytest.fixture()
def run(tmp_path):
    """Return a function running ``lianjing`` on a fresh SQLite file: (exit status, stdout, stderr)."""
    config = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "CLOCK": "manual",
              "MANUAL_CLOCK_START": START}

    def invoke(capsys, *argv: str, **overrides):
        status = cli.main(list(argv), config={**config, **overrides})
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    commands = ("init-db", "seed-demo", "deploy", "serve", "worker", "token", "verify-audit", "clock", "run")
    for name in commands:
        assert name in out


def test_init_seed_deploy_token_verify(run, capsys):
    assert run(capsys, "init-db")[0] == 0
    assert run(capsys, "seed-demo")[0] == 0
    status, out, _ = run(capsys, "seed-demo")
    assert status == 0
    assert "users 新增 0" in out
    files = [str(p) for p in sorted(PROCESSES.glob("*.bpmn"))]
    status, out, err = run(capsys, "deploy", *files)
    assert status == 0, err
    assert "warning_case 第1版" in out
    status, out, _ = run(capsys, "deploy", *files)
    assert status == 0
    assert "未改变" in out
    # An installer's deploy holds the monthly report's timer start (「001 三、1」) until an administrator resumes it.
    monthly = str(PROCESSES.parent / "info_network" / "monthly_report.bpmn")
    status, out, err = run(capsys, "deploy", monthly)
    assert status == 0, err
    assert "info_monthly_report 的定时发起已暂停" in out
    status, token, _ = run(capsys, "token", "wang.clerk")
    assert status == 0
    assert len(token.strip()) >= 40
    assert run(capsys, "token", "nobody")[0] == 1
    status, out, _ = run(capsys, "verify-audit")
    assert status == 0
    assert "审计链完好" in out


def test_hostile_bpmn_is_refused_with_its_problems(run, capsys, tmp_path):
    run(capsys, "init-db")
    run(capsys, "seed-demo")
    status, _, err = run(capsys, "deploy", str(DATA / "hostile" / "script_task.bpmn"))
    assert status != 0
    assert "拒绝部署 script_task.bpmn" in err
    assert "  - [" in err
    status, _, err = run(capsys, "deploy", str(DATA / "hostile" / "xxe_file_entity.bpmn"))
    assert status != 0
    assert "拒绝部署" in err
    mixed = [str(DATA / "good" / "minimal.bpmn"), str(DATA / "hostile" / "billion_laughs.bpmn")]
    status, _, err = run(capsys, "deploy", *mixed)
    assert status != 0
    assert "未部署任何文件" in err
    assert run(capsys, "deploy", "/no/such/file.bpmn")[0] != 0
    # Every refusal is on record, each file by its hash and problems (SECURITY.md 18, 19, 26).
    sql_engine = make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with sql_engine.connect() as conn:
        refused = [json.loads(after)["files"] for (after,) in conn.execute(text(
            "SELECT \"after\" FROM audit_event WHERE action = 'definition.refused' ORDER BY seq"))]
    sql_engine.dispose()
    assert [sorted(files) for files in refused] == [["script_task.bpmn"], ["xxe_file_entity.bpmn"],
                                                   ["billion_laughs.bpmn"]]
    script_task = refused[0]["script_task.bpmn"]
    assert len(script_task["sha256"]) == 64 and script_task["code"] == "definition_rejected"
    assert any(p["element_id"] for p in script_task["problems"])
    assert run(capsys, "verify-audit")[0] == 0


def test_verify_audit_finds_the_altered_event(run, capsys, tmp_path):
    run(capsys, "init-db")
    run(capsys, "seed-demo")
    run(capsys, "token", "wang.clerk")
    run(capsys, "token", "xu.clerk")
    sql_engine = make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with sql_engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor_name = 'mallory' WHERE seq = 1"))
    sql_engine.dispose()
    status, _, err = run(capsys, "verify-audit")
    assert status == 1
    assert "第1号" in err
    assert "被改动" in err


def test_manual_clock_commands(run, capsys):
    run(capsys, "init-db")
    status, out, _ = run(capsys, "clock", "show")
    assert status == 0
    assert "2026-11-02" in out
    assert run(capsys, "clock", "advance", "3")[0] == 0
    assert "2026-11-05" in run(capsys, "clock", "show")[1]
    assert run(capsys, "clock", "set", "2026-12-01T09:00:00+08:00")[0] == 0
    assert "2026-12-01" in run(capsys, "clock", "show")[1]
    assert run(capsys, "clock", "set", "not-a-time")[0] == 2
    for argv in (("set", "9999-12-31T23:59:59+08:00"), ("advance", "1e12"), ("advance", "inf")):
        status, _, err = run(capsys, "clock", *argv)
        assert status == 2 and "手动时钟只能设在2000年至2099年之间" in err, argv
    assert "2026-12-01" in run(capsys, "clock", "show")[1]
    status, _, err = run(capsys, "clock", "advance", "1", CLOCK="system")
    assert status == 1
    assert "系统时钟" in err


def test_worker_once(run, capsys):
    run(capsys, "init-db")
    status, out, _ = run(capsys, "worker", "--once")
    assert status == 0
    assert "到期任务" in out


def test_configuration_errors_exit_2(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = {"ENV": "production", "SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    status = cli.main(["init-db"], config=config)
    assert status == 2
    assert "SECRET_KEY" in capsys.readouterr().err


def _assert_migration_matches_models(connection) -> None:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    assert compare_metadata(context, Base.metadata) == []


def test_migration_upgrade_matches_models_and_downgrades_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
    config = cli.alembic_config(url)
    command.upgrade(config, "head")
    sql_engine = make_engine(url)
    with sql_engine.connect() as conn:
        _assert_migration_matches_models(conn)
    command.downgrade(config, "base")
    assert set(inspect(sql_engine).get_table_names()) == {"alembic_version"}
    sql_engine.dispose()


def test_migration_upgrade_matches_models_and_downgrades_on_postgres(pg_engine):
    schema = f"m_{uuid.uuid4().hex[:10]}"
    with pg_engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = pg_engine.url.render_as_string(hide_password=False)
    sql_engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        with sql_engine.connect() as conn:
            config = cli.alembic_config(url)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
            _assert_migration_matches_models(conn)
            command.downgrade(config, "base")
            conn.commit()
            assert set(inspect(conn).get_table_names()) == {"alembic_version"}
    finally:
        sql_engine.dispose()
        with pg_engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def test_the_printed_commands_can_be_pasted_into_the_same_shell(monkeypatch, tmp_path):
    # `make run` calls .venv/bin/lianjing, which is not on the PATH: its hints must say so.
    script = tmp_path / ".venv" / "bin" / "lianjing"
    script.parent.mkdir(parents=True)
    script.write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", [".venv/bin/lianjing", "run"])
    monkeypatch.setenv("PATH", "/nonexistent")
    assert cli._command_name() == ".venv/bin/lianjing"
    monkeypatch.setenv("PATH", str(script.parent))
    script.chmod(0o755)
    assert cli._command_name() == "lianjing"


def test_the_server_log_is_not_buried_under_spiffworkflows_task_changes(run, capsys):
    assert run(capsys, "init-db")[0] == 0
    assert logging.getLogger("spiff.task").getEffectiveLevel() == logging.WARNING
