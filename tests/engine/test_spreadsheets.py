"""The ledger export (一案一例台帐, 第二十六条) and the cadre roster import (第三、十四、三十四条) as .xlsx files."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

import engine
from engine import spreadsheets
from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import Cadre
from engine.models import RoleAssignment
from engine.models import Unit
from engine.operations import cadres as cadre_import
from engine.spreadsheets import LEDGER_COLUMNS
from engine.spreadsheets import cadre_template
from engine.spreadsheets import export_ledger
from tests.engine.conftest import register

HEADERS = [c.title for c in LEDGER_COLUMNS]


def _ledger(world, username: str, **filters):
    with world.factory() as session:
        data = export_ledger(session, world.clock, world.user(session, username), **filters)
    return load_workbook(io.BytesIO(data))["一案一例台帐"]


def _data_rows(sheet) -> list[dict]:
    return [dict(zip(HEADERS, row, strict=False)) for row in sheet.iter_rows(min_row=3, values_only=True)]


@pytest.fixture()
def two_cases(world, walker_for):
    """An approved inquiry handled by the county, and a fresh clue handled by 正阳关镇 about a town-managed cadre."""
    county = walker_for("town-zhengyang", "镇长")
    county.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    county.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
    county.do("xu.clerk", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
    county.do("li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")
    town = walker_for("town-zhengyang", "财政所所长", username="zy.office")
    return county.case(), town.case()


def test_export_has_title_headers_and_a_row_per_visible_case_第二十六条(world, two_cases):
    county_case, town_case = two_cases
    sheet = _ledger(world, "wang.clerk")
    assert sheet["A1"].value == "一案一例台帐(导出于 2026年11月2日)"
    assert [c.value for c in sheet[2]] == HEADERS
    assert all(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "B3"
    rows = _data_rows(sheet)
    assert [r["案件编号"] for r in rows] == [town_case.number, county_case.number]  # newest first, as list_cases
    inquiry = rows[1]
    assert inquiry["预警对象"] and inquiry["单位"] == "正阳关镇" and inquiry["职务"] == "镇长"
    assert inquiry["承办单位"] == "寿县纪委"
    assert inquiry["预警类型"] == "谈话函询"
    assert inquiry["线索来源"] == "群众信访举报"
    assert inquiry["当前阶段"] == "组织实施"
    assert inquiry["状态"] == "办理中"
    assert inquiry["批准日期"] == dt.datetime(2026, 11, 2)
    assert inquiry["逾期"] == "否" and inquiry["已延期(天)"] == 0
    assert rows[0]["预警类型"] == "待定" and rows[0]["批准日期"] is None
    approved = sheet.cell(row=4, column=HEADERS.index("批准日期") + 1)
    assert approved.is_date and approved.number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["A"].width == LEDGER_COLUMNS[0].width


def test_export_shows_a_unit_only_its_own_cases(world, two_cases):
    _, town_case = two_cases
    assert [r["案件编号"] for r in _data_rows(_ledger(world, "zy.office"))] == [town_case.number]
    assert _data_rows(_ledger(world, "wb.office")) == [
        {"案件编号": "(没有符合条件的案件)", **{h: None for h in HEADERS[1:]}}
    ]
    # Holding no case-reading role sees nothing either (the designer designs processes, not cases).
    assert len(_data_rows(_ledger(world, "sun.designer"))) == 1


def test_export_applies_the_ledger_filters(world, two_cases):
    county_case, _ = two_cases
    rows = _data_rows(_ledger(world, "wang.clerk", warning_type="inquiry", page=7, per_page=1))
    assert [r["案件编号"] for r in rows] == [county_case.number]


def test_export_says_so_when_capped(world, two_cases, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_EXPORT_ROWS", 1)
    rows = _data_rows(_ledger(world, "wang.clerk"))
    assert len(rows) == 2
    assert rows[1]["案件编号"] == "共2条,仅导出前1条;请缩小筛选范围后分批导出。"


def test_export_writes_formula_like_text_as_text(world):
    with unit_of_work(world.factory) as session:
        town = session.execute(select(Unit).where(Unit.code == "town-wabu")).scalar_one()
        cadre = Cadre(name='=HYPERLINK("http://evil.example","点我")', unit_id=town.id, position_title="副镇长",
                      position_kind="group_member", managed_by_unit_id=town.id)
        session.add(cadre)
        session.flush()
        cadre_id = cadre.id
    register(world, "wb.office", cadre_id)
    sheet = _ledger(world, "wb.office")
    cell = sheet.cell(row=3, column=HEADERS.index("预警对象") + 1)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


# --- import -------------------------------------------------------------------------------------------------


def _xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ("姓名", "单位编码", "职务", "职务类别", "管理单位编码")


def _import(world, username: str, data: bytes):
    with unit_of_work(world.factory) as session:
        return engine.import_cadres(session, world.clock, world.actor(session, username), data)


def _counts(world) -> tuple[int, int]:
    with world.factory() as session:
        return (session.execute(select(func.count(Cadre.id))).scalar_one(),
                session.execute(select(func.count(AuditEvent.id))).scalar_one())


def _cadre(world, unit_code: str, name: str) -> Cadre | None:
    with world.factory() as session:
        return session.execute(select(Cadre).join(Unit, Unit.id == Cadre.unit_id)
                               .where(Unit.code == unit_code, Cadre.name == name)).scalar_one_or_none()


def test_import_creates_and_updates_cadres_and_audits_once(world):
    with world.factory() as session:
        deputy = session.get(Cadre, world.cadre_id("dept-finance", "副局长"))
        deputy_name = deputy.name
        deputy_id = deputy.id
    cadres_before, events_before = _counts(world)
    data = _xlsx(HEADER,
                 ("李  明", "town-wabu", "副镇长", "班子其他成员", "county"),
                 ("王芳", "dept-finance", "办公室副主任", "其他干部", None),
                 (deputy_name, "dept-finance", "常务副局长", "班子其他成员", "county"),
                 (None, None, None, None, None))
    result = _import(world, "admin", data)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert _counts(world) == (cadres_before + 2, events_before + 1)
    li = _cadre(world, "town-wabu", "李明")  # padding spaces inside a name are dropped
    assert li.position_kind == "group_member"
    assert li.managed_by_unit_id == world.unit_id("county")
    wang = _cadre(world, "dept-finance", "王芳")
    assert wang.managed_by_unit_id == world.unit_id("dept-finance")  # blank: managed by their own unit
    with world.factory() as session:
        assert session.get(Cadre, deputy_id).position_title == "常务副局长"
        event = session.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
        assert event.action == "cadres.imported"
        assert event.actor_role == "admin"
        assert event.after["created"] == 2 and event.after["updated"] == 1
        assert event.after["changes"][str(deputy_id)]["position_title"] == ["副局长", "常务副局长"]
        assert engine.verify_audit_chain(session).ok

    again = _import(world, "admin", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_import_accepts_unit_names_and_keeps_an_existing_managing_unit(world):
    with world.factory() as session:
        mayor = session.get(Cadre, world.cadre_id("town-zhengyang", "镇长"))
    result = _import(world, "admin", _xlsx(("备注", "姓名", "单位名称", "职务", "职务类别"),
                                            ("新任", mayor.name, "正阳关镇", "镇长", "主要负责人"),
                                            (None, "赵雷", "安丰镇", "国土所副所长", "其他干部")))
    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    assert _cadre(world, "town-zhengyang", mayor.name).managed_by_unit_id == world.unit_id("county")
    assert _cadre(world, "town-anfeng", "赵雷").managed_by_unit_id == world.unit_id("town-anfeng")


def test_import_reports_every_bad_cell_and_imports_nothing(world):
    before = _counts(world)
    data = _xlsx(HEADER,
                 ("陈一", "town-wabu", "副镇长", "处长", None),
                 ("陈二", "no-such-unit", None, "其他干部", None),
                 (None, None, None, None, None),
                 ("陈一", "town-wabu", "镇长助理", "其他干部", None),
                 ("陈三", "town-wabu", "所长", "其他干部", "town-anfeng"),
                 ("陈四", "town-anfeng", "所长", "其他干部", None))
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", data)
    assert refused.value.message_zh.startswith("有4行数据有误,未导入任何干部")
    assert refused.value.details == {
        "第2行 D列(职务类别)": ["「处长」不是可选的职务类别:主要负责人、班子其他成员、其他干部"],
        "第3行 B列(单位编码)": ["「no-such-unit」不是已有的单位编码"],
        "第3行 C列(职务)": ["不能为空"],
        "第5行 A列(姓名)": ["与第2行重复(同一单位同名的干部只能出现一次)"],
        "第6行 E列(管理单位编码)": ["「安丰镇」不是「瓦埠镇」或其上级单位,不能作为管理单位(第三、十四条)"],
    }
    assert _counts(world) == before
    assert _cadre(world, "town-anfeng", "陈四") is None  # the good row was not imported either


def test_import_refuses_duplicates_within_the_file(world):
    data = _xlsx(HEADER, ("陈一", "town-wabu", "副镇长", "班子其他成员", None),
                 ("陈一", "town-wabu", "镇长助理", "其他干部", None))
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", data)
    assert refused.value.details == {"第3行 A列(姓名)": ["与第2行重复(同一单位同名的干部只能出现一次)"]}


def test_import_refuses_a_row_matching_two_cadres_on_the_roster(world):
    with unit_of_work(world.factory) as session:
        town = session.execute(select(Unit).where(Unit.code == "town-wabu")).scalar_one()
        for title in ("副镇长", "镇长助理"):
            session.add(Cadre(name="周同名", unit_id=town.id, position_title=title, position_kind="other",
                              managed_by_unit_id=town.id))
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", _xlsx(HEADER, ("周同名", "town-wabu", "副镇长", "其他干部", None)))
    assert list(refused.value.details) == ["第2行 A列(姓名)"]


def test_template_has_header_and_example_and_its_example_is_not_imported(world):
    sheet = load_workbook(io.BytesIO(cadre_template())).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADER)
    assert [c.value for c in sheet[2]] == list(spreadsheets.CADRE_EXAMPLE)
    before = _counts(world)
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", cadre_template())
    assert refused.value.details == {"第2行 A列(姓名)": ["这是模板中的示例行,请删除后再导入"]}
    assert _counts(world) == before


def test_the_templates_example_row_follows_its_own_rules(world):
    """Issue 15: the example contradicted its rules (a deputy town head marked as the principal leader). Renamed,
    it imports; its kind agrees with its title; the county managing a town cadre is the town's superior."""
    name, unit, title, kind, manager = spreadsheets.CADRE_EXAMPLE
    assert title.startswith("副") and kind == "班子其他成员"
    imported = _import(world, "admin", _xlsx(HEADER, ("李四", unit, title, kind, manager)))
    assert imported.created == 1


def test_import_refuses_a_header_unlike_the_template(world):
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", _xlsx(("姓名", "职务"), ("陈一", "副镇长")))
    assert refused.value.details == {"第1行(表头)": ["缺少「职务类别」列", "缺少「单位编码」或「单位名称」列"]}


@pytest.mark.parametrize("data", [
    b"name,unit\n\xe5\xbc\xa0\xe4\xb8\x89,county\n",
    b"",
    b"PK\x03\x04 truncated",
], ids=["csv", "empty", "broken-zip"])
def test_import_refuses_what_is_not_an_xlsx(world, data):
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", data)
    assert refused.value.message_zh == "文件不是有效的 Excel(.xlsx)文件"


def test_import_refuses_a_zip_that_is_not_a_workbook_or_carries_a_doctype(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hello")
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", buffer.getvalue())
    assert refused.value.message_zh == "文件不是有效的 Excel(.xlsx)文件"

    hostile = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx(HEADER))) as source, zipfile.ZipFile(hostile, "w") as package:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
            package.writestr(member, body)
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", hostile.getvalue())
    assert "DOCTYPE" in refused.value.message_zh


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_import_refuses_a_utf16_part_without_a_byte_order_mark(world, encoding):
    # issue 14 §3.15: without a BOM the DOCTYPE's bytes are interleaved with NULs, so a byte scan misses it.
    hostile = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx(HEADER))) as source, zipfile.ZipFile(hostile, "w") as package:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                text = body.decode("utf-8")
                if text.startswith("<?xml"):
                    text = text.split("?>", 1)[1]
                body = ('<!DOCTYPE x [<!ENTITY a "aaaa">]>' + text).encode(encoding)
                assert not body.startswith((b"\xff\xfe", b"\xfe\xff")) and b"<!DOCTYPE" not in body
            package.writestr(member, body)
    before = _counts(world)
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", hostile.getvalue())
    assert "DOCTYPE" in refused.value.message_zh
    assert _counts(world) == before


def test_import_caps_the_rows(world, monkeypatch):
    monkeypatch.setattr(cadre_import, "MAX_IMPORT_ROWS", 2)
    data = _xlsx(HEADER, *[(f"陈{i}", "town-wabu", "干事", "其他干部", None) for i in range(3)])
    with pytest.raises(FormInvalid) as refused:
        _import(world, "admin", data)
    assert refused.value.code == "too_many_rows"


@pytest.mark.parametrize("username", ["wang.clerk", "zheng.org", "sun.designer"])
def test_only_an_admin_may_import(world, username):
    before = _counts(world)
    with pytest.raises(NotPermitted):
        _import(world, username, _xlsx(HEADER, ("陈一", "town-wabu", "副镇长", "班子其他成员", None)))
    assert _counts(world) == before



def test_a_unit_admin_imports_only_cadres_of_units_below_it(world):
    with unit_of_work(world.factory) as session:
        clerk = world.user(session, "wb.office")
        session.add(RoleAssignment(user_id=clerk.id, role="admin", unit_id=clerk.unit_id))
    own = ("陈一", "town-wabu", "副镇长", "班子其他成员", "county")
    other = ("陈二", "town-anfeng", "副镇长", "班子其他成员", None)
    with pytest.raises(FormInvalid) as refused:
        _import(world, "wb.office", _xlsx(HEADER, own, other))
    assert refused.value.details == {"第3行 B列(单位编码)": ["「安丰镇」不在您管理的单位范围内,无权导入其干部"]}
    assert _import(world, "wb.office", _xlsx(HEADER, own)).created == 1
