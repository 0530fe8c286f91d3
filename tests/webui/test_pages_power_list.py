"""权力清单 /risks/powers (issue 12 §1; 「000 第二篇 二」 制定职权目录): a unit's power items with their risk points,
scoped like the register (a unit not read is 404, an import by a reader who may not change it 403), the Excel
import refused cell by cell with nothing written (422), and the export that re-imports unchanged."""
from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import AuditEvent
from processes.risk_points.demo import DEMO_POWERS
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.models import PowerItem
from processes.risk_points.power_list import EXAMPLE
from processes.risk_points.power_list import FIELDS
from processes.risk_points.power_list import HEADERS
from tests.webui.pages import demo_password_hash
from tests.webui.pages import one
from tests.webui.pages import text_of
from tests.webui.test_pages_language import chinese_headings
from tests.webui.test_pages_risks import _unit_id
from webui import extensions


@pytest.fixture()
def risk_pages(page_app, browser):
    """The demo county with the finance bureau's and 正阳关镇's register people (processes/risk_points/demo.py)."""
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_risk_demo(session, clock, password_hash=demo_password_hash())
    return browser


ROW = {**EXAMPLE, "code": "CZ-ZJ-001", "name": "财政专项资金拨付审批"}


def _sheet(*rows: dict) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(HEADERS))
    for row in rows:
        book.active.append([{**ROW, **row}[name] for name in FIELDS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, unit_id: int, content: bytes, name: str = "权力清单.xlsx", reason: str = ""):
    client.get(f"/risks/powers?unit_id={unit_id}")
    return client.client.post("/risks/powers/import", content_type="multipart/form-data", data={
        "csrf_token": client.token, "unit_id": str(unit_id), "reason": reason,
        "file": (io.BytesIO(content), name)})


def _count(page_app) -> int:
    """Power items beyond the demo's (the finance bureau's, processes/risk_points/demo.py): what imports wrote."""
    return one(page_app, select(func.count()).select_from(PowerItem)) - len(DEMO_POWERS)


def test_an_editor_imports_the_list_and_sees_it_with_its_risk_points(risk_pages, page_app):
    """The office head (access.EDITOR_ROLES) imports; the list shows each item, major or ordinary. 正阳关镇: the
    demo gives it a register but no power list yet (the finance bureau's is the demo's)."""
    town = _unit_id(page_app, "town-zhengyang")
    head = risk_pages("zy.head")
    page = text_of(head.get("/risks/powers"))  # an editor lands on the list they keep
    assert "权力清单" in page and 'id="power-unit">正阳关镇' in page and 'id="import-form"' in page
    assert "本单位尚未登记权力清单" in page
    done = _upload(head, town, _sheet({}, {"code": "CZ-CG-002", "name": "政府采购信息公告审核",
                                               "major": "一般事项"}), reason="年度清权确权")
    assert done.status_code == 302
    listed = text_of(head.get(done.headers["Location"]))
    assert "权力清单导入完成:新增2项,更新0项,未变0项" in listed
    assert "财政专项资金拨付审批" in listed and "政府采购信息公告审核" in listed
    assert listed.count('data-major="yes"') == 1 and listed.count('data-risk-count="0"') == 2
    assert "共2项权力事项,其中重大事项(集体决策)1项。" in listed
    assert one(page_app, select(AuditEvent.reason).where(AuditEvent.action == "power_item.created")
               .limit(1)) == "年度清权确权"


def test_a_bad_file_is_refused_422_row_by_row_and_nothing_is_written(risk_pages, page_app):
    finance = _unit_id(page_app, "dept-finance")
    refused = _upload(risk_pages("cz.head"), finance, _sheet({"major": "重大"}, {"code": "CZ-CG-002", "name": "",
                                                                              "legal_basis": None}))
    assert refused.status_code == 422
    page = text_of(refused)
    assert 'id="import-error-table"' in page and "有2行数据有误,未导入任何权力事项" in page
    assert "第2行 C列(事项类别)" in page and "「重大」不是可选的事项类别" in page
    assert "第3行 B列(权力名称)" in page and "第3行 E列(设定依据)" in page
    assert _count(page_app) == 0
    not_excel = _upload(risk_pages("cz.head"), finance, b"code,name\n", "list.csv")
    assert not_excel.status_code == 422 and "不是有效的 Excel" in text_of(not_excel)


def test_the_list_is_scoped_like_the_register(risk_pages, page_app):
    """access.py: a town's staff do not see the finance bureau's list (404); staff read their own unit's list but
    an import there is 403; the county commission reads every unit's list but imports none (403)."""
    finance, town = _unit_id(page_app, "dept-finance"), _unit_id(page_app, "town-zhengyang")
    staff = risk_pages("zy.staff")
    assert staff.get(f"/risks/powers?unit_id={finance}").status_code == 404
    assert staff.get(f"/risks/powers/export.xlsx?unit_id={finance}").status_code == 404
    assert staff.get("/risks/powers?unit_id=999999").status_code == 404
    own = text_of(staff.get("/risks/powers"))
    assert 'id="power-unit">正阳关镇' in own and 'id="import-form"' not in own
    assert _upload(staff, town, _sheet({})).status_code == 403
    clerk = risk_pages("wang.clerk")
    assert clerk.get(f"/risks/powers?unit_id={finance}").status_code == 200
    assert _upload(clerk, finance, _sheet({})).status_code == 403
    assert _upload(risk_pages("cz.head"), town, _sheet({})).status_code == 404
    assert _count(page_app) == 0


def test_the_export_round_trips_and_the_template_obeys_the_rules(risk_pages, page_app):
    """Re-importing the export changes nothing (no item updated, no audit event of a change)."""
    town = _unit_id(page_app, "town-zhengyang")
    head = risk_pages("zy.head")
    assert _upload(head, town, _sheet({}, {"code": "008", "name": "会计代理记账机构审批",
                                               "major": "一般事项", "remarks": "每年复核"})).status_code == 302
    exported = head.get(f"/risks/powers/export.xlsx?unit_id={town}")
    assert exported.status_code == 200 and exported.mimetype.endswith("spreadsheetml.sheet")
    assert "%E6%AD%A3%E9%98%B3%E5%85%B3%E9%95%87" in exported.headers["Content-Disposition"]  # 正阳关镇…
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.data)).active.iter_rows(values_only=True))
    assert rows[0] == HEADERS and [r[0] for r in rows[1:]] == ["008", "CZ-ZJ-001"]
    again = _upload(head, town, exported.data)
    assert again.status_code == 302
    assert "新增0项,更新0项,未变2项" in text_of(head.get(again.headers["Location"]))
    assert one(page_app, select(func.count()).select_from(AuditEvent)
               .where(AuditEvent.action == "power_item.revised")) == 0
    template = head.get("/risks/powers/template.xlsx")
    refused = _upload(head, town, template.data)
    assert refused.status_code == 422 and "这是模板中的示例行,请删除后再导入" in text_of(refused)


def test_the_register_links_to_the_power_list(risk_pages):
    assert 'href="/risks/powers"' in text_of(risk_pages("cz.staff1").get("/risks"))


def test_the_power_list_speaks_english(risk_pages, page_app):
    finance = _unit_id(page_app, "dept-finance")
    head = risk_pages("cz.head")
    _upload(head, finance, _sheet({"major": "重大"}))
    assert head.post("/language", {"lang": "en", "next": "/"}).status_code == 302
    refused = text_of(_upload(head, finance, _sheet({"major": "重大"})))
    assert "Rows with errors: 1. No power item was imported" in refused
    assert "“重大” is not a kind of matter; choose one of: 重大事项(集体决策)、一般事项" in refused
    assert not chinese_headings(refused, "县财政局", "第2行 C列(事项类别)")
