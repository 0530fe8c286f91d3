"""Who carries out a warning: the talkers (第二十、二十二条) and the registration form's approver (第十七、二十五条).

第二十二条(二)2: 谈话必须有两人以上参加; the lead talker is a party committee (group) member or the discipline
body's principal or responsible leader — for a principal leader of a town or county department, the county
commission secretary. 第二十条: the warning is carried out by the body one level up or its functional
department. The engine lists who may talk in a case (processes.measures.execution.TALKER_ROLES held in the
handling unit or a unit above it, active, never the subject) and the talk forms refuse anyone else, field by
field, before anything is written. Every case here runs through the engine, one transaction per step.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.models import Document
from engine.models import HumanTask
from engine.models import RoleAssignment
from engine.models import TaskStatus
from engine.models.cases import of_case
from tests.engine.conftest import CaseWalker
from tests.engine.conftest import World
from tests.engine.conftest import register

NOT_A_CANDIDATE = "不是本案可参加谈话的人员:{}(第二十条、第二十二条)"
SUBJECT_TALKS = "预警对象本人不得担任谈话人员(第二十二条)"
NOBODY = 999_999


def _id(world: World, username: str) -> int:
    with world.factory() as session:
        return world.user(session, username).id


def _county_correction_to_talk_plan(world: World, title: str = "镇长") -> CaseWalker:
    """A correction about a county-managed cadre of 正阳关镇, handled by the county commission, up to the plan."""
    walk = register(world, "wang.clerk", world.cadre_id("town-zhengyang", title))
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    walk.do("zhang.secretary", "approve_correction", approval_decision="approved", decided_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", acknowledged_on="2026-11-02")
    walk.do("wang.clerk", "plan_implementation", method="written_and_talk", started_on="2026-11-02",
            implementer="县纪委书记")
    assert walk.open_steps() == ["draft_talk_plan"]
    return walk


def _town_inquiry_to_talk_plan(world: World) -> CaseWalker:
    """An inquiry about a town-managed cadre (财政所所长), handled by 正阳关镇 itself, up to the talk plan."""
    walk = register(world, "zy.office", world.cadre_id("town-zhengyang", "财政所所长"))
    walk.do("zy.office", "screen_clue", routing="handle_here", reason="属本单位管理干部")
    walk.do("zy.office", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
    walk.do("zy.office", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
    # 第十七条: approved by a deputy secretary or the secretary — of the unit the approval step is placed in.
    approver = "li.deputy" if walk.open_task("approve_inquiry").unit_id == world.unit_id("county") else "zy.secretary"
    walk.do(approver, "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")
    walk.do("zy.office", "plan_implementation", method="talk", started_on="2026-11-02", implementer="镇纪委书记")
    assert walk.open_steps() == ["draft_talk_plan"]
    return walk


def _plan(walk: CaseWalker, lead: int, *co: int, clerk: str = "wang.clerk"):
    return walk.do(clerk, "draft_talk_plan", outline="指出错误事实,提出整改要求", lead_talker_id=lead,
                   co_talker_ids=list(co))


def _record(walk: CaseWalker, username: str, *talkers: int):
    return walk.do(username, "record_talk", talked_on="2026-11-02", talker_ids=list(talkers),
                   recorder="王晓", record_summary="本人承认错误,表示整改", subject_signed=True)


def _to_record_talk(walk: CaseWalker, world: World) -> None:
    _plan(walk, _id(world, "zhang.secretary"), _id(world, "li.deputy"))
    walk.do("wang.clerk", "notify_talk", talk_at="2026-11-03T09:00:00+08:00", place="县纪委谈话室",
            notified_on="2026-11-02")
    assert walk.open_steps() == ["record_talk"]


def _written(world: World, walk: CaseWalker) -> tuple:
    """What a refused talk step must leave as it was: the case's talk date, documents, audit events, open steps."""
    with world.factory() as session:
        documents = session.execute(select(func.count()).select_from(Document)
                                    .where(of_case(Document, walk.case_id))).scalar()
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar()
    return walk.case().talked_on, documents, events, walk.open_steps()


def _refused(world: World, walk: CaseWalker, step) -> dict[str, list[str]]:
    before = _written(world, walk)
    with pytest.raises(FormInvalid) as refused:
        step()
    assert refused.value.code == "form_invalid" and refused.value.status == 422
    assert _written(world, walk) == before
    return refused.value.details


# --- talkers must exist, be active and be able to talk (第二十条, 第二十二条) --------------------------------

def test_a_talker_who_does_not_exist_is_refused_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    _to_record_talk(walk, county)
    secretary, deputy = _id(county, "zhang.secretary"), _id(county, "li.deputy")
    details = _refused(county, walk, lambda: _record(walk, "wang.clerk", secretary, NOBODY))
    assert details == {"talker_ids": [NOT_A_CANDIDATE.format(NOBODY)]}
    _record(walk, "wang.clerk", secretary, deputy)
    assert walk.case().talked_on == dt.date(2026, 11, 2)


def test_a_lead_talker_who_does_not_exist_is_refused_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    details = _refused(county, walk, lambda: _plan(walk, NOBODY, _id(county, "li.deputy")))
    assert details == {"lead_talker_id": [NOT_A_CANDIDATE.format(NOBODY)]}


@pytest.mark.parametrize("username", ["sun.designer", "admin", "liu.auditor", "chen.supervisor", "zheng.org",
                                      "he.personnel", "zhao.committee"])
def test_a_user_whose_role_does_not_talk_is_refused_as_co_talker_第二十条_第二十二条(county, username):
    walk = _county_correction_to_talk_plan(county)
    stranger = _id(county, username)
    details = _refused(county, walk, lambda: _plan(walk, _id(county, "zhang.secretary"), stranger))
    assert details == {"co_talker_ids": [NOT_A_CANDIDATE.format(stranger)]}


def test_a_designer_is_refused_in_the_talk_record_too_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    _to_record_talk(walk, county)
    designer = _id(county, "sun.designer")
    details = _refused(county, walk, lambda: _record(walk, "wang.clerk", _id(county, "zhang.secretary"),
                                                     _id(county, "li.deputy"), designer))
    assert details == {"talker_ids": [NOT_A_CANDIDATE.format(designer)]}


def test_a_deactivated_user_may_not_talk_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    with unit_of_work(county.factory) as session:
        county.user(session, "li.deputy").active = False
    deputy = _id(county, "li.deputy")
    details = _refused(county, walk, lambda: _plan(walk, _id(county, "zhang.secretary"), deputy))
    assert details == {"co_talker_ids": [NOT_A_CANDIDATE.format(deputy)]}


def test_a_leader_of_another_town_may_not_talk_第二十条(county):
    # 第二十条: carried out by the handling body or the one above it — not by a neighbouring town.
    walk = _town_inquiry_to_talk_plan(county)
    wabu = _id(county, "wb.secretary")
    details = _refused(county, walk, lambda: _plan(walk, _id(county, "zy.secretary"), wabu, clerk="zy.office"))
    assert details == {"co_talker_ids": [NOT_A_CANDIDATE.format(wabu)]}


def test_the_subject_may_not_talk_to_themself_第二十二条(county):
    # 正阳关镇党委书记 has a user account (zy.partychief): as a party chief they could otherwise talk.
    walk = _county_correction_to_talk_plan(county, title="党委书记")
    subject = _id(county, "zy.partychief")
    details = _refused(county, walk, lambda: _plan(walk, _id(county, "zhang.secretary"), subject))
    assert details == {"co_talker_ids": [SUBJECT_TALKS]}
    details = _refused(county, walk, lambda: _plan(walk, subject, _id(county, "li.deputy")))
    assert details == {"lead_talker_id": [SUBJECT_TALKS]}


def test_the_subject_may_take_part_in_another_case_of_their_town_第二十二条(county):
    # The same account may talk where it is not the subject: 党委(党组)主要负责人 of the handling unit.
    walk = _town_inquiry_to_talk_plan(county)
    walk.do("zy.office", "draft_talk_plan", outline="指出问题,提出要求", lead_talker_id=_id(county, "zy.secretary"),
            co_talker_ids=[_id(county, "zy.partychief"), _id(county, "zy.office")])
    assert walk.open_steps() == ["notify_talk"]


def test_the_county_commission_may_talk_in_a_town_case_第二十条(county):
    # 第二十条 "上一级": the county commission above the town may carry it out.
    walk = _town_inquiry_to_talk_plan(county)
    walk.do("zy.office", "draft_talk_plan", outline="指出问题,提出要求", lead_talker_id=_id(county, "li.deputy"),
            co_talker_ids=[_id(county, "wang.clerk")])
    assert walk.open_steps() == ["notify_talk"]


def test_at_least_two_distinct_talkers_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    _to_record_talk(walk, county)
    secretary = _id(county, "zhang.secretary")
    two = "谈话必须有两人以上参加(第二十二条)"
    assert _refused(county, walk, lambda: _record(walk, "wang.clerk", secretary)) == {"talker_ids": [two]}
    assert _refused(county, walk, lambda: _record(walk, "wang.clerk", secretary, secretary)) == {
        "talker_ids": ["谈话人员不得重复;" + two]}


def test_every_bad_talker_is_reported_at_once_per_field_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    designer = _id(county, "sun.designer")
    details = _refused(county, walk, lambda: _plan(walk, NOBODY, designer))
    assert details == {"lead_talker_id": [NOT_A_CANDIDATE.format(NOBODY)],
                       "co_talker_ids": [NOT_A_CANDIDATE.format(designer)]}


# --- the lead talker by the subject's position (第二十二条(二)2) ---------------------------------------------

def test_a_principal_leader_of_a_town_is_talked_to_by_the_county_secretary_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    before = _written(county, walk)
    with pytest.raises(RuleViolation) as refused:
        _plan(walk, _id(county, "li.deputy"), _id(county, "zhang.secretary"))
    assert refused.value.code == "lead_talker_position"
    assert "县纪委书记" in refused.value.message_zh and "第二十二条" in refused.value.message_zh
    assert _written(county, walk) == before
    _plan(walk, _id(county, "zhang.secretary"), _id(county, "li.deputy"))
    assert walk.open_steps() == ["notify_talk"]


def test_a_group_member_may_be_talked_to_by_the_deputy_secretary_第二十二条(county):
    walk = _county_correction_to_talk_plan(county, title="副镇长")
    _plan(walk, _id(county, "li.deputy"), _id(county, "wang.clerk"))
    assert walk.open_steps() == ["notify_talk"]


def test_warning_office_staff_may_talk_but_not_lead_第二十二条(county):
    # 预警办 drafts the plan for the lead talker and may take part, but does not lead the talk.
    walk = _town_inquiry_to_talk_plan(county)
    before = _written(county, walk)
    with pytest.raises(RuleViolation) as refused:
        _plan(walk, _id(county, "zy.office"), _id(county, "zy.secretary"), clerk="zy.office")
    assert refused.value.code == "lead_talker_position"
    assert _written(county, walk) == before
    _plan(walk, _id(county, "zy.secretary"), _id(county, "zy.office"), clerk="zy.office")
    assert walk.open_steps() == ["notify_talk"]


def test_the_lead_talker_must_have_taken_part_in_the_talk_第二十二条(county):
    walk = _county_correction_to_talk_plan(county)
    _to_record_talk(walk, county)
    with pytest.raises(RuleViolation) as refused:
        _record(walk, "wang.clerk", _id(county, "li.deputy"), _id(county, "wang.clerk"))
    assert refused.value.code == "lead_talker_absent"
    assert walk.open_steps() == ["record_talk"] and walk.case().talked_on is None


# --- the registration form is not approved by the one who filled it (第十七条, 第二十五条) -------------------

def test_who_filled_the_registration_form_may_not_approve_it_第十七条_第二十五条(county):
    walk = _county_correction_to_talk_plan(county)
    _to_record_talk(walk, county)
    _record(walk, "wang.clerk", _id(county, "zhang.secretary"), _id(county, "li.deputy"))
    with unit_of_work(county.factory) as session:
        deputy = county.user(session, "li.deputy")
        session.add(RoleAssignment(user_id=deputy.id, role="warning_office", unit_id=deputy.unit_id))
    walk.do("li.deputy", "fill_registration_form", rectification_requirements="一个月内退还礼金并作出书面检查")
    pending = walk.open_task("approve_registration")
    # the filler, and (issue 14 §3.3, 第十五–十七条) whoever proposed, checked or filled the approval form
    assert pending.excluded_user_ids == sorted(_id(county, u) for u in ("li.deputy", "wang.clerk", "xu.clerk"))
    with pytest.raises(NotPermitted) as refused:
        walk.do("li.deputy", "approve_registration", approval_decision="approved", decided_on="2026-11-02")
    assert refused.value.code == "segregation_of_duties"
    with county.factory() as session:
        assert session.get(HumanTask, pending.id).status == TaskStatus.OPEN
    walk.do("zhang.secretary", "approve_registration", approval_decision="approved", decided_on="2026-11-02")
    assert walk.open_steps() == ["issue_notice"]
