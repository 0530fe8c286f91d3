"""Information items end to end: recorded with validation in Chinese (「002 二(一)(二)」, one subject), verified
(「002 三 3」), graded by the deployed table with the decider of 「002 三 2」, deducted in the same transaction
(「001 第一篇(四)四是」), colours and accountability (「001 第一篇(五)6」), a new score each year."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import UTC
from engine.db import unit_of_work
from engine.errors import DecisionFailed
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.operations.definitions import deploy_definition
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import subject_score
from processes.info_network import verify_item
from processes.info_network.items import record_feedback
from processes.info_network.items import suggest_level
from processes.info_network.models import InfoDeduction
from processes.info_network.models import InfoItem
from processes.info_network.models import InfoWarning
from processes.info_network.settings import is_default
from processes.info_network.settings import set_thresholds
from processes.info_network.settings import thresholds
from tests.info_network.test_tables import GAPPED

GOOD = {"category": "projects_funds", "source": "invited_officer", "facts": "县财政局在政府采购中未按规定公开招标。"}


def _count(world, model) -> int:
    with world.factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _report(world, username="yj.invited", **changes) -> int:
    data = {**GOOD, "unit_id": world.unit_id("dept-finance"), **changes}
    with unit_of_work(world.factory) as session:
        return create_item(session, world.clock, world.actor(session, username), data).id


def _verified(world, **changes) -> int:
    item_id = _report(world, **changes)
    with unit_of_work(world.factory) as session:
        verify_item(session, world.clock, world.actor(session, "yj.centre"), item_id)
    return item_id


def _grade(world, item_id, username="yj.centre", *, situation=None, harm="light", level=None, reason=None):
    with unit_of_work(world.factory) as session:
        result = grade_item(session, world.clock, world.actor(session, username), item_id, situation=situation,
                            harm=harm, level=level, reason=reason)
        return (result.suggested_level, result.level, result.response, result.points, result.score, result.colour,
                result.new_warning is not None, result.accountability is not None)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"unit_id": None}, "subject", "请指明预警对象:一个单位或一名干部"),
    ({"cadre_id": 1}, "subject", "预警对象只能是一个单位或一名干部,不能同时指定两者"),
    ({"category": "gossip"}, "category", "信息类别应为九类之一(002 二(一))"),
    ({"source": "rumour"}, "source", "信息来源应为"),
    ({"facts": "  "}, "facts", "请填写反映的事实"),
    ({"unit_id": 99999}, "unit_id", "预警对象不存在"),
    ({"reported_on": "2030-02-01"}, "reported_on", "报送日期不能晚于今天"),
    ({"colour": "red"}, "_unknown", "未知字段:colour"),
])
def test_bad_items_are_refused_in_chinese_and_nothing_is_written(info_world, changes, field, message):
    """Issue 13: an item with no subject (or two), an unknown category 「002 二(一)」 or source 「002 二(二)」."""
    with pytest.raises(FormInvalid) as refused:
        _report(info_world, **changes)
    assert refused.value.details[field][0].startswith(message)
    assert _count(info_world, InfoItem) == 0


def test_an_item_about_a_cadre_counts_against_the_cadre(info_world):
    cadre_id = info_world.cadre_id("dept-finance", "局长")
    item_id = _verified(info_world, unit_id=None, cadre_id=cadre_id)
    _grade(info_world, item_id, "yj.deputy", harm="heavy")
    unit_id = info_world.unit_id("dept-finance")
    with info_world.factory() as session:
        assert subject_score(session, year=2030, cadre_id=cadre_id) == 9
        assert subject_score(session, year=2030, unit_id=unit_id) == 12


def test_only_a_verified_item_is_graded_002_3_3(info_world):
    """「002 三 3」 核实后的预警信息及时收编入库: grading waits for verification."""
    item_id = _report(info_world)
    with pytest.raises(RuleViolation, match="须先核实"):
        _grade(info_world, item_id)
    with unit_of_work(info_world.factory) as session, pytest.raises(NotPermitted):
        verify_item(session, info_world.clock, info_world.actor(session, "yj.officer"), item_id)


def test_the_table_suggests_and_the_centre_confirms_a_level_3_item_002_3_2(info_world):
    """「002 三 2」 事件真实、对象明确且危害程度较轻 → 三级, decided by the centre; 「002 四」 廉情预警告知;
    「001 第一篇(四)四是」 the deduction and the first colour (blue at 11, the default)."""
    item_id = _verified(info_world)
    assert _grade(info_world, item_id) == (3, 3, "廉情预警告知", 1, 11, "blue", True, False)
    with info_world.factory() as session:
        item = session.get(InfoItem, item_id)
        assert (item.suggested_level, item.level, item.level_reason) == (3, 3, None)
        deduction = session.execute(select(InfoDeduction)).scalar_one()
        assert deduction.reason == "三级预警、工程建设、土地出让、政府采购、资源开发、专项资金管理违规,扣分表第1版扣1分"
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "info_item.graded")).scalar_one()
        assert event.after["grading_table_version"] == 1 and event.after["points"] == 1


def test_who_decides_each_level_002_3_2(info_world):
    """「002 三 2」: 二级 after the deputy secretary convenes the centre; 一级 the party secretary or the standing
    committee — the centre alone cannot fix them."""
    second = _verified(info_world)
    with pytest.raises(NotPermitted, match="二级预警须由纪委分管副书记召集预警中心成员研究确定"):
        _grade(info_world, second, "yj.centre", situation="allowances_abused")
    first = _verified(info_world)
    with pytest.raises(NotPermitted, match="一级预警须由党委书记或纪委常委会研究确定"):
        _grade(info_world, first, "yj.deputy", situation="fiscal_funds_misused")
    assert _count(info_world, InfoDeduction) == 0
    assert _grade(info_world, first, "yj.secretary", situation="fiscal_funds_misused")[:4] == (1, 1, "廉情监察建议", 6)


def test_changing_the_suggested_level_needs_a_reason_and_keeps_both(info_world):
    """Issue 13 §4: the deciders confirm or change the suggested level, and the reason is recorded."""
    item_id = _verified(info_world)
    with pytest.raises(FormInvalid) as refused:
        _grade(info_world, item_id, "yj.deputy", harm="light", level=2)
    assert refused.value.details["reason"] == ["确定的等级与决策表建议的三级预警不同,须写明理由"]
    assert _grade(info_world, item_id, "yj.deputy", harm="light", level=2, reason="涉及专项资金,情节较重")[:4] == (
        3, 2, "廉情预警质询", 3)
    with info_world.factory() as session:
        assert session.get(InfoItem, item_id).level_reason == "涉及专项资金,情节较重"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"level": 4}, "level"), ({"level": 0}, "level"), ({"harm": "huge"}, "harm"), ({"situation": "x"}, "situation")])
def test_bad_grading_is_refused_in_chinese(info_world, kwargs, field):
    """Issue 13: a level outside 1–3 「002 四」, an unknown harm 「002 三 2」 or situation 「002 四」."""
    item_id = _verified(info_world)
    with pytest.raises(FormInvalid) as refused:
        _grade(info_world, item_id, "yj.secretary", **kwargs)
    assert field in refused.value.details
    assert _count(info_world, InfoDeduction) == 0


def test_the_second_warning_turns_yellow_and_opens_accountability_001_1_4_and_5_6(info_world):
    """「001 第一篇(四)四是」 12 − 1 − 6 = 5 … with 二级 3 points: 12 − 3 − 3 = 6 → yellow (≤ 8);
    「001 第一篇(五)6」 给予2次以上预警 → 追究直接责任人、主要领导、重要领导的责任, opened once."""
    first, second, third = _verified(info_world), _verified(info_world), _verified(info_world)
    assert _grade(info_world, first, "yj.deputy", harm="heavy")[4:] == (9, "blue", True, False)
    assert _grade(info_world, second, "yj.deputy", harm="heavy")[4:] == (6, "yellow", True, True)
    assert _grade(info_world, third, "yj.centre", harm="light")[4:] == (5, "red", True, False)
    with info_world.factory() as session:
        records = session.execute(select(InfoWarning).order_by(InfoWarning.id)).scalars().all()
    assert [(r.kind, r.colour, r.score) for r in records] == [
        ("colour", "blue", 9), ("colour", "yellow", 6), ("accountability", None, 6), ("colour", "red", 5)]
    assert records[2].leaders == "直接责任人、主要领导、重要领导"


def test_the_score_starts_again_each_year_and_earlier_years_stay_readable(info_world):
    """「001 第一篇(四)四是」 12 points a year (issue 13 §5: the score resets each year)."""
    unit_id = info_world.unit_id("dept-finance")
    _grade(info_world, _verified(info_world), "yj.secretary", harm="severe")
    info_world.clock.set(dt.datetime(2031, 1, 6, 1, 0, tzinfo=UTC))
    second = _verified(info_world)
    assert _grade(info_world, second, "yj.centre")[4:] == (11, "blue", True, False)  # no accountability: new year
    with info_world.factory() as session:
        assert subject_score(session, year=2030, unit_id=unit_id) == 6
        assert subject_score(session, year=2031, unit_id=unit_id) == 11


def test_the_countys_thresholds_decide_the_colour_and_changes_are_audited(info_world):
    with unit_of_work(info_world.factory) as session:
        assert is_default(session) and thresholds(session) == {"blue": 11, "yellow": 8, "red": 5}
        with pytest.raises(NotPermitted):
            set_thresholds(session, info_world.clock, info_world.actor(session, "yj.officer"),
                           {"blue": 10, "yellow": 7, "red": 4}, "本县办法")
        with pytest.raises(FormInvalid) as refused:
            set_thresholds(session, info_world.clock, info_world.actor(session, "yj.centre"),
                           {"blue": 4, "yellow": 7, "red": 10}, "")
        assert refused.value.details["thresholds"] == ["阈值须红色 < 黄色 < 蓝色:分数越低,预警越严重", "请填写修改理由"]
        set_thresholds(session, info_world.clock, info_world.actor(session, "yj.centre"),
                       {"blue": 10, "yellow": 7, "red": 4}, "依本县预警分级管理办法")
    assert _grade(info_world, _verified(info_world))[4:6] == (11, None)  # 11 is no longer blue
    with info_world.factory() as session:
        event = session.execute(select(AuditEvent).where(
            AuditEvent.action == "info_network.thresholds_set")).scalar_one()
        assert (event.before, event.after, event.reason) == (
            {"blue": 11, "yellow": 8, "red": 5}, {"blue": 10, "yellow": 7, "red": 4}, "依本县预警分级管理办法")


def test_a_deployed_deduction_table_with_a_gap_refuses_grading_and_writes_nothing(info_world):
    """Issue 13: a deduction table that leaves a case undecided is refused (here: forced past the designer)."""
    item_id = _verified(info_world)
    with unit_of_work(info_world.factory) as session:
        deploy_definition(session, info_world.clock, SYSTEM, "info_deduction.dmn", GAPPED)
    with pytest.raises(DefinitionRejected, match="扣分决策表第2版有7种情形未能确定扣分"):
        _grade(info_world, item_id)
    with info_world.factory() as session:
        assert session.get(InfoItem, item_id).level is None
    assert _count(info_world, InfoDeduction) == 0


def test_an_undeployed_grading_table_is_a_chinese_error(session_factory):
    """Before the network's tables are deployed, grading says so in Chinese instead of failing."""
    with unit_of_work(session_factory) as session, pytest.raises(DecisionFailed, match="尚未部署"):
        suggest_level(session, None, "light")


@pytest.mark.parametrize("kind", ["talk_reminder", "warning_notice", "rectification_notice", "internal_circular",
                                  "media_disclosure", "reference_bulletin"])
def test_each_of_the_six_feedback_kinds_is_recorded_001_1_4_3(info_world, kind):
    """「001 第一篇(四)三是」: 谈话提醒、预警通知书、整改通知书、内部通报、媒体公开、预警参阅信息 — recorded after
    grading, audited."""
    item_id = _verified(info_world)
    with unit_of_work(info_world.factory) as session, pytest.raises(RuleViolation, match="定级后才能反馈"):
        record_feedback(session, info_world.clock, info_world.actor(session, "yj.centre"), item_id, kind)
    _grade(info_world, item_id)
    with unit_of_work(info_world.factory) as session:
        with pytest.raises(FormInvalid):
            record_feedback(session, info_world.clock, info_world.actor(session, "yj.centre"), item_id, "tweet")
        with pytest.raises(NotPermitted):
            record_feedback(session, info_world.clock, info_world.actor(session, "yj.officer"), item_id, kind)
        record_feedback(session, info_world.clock, info_world.actor(session, "yj.centre"), item_id, kind)
    with info_world.factory() as session:
        assert session.get(InfoItem, item_id).feedback_kind == kind
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "info_item.feedback")).scalar_one()
        assert event.after == {"feedback": kind}
