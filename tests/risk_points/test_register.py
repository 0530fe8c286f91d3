"""The living risk register (issue 12 §2): validation in Chinese, nothing half-written, every change a version.

Rules: the scopes 「004 六」, the five types 「004 七」, the three levels 「004 九」, measures that can be checked
「004 十」第二、三步, the owner by level DOMAIN.md §5.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models import AuditEvent
from processes.risk_points import create_risk_point
from processes.risk_points import list_risk_points
from processes.risk_points import revise_risk_point
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.models import RiskMeasure
from processes.risk_points.models import RiskPoint
from processes.risk_points.models import RiskPointVersion
from processes.risk_points.register import count_overdue_measures
from processes.risk_points.register import level_counts
from processes.risk_points.register import overdue_measures

GOOD = {
    "scope": "post", "post": "预算股股长", "office": "预算股", "risk_type": "post_duty",
    "title": "预算资金分配", "manifestations": "在预算资金分配中优亲厚友、收受好处。", "level": 1,
    "measures": [{"text": "预算分配方案经局党组集体研究", "owner": "局长", "check_method": "查阅党组会议纪要",
                  "check_due": "2026-12-31"}],
}


def _create(world, data=None, username="cz.head", reason="首次登记"):
    unit_id = world.unit_id("dept-finance")
    with unit_of_work(world.factory) as session:
        point = create_risk_point(session, world.clock, world.actor(session, username), unit_id, data or GOOD,
                                  reason)
        return point.id


def _count(world, model) -> int:
    with world.factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize(("level", "owner"), [(1, "unit_principal"), (2, "unit_leader_in_charge"),
                                              (3, "office_head")])
def test_the_owner_follows_the_level_domain_5(risk_world, level, owner):
    """DOMAIN.md §5: level 1 the principal leader, level 2 the leader in charge, level 3 the office head."""
    point_id = _create(risk_world, {**GOOD, "level": level})
    with risk_world.factory() as session:
        assert session.get(RiskPoint, point_id).owner_role == owner


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"level": 4}, "level", "风险等级应为一级、二级或三级(1–3,004 九)"),
    ({"level": 0}, "level", "风险等级应为一级、二级或三级(1–3,004 九)"),
    ({"level": "1"}, "level", "风险等级应为一级、二级或三级(1–3,004 九)"),
    ({"risk_type": "greed"}, "risk_type", "风险类型应为五类之一"),
    ({"scope": "village"}, "scope", "范围应为岗位、科室、单位、行业(系统)之一"),
    ({"post": None}, "post", "岗位风险须写明岗位(004 六)"),
    ({"manifestations": "  "}, "manifestations", "请填写风险表现(004 六)"),
    ({"measures": []}, "measures", "至少填写一条防控措施(004 十 第三步)"),
    ({"measures": [{"text": "集体研究", "owner": "", "check_method": "查纪要"}]}, "measures.1.owner",
     "第1条措施缺少责任人"),
    ({"measures": [{"text": "集体研究", "owner": "局长"}]}, "measures.1.check_method", "第1条措施缺少考核方式"),
    ({"measures": [{"text": "集体研究", "owner": "局长", "check_method": "查纪要", "check_due": "明年"}]},
     "measures.1.check_due", "第1条措施的考核期限应为日期(年-月-日)"),
    ({"colour": "red"}, "_unknown", "未知字段:colour"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(risk_world, change, field, message):
    """Issue 12 "Demo and proof": a level outside 1–3 (「004 九」), an unknown type (「004 七」), a measure without
    an owner (「004 十」第三步) get a clear Chinese error, and nothing is half-written."""
    with pytest.raises(FormInvalid) as refused:
        _create(risk_world, {**GOOD, **change})
    assert refused.value.status == 422
    assert any(m.startswith(message) for m in refused.value.details[field]), refused.value.details
    assert (_count(risk_world, RiskPoint), _count(risk_world, RiskMeasure), _count(risk_world, RiskPointVersion)) \
        == (0, 0, 0)


def test_a_point_names_only_an_open_round_of_its_own_unit(risk_world):
    """A point found by a round belongs to that unit's round (「004 十」); another unit's round is refused."""
    from processes.risk_points.models import IdentificationRound  # noqa: PLC0415

    with unit_of_work(risk_world.factory) as session:
        other = IdentificationRound(unit_id=risk_world.user(session, "zy.office").unit_id, year=2026,
                                    stage="risk_finding", closed=False, started_on=risk_world.clock.now().date())
        session.add(other)
        session.flush()
        other_id = other.id
    with pytest.raises(FormInvalid) as refused:
        unit_id = risk_world.unit_id("dept-finance")
        with unit_of_work(risk_world.factory) as session:
            create_risk_point(session, risk_world.clock, risk_world.actor(session, "cz.head"), unit_id, GOOD,
                              round_id=other_id)
    assert refused.value.details == {"round_id": ["应为本单位正在进行的一轮查找"]}
    assert _count(risk_world, RiskPoint) == 0


def test_every_problem_is_reported_at_once(risk_world):
    with pytest.raises(FormInvalid) as refused:
        _create(risk_world, {**GOOD, "level": 9, "risk_type": "x", "measures": [{"text": "t"}]})
    assert {"level", "risk_type", "measures.1.owner", "measures.1.check_method"} <= set(refused.value.details)


def test_a_change_is_a_new_version_with_who_when_and_why(risk_world):
    """Issue 12 §2: the register is living; every change is a new version with who, when and why."""
    point_id = _create(risk_world)
    with unit_of_work(risk_world.factory) as session:
        changed = {**GOOD, "level": 2, "measures": [*GOOD["measures"],
                   {"text": "每季度公开预算执行情况", "owner": "预算股股长", "check_method": "查公开记录"}]}
        revise_risk_point(session, risk_world.clock, risk_world.actor(session, "cz.leader"), point_id, changed,
                          "领导小组审查后调整为二级")
    with risk_world.factory() as session:
        point = session.get(RiskPoint, point_id)
        assert (point.version, point.level, point.owner_role, len(point.measures)) == (2, 2, "unit_leader_in_charge", 2)
        first, second = point.versions
        assert (first.version, first.reason, first.content["level"]) == (1, "首次登记", 1)
        assert (second.version, second.reason, second.content["level"]) == (2, "领导小组审查后调整为二级", 2)
        assert second.changed_by_id == risk_world.user(session, "cz.leader").id
        assert len(second.content["measures"]) == 2 and len(first.content["measures"]) == 1
        actions = list(session.execute(select(AuditEvent.action).where(AuditEvent.object_type == "risk_point")
                                       .order_by(AuditEvent.seq)).scalars())
        assert actions == ["risk_point.created", "risk_point.revised"]


def test_a_change_without_a_reason_or_with_bad_input_leaves_the_point_as_it_was(risk_world):
    point_id = _create(risk_world)
    for data, reason in (({**GOOD, "level": 2}, "  "), ({**GOOD, "level": 5}, "调整")):
        with pytest.raises(FormInvalid), unit_of_work(risk_world.factory) as session:
            revise_risk_point(session, risk_world.clock, risk_world.actor(session, "cz.leader"), point_id, data,
                              reason)
    with risk_world.factory() as session:
        point = session.get(RiskPoint, point_id)
        assert (point.version, point.level, len(point.versions)) == (1, 1, 1)


def test_the_register_lists_by_unit_level_and_type(risk_world):
    """Issue 12 §2 views: by unit, level and type."""
    _create(risk_world)
    _create(risk_world, {**GOOD, "level": 3, "risk_type": "moral", "title": "公车私用"})
    finance, wabu = risk_world.unit_id("dept-finance"), risk_world.unit_id("town-wabu")
    with risk_world.factory() as session:
        assert [p.title for p in list_risk_points(session, unit_ids=frozenset({finance}), level=3)] == ["公车私用"]
        assert [p.title for p in list_risk_points(session, risk_type="post_duty")] == ["预算资金分配"]
        assert list_risk_points(session, unit_ids=frozenset({wabu})) == []
        assert level_counts(session) == {finance: {1: 1, 3: 1}}


def test_only_the_units_leaders_and_office_heads_change_its_register_004_10(risk_world):
    """「004 十」第三步 自己定、群众帮、领导审; 第八步 the leading group: staff read, leaders change (403 otherwise);
    a unit outside the user's own is not found (404, SECURITY.md 24)."""
    with pytest.raises(NotPermitted):
        _create(risk_world, username="cz.staff1")
    with pytest.raises(NotFound):
        _create(risk_world, username="zy.office")  # 正阳关镇纪委: another unit
    assert _count(risk_world, RiskPoint) == 0


def test_the_county_commission_reads_every_units_register_and_a_unit_its_own(risk_world):
    """Issue 12 "The users": the county commission sees every unit's register; a cadre sees their unit's."""
    finance = risk_world.unit_id("dept-finance")
    with risk_world.factory() as session:
        assert readable_unit_ids(session, risk_world.user(session, "wang.clerk")) is None  # 县纪委预警办
        assert readable_unit_ids(session, risk_world.user(session, "cz.staff1")) == frozenset({finance})
        assert finance not in readable_unit_ids(session, risk_world.user(session, "zy.office"))


def test_a_measure_past_its_check_date_is_overdue_worst_first_until_revised_004_10_2(risk_world):
    """「004 十」第二步: a measure's execution can be checked (考核). A measure whose check date has passed is
    overdue, most days first; recording the check (a new version with the next check date) takes it off the
    list; a measure without a date never is; the view is scoped like the register (a unit sees its own)."""
    def measure(text, due):
        return {"text": text, "owner": "预算股股长", "check_method": "抽查", "check_due": due}

    late = _create(risk_world, {**GOOD, "title": "预算审核", "level": 2,
                                "measures": [measure("审核双人复核", "2026-10-01"), measure("审核留痕", None)]})
    later = _create(risk_world, {**GOOD, "measures": [measure("集体研究", "2026-09-01"),
                                                      measure("结果公开", "2026-11-02")]})
    today = dt.date(2026, 11, 2)  # the clock's Monday
    town = risk_world.unit_id("town-zhengyang")
    with risk_world.factory() as session:
        rows = overdue_measures(session, today)
        assert [(r.measure.text, r.days_overdue, r.point.id) for r in rows] == [
            ("集体研究", 62, later), ("审核双人复核", 32, late)]  # due today is not yet overdue
        assert overdue_measures(session, today, unit_ids=frozenset({town})) == []
        # the register's badge counts the same list in the database
        assert count_overdue_measures(session, today) == 2
        assert count_overdue_measures(session, today, unit_ids=frozenset({town})) == 0
    with unit_of_work(risk_world.factory) as session:
        revise_risk_point(session, risk_world.clock, risk_world.actor(session, "cz.head"), late,
                          {**GOOD, "title": "预算审核", "level": 2,
                           "measures": [measure("审核双人复核", "2027-01-31")]}, "10月考核已完成,下次考核定于1月底")
    with risk_world.factory() as session:
        assert [r.point.id for r in overdue_measures(session, today)] == [later]
