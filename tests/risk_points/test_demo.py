"""The demo registers (issue 12 "Demo and proof"): the county finance bureau and one town, drawn from the kinds
of risk the seeds name (approval, enforcement, personnel and money powers, 「004 九」), valid by the register's
own rules, idempotent."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Unit
from engine.models import User
from engine.seed import seed_demo
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.flow_chart import load_chart
from processes.risk_points.flow_chart import marks
from processes.risk_points.integrity import cadre_file_entries
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from processes.risk_points.vocabulary import RISK_TYPE_LABELS


def test_two_units_get_registers_of_every_level_and_type_and_seeding_twice_adds_nothing(session_factory):
    clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="x")
        first = seed_risk_demo(session, clock, password_hash="x")
    with unit_of_work(session_factory) as session:
        again = seed_risk_demo(session, clock, password_hash="x")
    assert first == {"risk_users": 8, "risk_points": 8, "power_items": 2}
    assert again == {"risk_users": 0, "risk_points": 0, "power_items": 0}
    with session_factory() as session:
        points = session.execute(select(RiskPoint, Unit.code).join(Unit, Unit.id == RiskPoint.unit_id)).all()
        assert {code for _, code in points} == {"dept-finance", "town-zhengyang"}
        assert {p.level for p, _ in points} == {1, 2, 3}
        assert {p.risk_type for p, _ in points} == set(RISK_TYPE_LABELS)
        titles = "".join(p.title for p, _ in points)
        for power in ("资金", "采购", "执法", "人事"):  # 「004 九」: money, procurement, enforcement, personnel
            assert power in titles
        assert all(p.measures and p.versions for p, _ in points)


def test_the_finance_bureau_has_a_power_list_and_a_chart_with_a_filed_level_1_point_of_its_principal(
        session_factory):
    """「000 第二篇 二」 制定职权目录: two power items; 「004 十」第三步: the budget allocation's chart has its level-1
    point marked on the collective step; 第八步: the point names the bureau's 局长 and is filed, so it enters his
    integrity file (记入干部廉政档案) and the chart shows a ★ (DOMAIN §5)."""
    clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="x")
        seed_risk_demo(session, clock, password_hash="x")
    with session_factory() as session:
        finance = session.execute(select(Unit).where(Unit.code == "dept-finance")).scalar_one()
        items = {i.code: i for i in session.execute(select(PowerItem).where(PowerItem.unit_id == finance.id))
                 .scalars()}
        assert set(items) == {"CZ-YSFP-001", "CZ-FSSJ-001"} and items["CZ-YSFP-001"].major
        budget = items["CZ-YSFP-001"]
        chart = load_chart(session, budget)
        assert chart is not None and chart.documentation_only
        assert chart.elements["Task_collective"] == "局党组会集体研究(三重一大)"
        assert load_chart(session, items["CZ-FSSJ-001"]) is None
        (element, points), = marks(session, budget).items()
        point = points[0]
        assert (element, point.level, point.title) == ("Task_collective", 1, "预算资金分配(资金管理)")
        assert point.filed_on == dt.date(2026, 11, 2) and point.version == 3
        cadre = session.get(Cadre, point.cadre_id)
        assert (cadre.unit_id, cadre.position_title) == (finance.id, "局长")
        principal = session.execute(select(User).where(User.username == "cz.principal")).scalar_one()
        entries = cadre_file_entries(session, clock, principal, cadre.id)
        assert [e.grade for e in entries] == ["一级风险"] and "预算资金分配" in entries[0].summary
