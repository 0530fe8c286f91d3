"""What each regulation files in a cadre's integrity file and shows on a unit's timeline (engine.registry), and
the risk register's DOCX register and public notice.

Rules: 「004 十」第八步 (签字备案……记入干部廉政档案), issue 13 §3 (items "entered in the integrity file", a
timeline per unit and per cadre), 「001 第一篇(四)四是」 (the colours), 「001 第三篇(二)1(3)」 (公示不少于一周),
「001 第三篇(二)2(3)」 (按风险等级、科室、职级、岗位顺序登记). Each reader gets only what the package's own reading
rule gives them (processes/risk_points/access.py, processes/info_network/access.py).
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as read_docx
from sqlalchemy import select

from engine.db import unit_of_work
from engine.errors import NotFound
from engine.errors import RuleViolation
from engine.registry import REGISTRY
from engine.seed import add_people
from processes.info_network.models import InfoItem
from processes.info_network.models import InfoWarning
from processes.risk_points import create_risk_point
from processes.risk_points.documents_register import REGISTER_HEADERS
from processes.risk_points.documents_register import notice_docx
from processes.risk_points.documents_register import register_docx
from processes.risk_points.models import RiskPoint
from processes.risk_points.register import record_change


def _point(title: str, level: int, *, cadre_id: int | None, post: str, office: str) -> dict:
    return {"scope": "post", "post": post, "office": office, "cadre_id": cadre_id, "risk_type": "post_duty",
            "title": title, "manifestations": f"{title}中以权谋私。", "level": level,
            "measures": [{"text": f"{title}集体研究", "owner": "局长", "check_method": "查阅会议纪要"}]}


@pytest.fixture()
def filed(risk_world):
    """The finance bureau's director has a filed level-1 point of his post and an unfiled level-2 one; the
    budget office a filed level-3 point; the county's network graded an item about him and warned him."""
    world = risk_world
    unit_id = world.unit_id("dept-finance")
    director = world.cadre_id("dept-finance", "局长")
    with unit_of_work(world.factory) as session:
        # the network's county centre and the bureau's information officer (「002 一」)
        add_people(session, [("yj.centre", "县预警中心主任", "county", ("info_centre",)),
                             ("cz.officer", "县财政局预警信息员", "dept-finance", ("info_officer",))],
                   password_hash="x")
        actor = world.actor(session, "cz.principal")
        ids = {}
        for key, data in (("filed", _point("资金拨付审批", 1, cadre_id=director, post="局长", office="局领导")),
                          ("draft", _point("政府采购审批", 2, cadre_id=director, post="局长", office="局领导")),
                          ("office", _point("预算指标下达", 3, cadre_id=None, post="预算股股长", office="预算股"))):
            ids[key] = create_risk_point(session, world.clock, actor, unit_id, data, "第二步自查").id
        for key in ("filed", "office"):
            point = session.get(RiskPoint, ids[key])
            point.filed_on = dt.date(2026, 11, 2)
            record_change(session, world.clock, actor, point, "2026年度风险点查找第八步:签字备案")
        now = world.clock.now()
        graded = InfoItem(category="conduct", source="public", cadre_id=director, facts="群众反映其违规接受宴请。",
                          reported_on=dt.date(2026, 10, 20), year=2026, verified=True, level=2, suggested_level=2,
                          level_decided_at=now, created_at=now)
        ungraded = InfoItem(category="conduct", source="public", cadre_id=director, facts="尚未核实的反映。",
                            reported_on=dt.date(2026, 10, 25), year=2026, verified=False, created_at=now)
        session.add_all([graded, ungraded])
        session.flush()
        session.add(InfoWarning(kind="colour", cadre_id=director, year=2026, colour="yellow", score=8,
                                item_id=graded.id, created_at=now))
        ids.update(graded=graded.id, ungraded=ungraded.id)
    return world, director, unit_id, ids


def _file(world, username: str, cadre_id: int):
    with world.factory() as session:
        return REGISTRY.cadre_file(session, world.clock, world.user(session, username), cadre_id)


def test_004_十_第八步_a_filed_point_of_the_cadres_post_enters_their_integrity_file(filed):
    """「004 十」第八步: filed with the organisation department and "记入干部廉政档案" — filed points only."""
    world, director, _, ids = filed
    entries = [e for e in _file(world, "zheng.org", director) if e.kind == "risk_point_filed"]
    assert [e.summary.split(":")[1].split("(")[0] for e in entries] == ["资金拨付审批"]
    assert entries[0].grade == "一级风险" and entries[0].on == dt.date(2026, 11, 2)
    assert entries[0].source_label == "廉政风险防范管理"


def test_the_register_files_only_for_those_who_read_the_units_register(filed):
    """issue 12 users: the organisation department and the unit read the filed copy; another town does not."""
    world, director, _, _ = filed
    assert any(e.kind == "risk_point_filed" for e in _file(world, "cz.office", director))
    assert not any(e.kind == "risk_point_filed" for e in _file(world, "wb.office", director))


def test_graded_items_and_their_warnings_enter_the_file_for_the_networks_readers(filed):
    """issue 13 §3: graded items about a cadre (「002 四」) and their colour warnings (「001 第一篇(四)四是」)
    are in the file; an unverified, ungraded item is not; the county centre reads them, the organisation
    department (no reader of the item database) and a unit's officer do not."""
    world, director, _, ids = filed
    kinds = {e.kind: e for e in _file(world, "yj.centre", director)}
    assert kinds["info_item_graded"].grade == "二级预警" and "违规接受宴请" in kinds["info_item_graded"].summary
    assert kinds["info_warning"].grade == "黄色预警" and "8分" in kinds["info_warning"].summary
    assert all("尚未核实" not in e.summary for e in _file(world, "yj.centre", director))
    for reader in ("zheng.org", "cz.officer"):
        assert not [e for e in _file(world, reader, director) if e.kind.startswith("info_")], reader


def test_the_file_is_in_date_order_across_regulations(filed):
    world, director, _, _ = filed
    days = [e.on for e in _file(world, "chen.supervisor", director)]
    assert days == sorted(days) and len(days) >= 3


def test_issue_12_4_a_warning_case_shows_the_filed_risks_of_the_cadres_post(filed):
    """issue 12 §4 ("uses them when a warning case concerns a post"): filed points only, for readers only."""
    world, director, _, _ = filed
    with world.factory() as session:
        risks = REGISTRY.post_risks(session, world.user(session, "xu.clerk"), director)
        assert [(r.title, r.level_label) for r in risks] == [("资金拨付审批", "一级风险")]
        assert REGISTRY.post_risks(session, world.user(session, "wb.office"), director) == []


def test_a_units_timeline_lists_register_changes_and_items_in_date_order(filed):
    """issue 13 §3 (a timeline per unit) and issue 12 §2 (every change a version with why)."""
    world, _, unit_id, _ = filed
    with world.factory() as session:
        supervisor = world.user(session, "chen.supervisor")
        entries = REGISTRY.unit_timeline(session, world.clock, supervisor, unit_id)
        assert [e.on for e in entries] == sorted(e.on for e in entries)
        kinds = {e.kind for e in entries}
        assert {"risk_point_changed", "info_item", "info_item_graded", "info_warning"} <= kinds
        assert any("第八步:签字备案" in e.summary for e in entries)
        # a town's office reads neither the bureau's register nor its items: nothing, not an empty page
        assert REGISTRY.unit_timeline(session, world.clock, world.user(session, "wb.office"), unit_id) is None


def _docx_text(content: bytes):
    doc = read_docx(io.BytesIO(content))
    return doc, "\n".join(p.text for p in doc.paragraphs)


def test_001_第三篇_二_2_3_the_register_docx_lists_points_by_level_office_and_post(filed):
    """「001 第三篇(二)2(3)」: 按风险等级、科室、职级、岗位顺序登记; signed and sealed (「004 十」第八步)."""
    world, _, unit_id, _ = filed
    with world.factory() as session:
        title, content = register_docx(session, world.clock, world.user(session, "cz.office"), unit_id)
    doc, text = _docx_text(content)
    assert title == "县财政局廉政风险点登记表" and title in text
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == REGISTER_HEADERS
    levels = [row.cells[3].text for row in table.rows[1:]]
    assert levels == sorted(levels, key=["一级风险", "二级风险", "三级风险"].index)
    mine = [row for row in table.rows[1:] if row.cells[0].text == "局长/局领导"]
    assert [r.cells[3].text for r in mine] == ["一级风险", "二级风险"]
    assert "资金拨付审批中以权谋私。" in mine[0].cells[2].text and "查阅会议纪要" in mine[0].cells[4].text
    assert mine[0].cells[5].text == "单位主要领导"
    assert "(主要领导签字、盖章)" in text and "2026年11月2日" in text


def test_001_第三篇_二_1_3_the_public_notice_runs_at_least_seven_days_and_lists_filed_points_only(filed):
    """「001 第三篇(二)1(3)」 公示时间不少于一周; the notice follows the filing (「004 十」第八步)."""
    world, _, unit_id, _ = filed
    with world.factory() as session:
        title, content = notice_docx(session, world.clock, world.user(session, "cz.office"), unit_id)
    doc, text = _docx_text(content)
    assert title == "关于县财政局廉政风险点及防控措施的公示"
    assert "公示时间:2026年11月2日至2026年11月9日,共7天" in text
    titles = " ".join(row.cells[2].text for row in doc.tables[0].rows[1:])
    assert "资金拨付审批" in titles and "预算指标下达" in titles and "政府采购审批" not in titles
    # issued outward: the red masthead (GB/T 9704-2012 7.2)
    assert doc.paragraphs[0].text == "县财政局" and doc.paragraphs[0].runs[0].font.color.rgb == (0xFF, 0, 0)


def test_a_notice_without_filed_points_is_refused_and_a_stranger_gets_not_found(risk_world):
    world = risk_world
    with world.factory() as session:
        unit_id = world.unit_id("dept-finance")
        with pytest.raises(RuleViolation) as refused:
            notice_docx(session, world.clock, world.user(session, "cz.office"), unit_id)
        assert refused.value.status == 409 and "第八步" in refused.value.message_zh
        for make in (register_docx, notice_docx):
            with pytest.raises(NotFound):
                make(session, world.clock, world.user(session, "wb.office"), unit_id)
        with pytest.raises(NotFound):
            register_docx(session, world.clock, world.user(session, "cz.office"), 10**9)
        assert session.execute(select(RiskPoint.id).where(RiskPoint.filed_on.is_not(None))).first() is None
