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
from engine.models.cases import of_case
from tests.db_fixtures import DEFAULT_PG_URL
from tests.db_fixtures import _pg_reachable
from webui import cli

ROOT = Path(__file__).resolve().parents[2] / "processes"
PROCESSES = sorted((ROOT / "measures").glob("*.bpmn"))
#: step 6 of the README's installation: every registered regulation's diagrams and decision tables
EVERY_REGULATION = sorted([*ROOT.glob("*/*.bpmn"), *ROOT.glob("*/*.dmn")])
ADMIN_PASSWORD = "Kx7-county-admin-2026"


@pytest.fixture(params=["sqlite", "postgres"])
def new_database(request, tmp_path):
    """Return a function making an empty database: a new SQLite file, or a PostgreSQL database made for this
    test alone (dropped afterwards)."""
    made: list[str] = []
    server = os.environ.get("LIANJING_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    if request.param == "postgres" and not _pg_reachable(server):
        pytest.skip("PostgreSQL is not reachable")
    admin = make_engine(server, isolation_level="AUTOCOMMIT")

    def make() -> str:
        name = f"lj_install_{uuid.uuid4().hex[:10]}"
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        made.append(name)
        return server.rsplit("/", 1)[0] + "/" + name

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))  # our own databases only
    admin.dispose()


@pytest.fixture()
def empty_database(new_database) -> str:
    """The URL of an empty database."""
    return new_database()


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
    status, out, err = production("deploy", *map(str, EVERY_REGULATION))
    assert status == 0, err
    assert "info_monthly_report 的定时发起已暂停" in out and "risk_reidentification 的定时发起已暂停" in out
    users = {name for (name,) in _rows(production.url, select(User.username))}
    assert users == {"system", "county.admin"}


# --- backup and restore ------------------------------------------------------------------------------------


def _county_with_a_case(url: str, capsys) -> tuple[dict, str, int]:
    """A county database with a registered case and an attachment: (settings, a clerk's token, case id)."""
    from engine.actors import Actor
    from engine.clock import FixedClock
    from engine.db import unit_of_work
    from engine.models import HumanTask
    from engine.operations.attachments import add_attachment
    from tests.webui.conftest import clue_payload
    from tests.webui.conftest import issue
    from webui import create_app
    from webui import extensions

    config = {"TESTING": True, "DATABASE_URL": url, "CLOCK": "manual",
              "MANUAL_CLOCK_START": "2026-11-02T09:00:00+08:00"}
    for argv in (["init-db"], ["seed-demo"], ["deploy", *map(str, PROCESSES)]):
        assert cli.main(argv, config=config) == 0, capsys.readouterr().err
    app = create_app(config)
    token = issue(app, "wang.clerk")
    client = app.test_client()
    with app.app_context(), extensions.session_factory()() as session:
        cadre_id = session.execute(select(User.cadre_id).where(User.username == "zy.partychief")).scalar_one()
    registered = client.post("/api/v1/clues", json=clue_payload(cadre_id),
                             headers={"Authorization": f"Bearer {token}"})
    assert registered.status_code == 201, registered.get_json()
    case_id = registered.get_json()["case"]["id"]
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            clerk = session.execute(select(User).where(User.username == "wang.clerk")).scalar_one()
            task_id = session.execute(select(HumanTask.id).where(of_case(HumanTask, case_id))).scalar_one()
            add_attachment(session, clock, Actor(clerk, source_ip="127.0.0.1"), task_id, "letter.pdf",
                           b"%PDF-1.4\n% the letter\n%%EOF\n")
        from webui.extensions import db
        db.engine.dispose()
    return config, token, case_id


def _case_and_chain(config: dict, token: str, case_id: int, capsys) -> tuple[dict, str]:
    from webui import create_app
    from webui.extensions import db

    app = create_app(config)
    case = app.test_client().get(f"/api/v1/cases/{case_id}", headers={"Authorization": f"Bearer {token}"})
    assert case.status_code == 200
    with app.app_context():
        db.engine.dispose()
    capsys.readouterr()
    assert cli.main(["verify-audit"], config=config) == 0
    return case.get_json(), capsys.readouterr().out


def test_a_backup_restored_into_an_empty_database_agrees_with_the_original(new_database, tmp_path, capsys):
    """Issue 14 §1: restore into an empty database; verify-audit and the case page agree with the original."""
    config, token, case_id = _county_with_a_case(new_database(), capsys)
    original_case, original_chain = _case_and_chain(config, token, case_id, capsys)
    assert "审计链完好" in original_chain

    assert cli.main(["backup", str(tmp_path / "backup")], config=config) == 0, capsys.readouterr().err
    assert "附件 1 个" in capsys.readouterr().out
    restored_config = {**config, "DATABASE_URL": new_database()}
    # The restoring process reads no clock from the database: there is none yet.
    status = cli.main(["restore", str(tmp_path / "backup")], config={**restored_config, "CLOCK": "system"})
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "附件 1 个均与其 SHA-256 相符" in out

    restored_case, restored_chain = _case_and_chain(restored_config, token, case_id, capsys)
    assert restored_case == original_case
    assert restored_chain == original_chain
    [(content,)] = _rows(restored_config["DATABASE_URL"], text("SELECT content FROM attachment"))
    assert bytes(content) == b"%PDF-1.4\n% the letter\n%%EOF\n"


def test_restore_refuses_a_database_that_is_not_empty_and_an_altered_dump(new_database, tmp_path, capsys):
    config = {"TESTING": True, "DATABASE_URL": new_database(), "CLOCK": "system"}
    assert cli.main(["init-db"], config=config) == 0
    assert cli.main(["backup", str(tmp_path / "b")], config=config) == 0
    capsys.readouterr()
    assert cli.main(["restore", str(tmp_path / "b")], config=config) == 1
    assert "不是空库" in capsys.readouterr().err
    manifest = (tmp_path / "b" / "manifest.json").read_text(encoding="utf-8")
    dump = next(p for p in (tmp_path / "b").iterdir() if p.name != "manifest.json")
    dump.write_bytes(dump.read_bytes() + b"tampered")
    assert cli.main(["restore", str(tmp_path / "b")], config={**config, "DATABASE_URL": new_database()}) == 1
    assert "已被改动" in capsys.readouterr().err
    assert "sha256" in manifest
    assert cli.main(["backup", str(tmp_path / "b")], config=config) == 1  # never over an earlier backup


# --- the organisation from Excel -------------------------------------------------------------------------


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


UNITS_SHEET = [["单位编码", "单位名称", "单位类别", "上级单位编码", "文号前缀"],
               ["county", "寿县纪委", "纪委", "", "寿纪预"],
               ["town-a", "安丰镇", "乡镇", "county", "安纪预"],
               ["village-a1", "安丰镇某村", "村(社区)", "town-a", "安村预"]]
USERS_SHEET = [["用户名", "姓名", "所在单位编码", "邮箱", "干部姓名"],
               ["af.office", "安丰镇纪委干事", "town-a", "af@example.gov.cn", ""],
               ["af.mayor", "钱镇长", "town-a", "", "钱镇长"]]
ROLES_SHEET = [["用户名", "角色", "单位编码"],
               ["af.office", "预警办", "town-a"],
               ["af.mayor", "secretary", "town-a"]]


def _installed(production, tmp_path) -> None:
    production("init-db")
    production("create-admin", "county.admin", "--display-name", "管理员", "--unit-name", "寿县纪委",
               "--unit-code", "county", "--doc-prefix", "寿纪预", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")


def test_import_org_builds_the_tree_accounts_roles_and_cadre_links(production, tmp_path):
    """Issue 14 §1: units with their tree and prefixes, users, roles per unit, the user-to-cadre link."""
    from engine.models import Cadre

    _installed(production, tmp_path)
    # The cadre must be on the roster for the link: put the town in first, then its cadre, as a county would
    # (units, then the roster import, then accounts).
    first = tmp_path / "units.xlsx"
    first.write_bytes(_workbook({"单位": UNITS_SHEET}))
    status, _, err = production("import-org", str(first), "--passwords-out", str(tmp_path / "p0.csv"))
    assert status == 0, err
    sql_engine = make_engine(production.url)
    with sql_engine.begin() as conn:
        town = conn.execute(select(Unit.id).where(Unit.code == "town-a")).scalar_one()
        conn.execute(Cadre.__table__.insert().values(name="钱镇长", unit_id=town, position_title="镇长",
                                                     position_kind="principal_leader", managed_by_unit_id=town))
    sql_engine.dispose()
    book = tmp_path / "org.xlsx"
    book.write_bytes(_workbook({"单位": UNITS_SHEET, "用户": USERS_SHEET, "角色": ROLES_SHEET}))
    status, out, err = production("import-org", str(book), "--passwords-out", str(tmp_path / "p1.csv"))
    assert status == 0, err
    assert "用户新增 2" in out and "角色授予 2" in out and "关联干部 1" in out
    assert "领导、流程设计或审计角色 1 项由安装命令直接授予" in out  # the secretary's role (issue 14 §3.12)

    tree = dict(_rows(production.url, select(Unit.code, Unit.path)))
    ids = dict(_rows(production.url, select(Unit.code, Unit.id)))
    assert tree["village-a1"] == f"/{ids['county']}/{ids['town-a']}/{ids['village-a1']}/"
    assert dict(_rows(production.url, select(Unit.code, Unit.doc_prefix)))["town-a"] == "安纪预"
    roles = set(_rows(production.url, select(User.username, RoleAssignment.role, RoleAssignment.unit_id)
                      .join(RoleAssignment, RoleAssignment.user_id == User.id)))
    assert {("af.office", "warning_office", ids["town-a"]), ("af.mayor", "secretary", ids["town-a"])} <= roles
    [(cadre_id,)] = _rows(production.url, select(User.cadre_id).where(User.username == "af.mayor"))
    assert cadre_id is not None
    passwords = (tmp_path / "p1.csv").read_text(encoding="utf-8").splitlines()
    assert passwords[0] == "用户名,初始密码" and {line.split(",")[0] for line in passwords[1:]} == {"af.office",
                                                                                                 "af.mayor"}
    assert oct((tmp_path / "p1.csv").stat().st_mode & 0o777) == "0o600"
    assert production("verify-audit")[0] == 0


def test_import_org_reports_every_bad_cell_by_sheet_row_and_column_and_imports_nothing(production, tmp_path):
    _installed(production, tmp_path)
    book = tmp_path / "bad.xlsx"
    book.write_bytes(_workbook({
        "单位": [UNITS_SHEET[0], ["town-b", "", "星球", "nowhere", "有 空格"]],
        "用户": [USERS_SHEET[0], ["Bad Name", "某人", "town-x", "not-an-email", "无此人"]],
        "角色": [ROLES_SHEET[0], ["nobody", "国王", "town-y"]],
    }))
    status, _, err = production("import-org", str(book), "--passwords-out", str(tmp_path / "p.csv"))
    assert status == 1
    for cell in ("单位表 第2行 B列(单位名称)", "单位表 第2行 C列(单位类别)", "单位表 第2行 D列(上级单位编码)",
                 "单位表 第2行 E列(文号前缀)", "用户表 第2行 A列(用户名)", "用户表 第2行 C列(所在单位编码)",
                 "用户表 第2行 D列(邮箱)", "角色表 第2行 A列(用户名)", "角色表 第2行 B列(角色)",
                 "角色表 第2行 C列(单位编码)"):
        assert cell in err, cell
    assert "未导入任何内容" in err
    assert _rows(production.url, select(Unit.code)) == [("county",)]
    assert {name for (name,) in _rows(production.url, select(User.username))} == {"system", "county.admin"}
    assert not (tmp_path / "p.csv").exists()


def test_import_org_refuses_a_second_root_and_a_cadre_not_on_the_roster(production, tmp_path):
    _installed(production, tmp_path)
    book = tmp_path / "roots.xlsx"
    book.write_bytes(_workbook({"单位": [UNITS_SHEET[0], ["other-root", "另一县纪委", "纪委", "", "另纪预"]],
                                "用户": [USERS_SHEET[0], ["x.user", "某人", "county", "", "不存在的干部"]]}))
    status, _, err = production("import-org", str(book), "--passwords-out", str(tmp_path / "p.csv"))
    assert status == 1
    assert "只能有一个根单位" in err
    assert "没有名为「不存在的干部」的干部" in err


COUNTY_UNITS_SHEET = [["单位编码", "单位名称", "单位类别", "上级单位编码", "文号前缀"],
                      ["shouxian", "寿县", "县", "", "寿"],
                      ["county", "寿县纪委", "纪委", "shouxian", "寿纪预"],
                      ["county-committee", "中共寿县县委", "县委", "shouxian", "寿委"],
                      ["org-dept", "县委组织部", "组织部门", "county-committee", "寿组"],
                      ["town-a", "安丰镇", "乡镇", "shouxian", "安纪预"]]


def test_create_admin_with_the_county_puts_the_commission_under_it(production):
    """Issue 15: the tree as it is, 寿县 → 县纪委; the administrator works in the commission."""
    production("init-db")
    status, _, err = production("create-admin", "county.admin", "--display-name", "管理员", "--unit-name", "寿县纪委",
                                "--unit-code", "county", "--doc-prefix", "寿纪预", "--county-name", "寿县",
                                "--county-code", "shouxian", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert status == 0, err
    units = {code: (unit_id, kind, parent) for code, unit_id, kind, parent in
             _rows(production.url, select(Unit.code, Unit.id, Unit.kind, Unit.parent_id))}
    assert units["shouxian"][1:] == ("county", None)
    assert units["county"][1:] == ("commission", units["shouxian"][0])
    assert _rows(production.url, select(RoleAssignment.role, RoleAssignment.unit_id)) == [
        ("admin", units["county"][0])]


def test_import_org_builds_the_county_tree_in_its_real_order_and_the_admin_reaches_it(production, tmp_path):
    """The workbook lists the county first, then the commission and the county committee beside it (issue 15);
    imported before the first administrator, who is then made in the commission."""
    production("init-db")
    book = tmp_path / "county.xlsx"
    book.write_bytes(_workbook({"单位": COUNTY_UNITS_SHEET}))
    status, out, err = production("import-org", str(book), "--passwords-out", str(tmp_path / "p.csv"))
    assert status == 0, err
    ids = dict(_rows(production.url, select(Unit.code, Unit.id)))
    parents = dict(_rows(production.url, select(Unit.code, Unit.parent_id)))
    assert parents["shouxian"] is None and parents["county"] == parents["county-committee"] == ids["shouxian"]
    assert parents["org-dept"] == ids["county-committee"] and parents["town-a"] == ids["shouxian"]
    status, _, err = production("create-admin", "county.admin", "--display-name", "管理员", "--password-stdin",
                                stdin=ADMIN_PASSWORD + "\n")
    assert status == 0, err
    assert _rows(production.url, select(RoleAssignment.role, RoleAssignment.unit_id)) == [("admin", ids["county"])]
    # a later workbook repeats the tree as it stands and adds below it
    more = tmp_path / "more.xlsx"
    village = ["village-a1", "安丰镇某村", "村(社区)", "town-a", "安村预"]
    more.write_bytes(_workbook({"单位": [*COUNTY_UNITS_SHEET, village],
                                "用户": [USERS_SHEET[0], ["af.office", "安丰镇纪委干事", "town-a", "", ""]],
                                "角色": [ROLES_SHEET[0], ["af.office", "预警办", "town-a"]]}))
    status, out, err = production("import-org", str(more), "--passwords-out", str(tmp_path / "p2.csv"))
    assert status == 0, err
    assert "单位新增 1" in out and "用户新增 1" in out
