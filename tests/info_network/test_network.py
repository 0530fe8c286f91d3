"""The network over the unit tree, invited officers managed by who appointed them, and feedback to the reporter.

Rules proved, with their places: the five-level network 预警中心—预警信息办公室—预警信息报送点—预警信息采集点—
预警信息员 (「001 第一篇(四)一是」), the centre in the county commission; one or two officers per unit
(「002 一(三)1」 要明确1—2名…干部); invited officers chosen among 人大代表、政协委员、无党派人士 (「002 一(三)2」;
老干部、群众代表 「001 第一篇(四)一是」), managed 谁选聘、谁负责 (培训、考核, 「002 一(三)2」); an invited
officer reads only what they reported (issue 13 §1); the six kinds of feedback (「001 第一篇(四)三是」) and the
Measures' decision on the clue an item became (第十四条) are told to the officer who reported it.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.models import RoleAssignment
from engine.models import User
from engine.models.outbox import Notification
from engine.seed import add_people
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import Outcome
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.access import read_scope
from processes.info_network.feedback import clue_state
from processes.info_network.handover import hand_over_item
from processes.info_network.items import list_items
from processes.info_network.items import record_feedback
from processes.info_network.models import InfoItem
from processes.info_network.network import MAX_OFFICERS_PER_UNIT
from processes.info_network.network import layout
from processes.info_network.network import name_officer
from processes.info_network.network import set_node
from processes.info_network.network_models import InvitedAppointment
from processes.info_network.officers import add_record
from processes.info_network.officers import appoint
from processes.info_network.officers import end_term
from tests.engine.conftest import CaseWalker

TERM = {"constituency": "npc_deputy", "term_start": "2030-01-01", "term_end": "2031-12-31"}


@pytest.fixture()
def town_world(info_world):
    """The demo county plus a town office (正阳关镇) and three plain accounts there, and a resident to invite."""
    with unit_of_work(info_world.factory) as session:
        add_people(session, [
            ("zy.infooffice", "正阳关镇预警信息办公室", "town-zhengyang", ("info_office",)),
            ("zy.a", "镇干部甲", "town-zhengyang", ()),
            ("zy.b", "镇干部乙", "town-zhengyang", ()),
            ("zy.c", "镇干部丙", "town-zhengyang", ()),
            ("zy.deputy", "县人大代表李某", "town-zhengyang", ()),
            ("zy.deputy2", "县政协委员赵某", "town-zhengyang", ()),
        ], password_hash="x")
    return info_world


def test_the_centre_is_the_county_commission_and_units_take_their_place_in_the_tree(town_world):
    """「001 第一篇(四)一是」 预警中心 in the county commission; offices, reporting points, collection points below."""
    w = town_world
    county, town, shouxian = w.unit_id("county"), w.unit_id("town-zhengyang"), w.unit_id("shouxian")
    with unit_of_work(w.factory) as session:
        set_node(session, w.clock, w.actor(session, "admin"), county, "centre")
        set_node(session, w.clock, w.actor(session, "yj.centre"), town, "reporting_point")
        with pytest.raises(FormInvalid) as refused:
            set_node(session, w.clock, w.actor(session, "admin"), town, "centre")
        refusal = refused.value.details["kind"][0]
        assert "县纪委只能是预警中心" in refusal and "001 第一篇(四)一是" in refusal
        with pytest.raises(FormInvalid) as refused:  # the county above the commission is no node of the network
            set_node(session, w.clock, w.actor(session, "admin"), shouxian, "reporting_point")
        assert "县本身不是网络节点" in refused.value.details["kind"][0]
        with pytest.raises(FormInvalid):
            set_node(session, w.clock, w.actor(session, "admin"), town, "watchtower")
        with pytest.raises(NotPermitted):  # a town's office does not lay the county's network out
            set_node(session, w.clock, w.actor(session, "zy.infooffice"), town, "office")
    with w.factory() as session:
        kinds = {node.unit.id: node.kind for node in layout(session)}
        assert kinds[county] == "centre" and kinds[town] == "reporting_point"
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "info_network.node_set")).all()


def test_a_unit_names_one_or_two_officers_and_a_third_is_refused(town_world):
    """「002 一(三)1」 要明确1—2名…干部,作为预警信息录入员."""
    w = town_world
    town = w.unit_id("town-zhengyang")
    with unit_of_work(w.factory) as session:
        admin = w.actor(session, "admin")
        with pytest.raises(RuleViolation) as not_node:
            name_officer(session, w.clock, admin, town, w.user(session, "zy.a").id)
        assert not_node.value.code == "not_a_node"
    with unit_of_work(w.factory) as session:
        admin = w.actor(session, "admin")
        set_node(session, w.clock, admin, town, "reporting_point")
        name_officer(session, w.clock, admin, town, w.user(session, "zy.a").id)
        name_officer(session, w.clock, admin, town, w.user(session, "zy.b").id)
    with unit_of_work(w.factory) as session, pytest.raises(RuleViolation) as third:
        name_officer(session, w.clock, w.actor(session, "admin"), town, w.user(session, "zy.c").id)
    assert MAX_OFFICERS_PER_UNIT == 2
    assert third.value.code == "too_many_officers" and third.value.status == 422
    assert "1—2名" in third.value.message_zh and "002 一(三)1" in third.value.message_zh
    with w.factory() as session:
        officers = session.execute(select(RoleAssignment.user_id).where(
            RoleAssignment.role == "info_officer", RoleAssignment.unit_id == town)).scalars().all()
        assert sorted(officers) == sorted([w.user(session, "zy.a").id, w.user(session, "zy.b").id])


def _appoint(world, by: str = "zy.infooffice", who: str = "zy.deputy", **overrides) -> int:
    town = world.unit_id("town-zhengyang")
    with unit_of_work(world.factory) as session:
        appointment = appoint(session, world.clock, world.actor(session, by), town,
                              {"user_id": world.user(session, who).id, **TERM, **overrides})
        return appointment.id


def test_the_appointing_office_appoints_trains_assesses_and_ends_the_term_and_nobody_else_may(town_world):
    """「002 一(三)2」 谁选聘、谁负责: the town office that appointed the deputy manages them; the county centre
    (where appointments are filed) may too; another unit's office, or an officer, is refused (403)."""
    w = town_world
    appointment_id = _appoint(w)
    town = w.unit_id("town-zhengyang")
    with w.factory() as session:
        deputy = w.user(session, "zy.deputy")
        assert {(r.role, r.unit_id) for r in deputy.roles} == {("info_invited_officer", town)}
    # yj.office is the county commission's office, not the appointer
    for outsider in ("yj.officer", "yj.office", "zy.a"):
        with unit_of_work(w.factory) as session, pytest.raises(NotPermitted) as refused:
            add_record(session, w.clock, w.actor(session, outsider), appointment_id,
                       {"kind": "training", "held_on": "2030-01-15", "content": "预警信息采集培训"})
        assert "谁选聘、谁负责" in refused.value.message_zh
    with unit_of_work(w.factory) as session:
        add_record(session, w.clock, w.actor(session, "zy.infooffice"), appointment_id,
                   {"kind": "training", "held_on": "2030-01-15", "content": "预警信息采集培训"})
        add_record(session, w.clock, w.actor(session, "yj.centre"), appointment_id,
                   {"kind": "assessment", "held_on": "2030-01-18", "content": "年度考核", "result": "competent"})
    with unit_of_work(w.factory) as session, pytest.raises(FormInvalid) as bad:
        add_record(session, w.clock, w.actor(session, "zy.infooffice"), appointment_id,
                   {"kind": "assessment", "held_on": "2031-01-01", "content": "", "result": "great"})
    assert set(bad.value.details) == {"held_on", "content", "result"}
    with unit_of_work(w.factory) as session, pytest.raises(FormInvalid):
        end_term(session, w.clock, w.actor(session, "zy.infooffice"), appointment_id, "  ")
    with unit_of_work(w.factory) as session:
        end_term(session, w.clock, w.actor(session, "zy.infooffice"), appointment_id, "本人申请辞去")
    with w.factory() as session:
        assert session.get(InvitedAppointment, appointment_id).ended_on.isoformat() == "2030-01-20"
        assert w.user(session, "zy.deputy").roles == []  # the restricted role goes with the term
        actions = session.execute(select(AuditEvent.action).where(
            AuditEvent.object_type == "info_invited_appointment")).scalars().all()
        assert actions == ["info_invited.appointed", "info_invited.recorded", "info_invited.recorded",
                           "info_invited.term_ended"]
    with unit_of_work(w.factory) as session, pytest.raises(RuleViolation) as ended:
        end_term(session, w.clock, w.actor(session, "zy.infooffice"), appointment_id, "再次结束")
    assert ended.value.status == 409


def test_an_appointment_is_refused_with_reasons_and_writes_nothing(town_world):
    """The seed's constituencies (「002 一(三)2」), a term that ends after it starts, a restricted account."""
    w = town_world
    town = w.unit_id("town-zhengyang")
    with unit_of_work(w.factory) as session, pytest.raises(FormInvalid) as refused:
        appoint(session, w.clock, w.actor(session, "zy.infooffice"), town,
                {"user_id": w.user(session, "yj.officer").id, "constituency": "celebrity",
                 "term_start": "2030-06-01", "term_end": "2030-01-01"})
    assert set(refused.value.details) == {"user_id", "constituency", "term_end"}
    assert "受限账号" in refused.value.details["user_id"][0]
    with unit_of_work(w.factory) as session, pytest.raises(NotPermitted):
        appoint(session, w.clock, w.actor(session, "zy.a"), town,
                {"user_id": w.user(session, "zy.deputy").id, **TERM})
    _appoint(w)
    with pytest.raises(RuleViolation) as twice:
        _appoint(w, by="yj.centre")
    assert twice.value.status == 409
    with w.factory() as session:
        assert len(session.execute(select(InvitedAppointment)).all()) == 1


def _report(world, username: str, facts: str) -> int:
    cadre_id = world.cadre_id("dept-finance", "局长")
    with unit_of_work(world.factory) as session:
        return create_item(session, world.clock, world.actor(session, username), {
            "category": "harm_to_public", "source": "invited_officer", "facts": facts, "cadre_id": cadre_id}).id


def test_an_invited_officer_reads_only_what_they_reported(town_world):
    """Issue 13 §1: they see only what they reported and its feedback."""
    w = town_world
    _appoint(w)
    _appoint(w, who="zy.deputy2", constituency="cppcc_member")
    mine = _report(w, "zy.deputy", "窗口办事吃拿卡要。")
    _report(w, "zy.deputy2", "另一名特邀信息员的报告。")
    _report(w, "yj.officer", "信息员的报告。")
    with w.factory() as session:
        items, total = list_items(session, read_scope(session, w.user(session, "zy.deputy")))
        assert total == 1 and [i.id for i in items] == [mine]


def _graded(world, reporter: str) -> int:
    item_id = _report(world, reporter, "县财政局局长违规发放津贴。")
    with unit_of_work(world.factory) as session:
        verify_item(session, world.clock, world.actor(session, "yj.centre"), item_id)
        grade_item(session, world.clock, world.actor(session, "yj.deputy"), item_id,
                   situation="allowances_abused", harm="heavy")
    return item_id


def _notes(world, username: str) -> list[Notification]:
    with world.factory() as session:
        return list(session.execute(select(Notification).where(
            Notification.user_id == world.user(session, username).id, Notification.kind == "info_feedback")
            .order_by(Notification.id)).scalars())


def test_the_feedback_recorded_on_an_item_is_told_to_the_officer_who_reported_it(town_world):
    """「001 第一篇(四)三是」 the six kinds of feedback: the reporter hears which was given, about their item."""
    w = town_world
    _appoint(w)
    item_id = _graded(w, "zy.deputy")
    assert _notes(w, "zy.deputy") == []
    with unit_of_work(w.factory) as session:
        record_feedback(session, w.clock, w.actor(session, "yj.centre"), item_id, "warning_notice")
    notes = _notes(w, "zy.deputy")
    assert len(notes) == 1 and notes[0].subject == "预警信息反馈:预警通知书"
    assert notes[0].payload == {"info_item_id": item_id} and "001 第一篇(四)三是" in notes[0].body
    assert _notes(w, "yj.centre") == []  # nobody else is told


def test_the_measures_decision_on_the_clue_returns_to_the_reporting_officer(town_world):
    """第十四条: the screening of the clue the item became, and the feedback to its source when the warning
    ends, reach the officer who reported the item."""
    w = town_world
    item_id = _graded(w, "yj.officer")
    with unit_of_work(w.factory) as session:
        case_id = hand_over_item(session, w.clock, w.actor(session, "wang.clerk"), item_id).case.id
    walk = CaseWalker(w, case_id)
    walk.do("wang.clerk", "screen_clue", routing="dismiss", reason="反映问题已查清,无需预警")
    screened = _notes(w, "yj.officer")
    assert [n.subject for n in screened] == ["预警线索已筛选"] and "予以了结" in screened[0].body
    walk.do("wang.clerk", "feedback_to_source", notified_on="2030-01-20", feedback="经核实,予以了结")
    notes = _notes(w, "yj.officer")
    assert [n.subject for n in notes] == ["预警线索已筛选", "预警线索办理结果"]
    assert "第十四条" in notes[1].body and all(n.payload == {"info_item_id": item_id} for n in notes)
    with w.factory() as session:
        assert session.execute(select(User).where(User.username == "wang.clerk")).scalar_one().id not in {
            n.user_id for n in notes}
        # the item page shows the reporter the clue and how the Measures ended it (第十四条)
        state = clue_state(session, session.get(InfoItem, item_id))
        assert state["number"] in notes[1].body and state["outcome"] == OUTCOME_LABELS[Outcome.DISMISSED]
