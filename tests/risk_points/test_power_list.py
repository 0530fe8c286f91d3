"""A unit's power list (权力清单) in Excel (issue 12 §1): every cell checked, nothing written on any bad row.

Rules: 「000 第二篇 二」 认真梳理权力 … 制定职权目录 (the list, its fields DOMAIN.md §5); 「004 十」第三步 清权确权
(each power has its basis, 设定依据); 「004 六」 明确岗位职责 (a responsible office); 「000 第五篇 二(五)」 major
matters are decided collectively (事项类别 重大事项(集体决策) or 一般事项). Items match on their 编码 within the unit.
"""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models import AuditEvent
from processes.risk_points.models import PowerItem
from processes.risk_points.power_list import EXAMPLE
from processes.risk_points.power_list import FIELDS
from processes.risk_points.power_list import HEADERS
from processes.risk_points.power_list import check_row
from processes.risk_points.power_list import export_power_list
from processes.risk_points.power_list import import_power_list
from processes.risk_points.power_list import power_list_template

ROW = {**EXAMPLE, "code": "CZ-CG-002", "name": "政府采购信息公告审核", "major": "一般事项"}


def _row(**changes) -> list:
    values = {**ROW, **changes}
    return [values[name] for name in FIELDS]


def _sheet(*rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(world, content: bytes, username: str | None = "cz.head", unit: str = "dept-finance", reason=None):
    unit_id = world.unit_id(unit)
    with unit_of_work(world.factory) as session:
        actor = world.actor(session, username) if username else SYSTEM
        return import_power_list(session, world.clock, actor, unit_id, content, reason)


def _items(world) -> dict[str, PowerItem]:
    with world.factory() as session:
        return {i.code: i for i in session.execute(select(PowerItem)).scalars()}


def _refused(world, content: bytes) -> dict[str, list[str]]:
    with pytest.raises(FormInvalid) as refused:
        _import(world, content)
    assert refused.value.status == 422
    assert _items(world) == {}  # nothing written
    return refused.value.details


def test_the_templates_example_row_obeys_every_rule_and_is_still_not_imported_as_is(risk_world):
    """The example shows a well-formed major item (「000 第五篇 二(五)」); left in the file it is refused, so a
    forgotten example never enters a unit's list."""
    fields, problems = check_row(EXAMPLE)
    assert problems == {} and fields["major"] is True and fields["legal_basis"]
    book = openpyxl.load_workbook(io.BytesIO(power_list_template()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == HEADERS and len(rows) == 2
    assert dict(zip(FIELDS, rows[1], strict=True)) == {k: v or None for k, v in EXAMPLE.items()}
    details = _refused(risk_world, power_list_template())
    assert details == {"第2行 A列(编码)": ["这是模板中的示例行,请删除后再导入"]}


@pytest.mark.parametrize(("change", "cell", "message"), [
    ({"code": ""}, "A列(编码)", "不能为空"),
    ({"code": "CZ 002"}, "A列(编码)", "编码不能含空格"),
    ({"code": "C" * 33}, "A列(编码)", "不能超过32个字"),
    ({"name": None}, "B列(权力名称)", "不能为空"),
    ({"major": "重大"}, "C列(事项类别)", "「重大」不是可选的事项类别:重大事项(集体决策)、一般事项"),
    ({"major": ""}, "C列(事项类别)", "不能为空"),
    ({"legal_basis": " "}, "E列(设定依据)", "不能为空"),  # 「004 十」第三步 清权确权
    ({"responsible_office": None}, "H列(责任科室)", "不能为空"),  # 「004 六」明确岗位职责
    ({"contact_phone": "电话待定"}, "K列(联系电话)",
     "「电话待定」不是有效的电话号码:只能含数字和连字符“-”,如0554-4022001、12388"),
    ({"supervision_phone": "123"}, "L列(监督电话)",
     "「123」不是有效的电话号码:只能含数字和连字符“-”,如0554-4022001、12388"),
    ({"time_limit": dt.datetime(2026, 12, 1)}, "J列(办理时限)", "单元格格式不对:应为文字,不能是日期或时间"),
    ({"name": True}, "B列(权力名称)", "单元格格式不对:应为文字,不能是是非值(TRUE/FALSE)"),
    ({"service_object": "县" * 201}, "D列(服务对象)", "不能超过200个字"),
])
def test_each_bad_cell_is_named_by_row_and_column_and_nothing_is_written(risk_world, change, cell, message):
    """Issue 12 §1: every bad cell reported by row and column, nothing imported on error (DOMAIN.md §5 fields)."""
    details = _refused(risk_world, _sheet(_row(code="CZ-CG-001", name="政府采购预算审核"), _row(**change)))
    assert details == {f"第3行 {cell}": [message]}


def test_every_bad_row_is_listed_at_once_with_its_row_number(risk_world):
    with pytest.raises(FormInvalid) as refused:
        _import(risk_world, _sheet(_row(major="重大", contact_phone="x"), _row(code="CZ-CG-003", name="",
                                                                                legal_basis=None)))
    assert refused.value.message_zh == "有2行数据有误,未导入任何权力事项;请按提示修改后重新上传"
    assert list(refused.value.details) == ["第2行 C列(事项类别)", "第2行 K列(联系电话)", "第3行 B列(权力名称)",
                                           "第3行 E列(设定依据)"]
    assert _items(risk_world) == {}


def test_the_same_code_or_name_twice_in_a_file_is_refused(risk_world):
    """Items match on 编码 within the unit (migration 0014's unique code): one row per code and per power."""
    details = _refused(risk_world, _sheet(_row(), _row(name="另一事项"), _row(code="CZ-CG-009")))
    assert details == {"第3行 A列(编码)": ["与第2行编码重复(同一单位的编码只能出现一次)"],
                       "第4行 B列(权力名称)": ["与第2行权力名称重复(同一权力只能登记一次)"]}


def test_rows_create_then_update_by_code_each_change_audited_with_who_and_why(risk_world):
    """A re-import updates the item of the same 编码 (a rename too), leaves the others, and records every change
    with its before, after, who and why (the register is living, issue 12 §2)."""
    first = _import(risk_world, _sheet(_row(), _row(code="CZ-ZJ-001", name="财政专项资金拨付审批",
                                                   major="重大事项(集体决策)")))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    items = _items(risk_world)
    assert items["CZ-ZJ-001"].major is True and items["CZ-CG-002"].major is False
    assert items["CZ-CG-002"].supervision_phone == "12388"

    again = _import(risk_world, _sheet(_row(name="政府采购信息公告审核(含更正公告)")), reason="2027年清权确权")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 0)
    items = _items(risk_world)
    assert items["CZ-CG-002"].name == "政府采购信息公告审核(含更正公告)" and "CZ-ZJ-001" in items  # never deleted
    with risk_world.factory() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.object_type == "power_item")
                                 .order_by(AuditEvent.seq)).scalars().all()
        assert [e.action for e in events] == ["power_item.created", "power_item.created", "power_item.revised"]
        revised = events[-1]
        assert revised.reason == "2027年清权确权" and revised.actor_name == "预算股股长"
        assert revised.before["name"] == "政府采购信息公告审核" and revised.after["name"].endswith("(含更正公告)")
        assert events[0].reason == "导入权力清单"


def test_every_change_of_a_power_item_is_a_new_version_with_who_when_and_why(risk_world):
    """The power list is living like the register (issue 12 §2; 「000 第二篇 二」 清权确权): version 1 at the
    import that creates an item, a new version at each import that changes it, none when nothing changed."""
    _import(risk_world, _sheet(_row()))
    _import(risk_world, _sheet(_row()), reason="复核,无变化")
    _import(risk_world, _sheet(_row(time_limit="3个工作日")), reason="压缩办理时限")
    with risk_world.factory() as session:
        item = session.execute(select(PowerItem).where(PowerItem.code == "CZ-CG-002")).scalar_one()
        assert item.version == 2
        assert [(v.version, v.reason, v.content["time_limit"]) for v in item.versions] == [
            (1, "导入权力清单", EXAMPLE["time_limit"]), (2, "压缩办理时限", "3个工作日")]
        head = risk_world.user(session, "cz.head")
        assert {v.changed_by_id for v in item.versions} == {head.id}
        assert item.versions[-1].changed_at == risk_world.clock.now()


def test_a_new_code_for_a_power_already_listed_is_refused(risk_world):
    """The same power listed twice under two numbers would split its risk points: use its code to update it."""
    _import(risk_world, _sheet(_row()))
    with pytest.raises(FormInvalid) as refused:
        _import(risk_world, _sheet(_row(code="CZ-CG-099")))
    assert refused.value.details == {
        "第2行 B列(权力名称)": ["本单位权力清单中已有同名事项(编码CZ-CG-002),请使用该编码以更新它"]}
    assert set(_items(risk_world)) == {"CZ-CG-002"}


def test_the_export_reimported_changes_nothing(risk_world):
    _import(risk_world, _sheet(_row(), _row(code="007", name="会计代理记账机构审批", contact_phone=None,
                                            remarks="每年复核一次")))
    finance = risk_world.unit_id("dept-finance")
    with risk_world.factory() as session:
        filename, content = export_power_list(session, None, finance)
    assert filename == "县财政局权力清单.xlsx"
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0] == HEADERS and [r[0] for r in rows[1:]] == ["007", "CZ-CG-002"]  # text keeps its zeros
    again = _import(risk_world, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    with risk_world.factory() as session:
        assert session.execute(select(func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action == "power_item.revised")).scalar_one() == 0


def test_a_header_unlike_the_template_is_refused(risk_world):
    headers = tuple(h for h in HEADERS if h != "设定依据")
    with pytest.raises(FormInvalid) as refused:
        _import(risk_world, _sheet(_row()[:4] + _row()[5:], headers=headers))
    assert refused.value.details == {"第1行(表头)": ["缺少「设定依据」列"]}


def test_only_the_units_editors_import_its_list(risk_world):
    """access.EDITOR_ROLES: staff read their unit's list but may not change it (403); another unit's list is not
    theirs to see (404, SECURITY.md 24)."""
    with pytest.raises(NotPermitted):
        _import(risk_world, _sheet(_row()), username="cz.staff1")
    with pytest.raises(NotFound):
        _import(risk_world, _sheet(_row()), username="cz.head", unit="town-zhengyang")
    assert _items(risk_world) == {}


def test_a_column_left_out_of_the_file_leaves_that_field_as_it_was(risk_world):
    _import(risk_world, _sheet(_row(remarks="每年复核一次")))
    headers = tuple(h for h in HEADERS if h != "备注")
    again = _import(risk_world, _sheet(_row(time_limit="3个工作日")[:-1], headers=headers))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 0)
    item = _items(risk_world)["CZ-CG-002"]
    assert item.remarks == "每年复核一次" and item.time_limit == "3个工作日"
