"""An ordered correction from clue to lifting, through the engine, one transaction per step (第十–三十一条)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

import engine
from engine.db import unit_of_work
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.models import Document
from engine.models import Job
from engine.models import JobStatus
from engine.models import Restriction
from engine.models.cases import of_case


def _user_id(world, username):
    with world.factory() as session:
        return world.user(session, username).id


def approve_correction_up_to_receipt(walk, world, *, received_on="2026-11-03"):
    """Walk a correction case from screening to the recorded receipt of the notice."""
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    walk.do("zhang.secretary", "approve_correction", opinion="同意", approval_decision="approved",
            decided_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", acknowledged_on="2026-11-02", opinion="阅")
    walk.do("wang.clerk", "plan_implementation", method="written_and_talk", started_on="2026-11-02",
            implementer="县纪委书记")
    walk.do("wang.clerk", "draft_talk_plan", outline="指出错误事实,提出整改要求",
            lead_talker_id=_user_id(world, "zhang.secretary"), co_talker_ids=[_user_id(world, "li.deputy")])
    walk.do("wang.clerk", "notify_talk", talk_at="2026-11-03T09:00:00+08:00", place="县纪委谈话室",
            notified_on="2026-11-02")
    walk.do("wang.clerk", "record_talk", talked_on="2026-11-02",
            talker_ids=[_user_id(world, "zhang.secretary"), _user_id(world, "li.deputy")],
            recorder="王晓", record_summary="本人承认错误,表示整改", subject_signed=True)
    walk.do("xu.clerk", "fill_registration_form", rectification_requirements="一个月内退还礼金并作出书面检查")
    walk.do("li.deputy", "approve_registration", approval_decision="approved", decided_on="2026-11-02")
    walk.do("wang.clerk", "issue_notice", issued_on="2026-11-02", delivery_method="in_person")
    walk.on(received_on)
    walk.do("wang.clerk", "record_receipt", received_on=received_on)


def test_correction_runs_from_clue_to_lifting_第三十条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    case = walk.case()
    # 第三十条: one month from the recorded receipt, the start day not counted (民法典第二百零一、二百零二条).
    assert case.original_due_date == dt.date(2026, 12, 3)
    assert case.current_due_date == dt.date(2026, 12, 3)
    assert case.stage == "rectification"

    walk.on("2026-11-21")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-11-20",
            reason="退赔款项需分期筹措")
    walk.do("xu.clerk", "fill_extension_form", reason="特殊情况", requested_due_date="2026-12-20")
    walk.do("li.deputy", "approve_extension", extension_decision="approved", approved_due_date="2026-12-20",
            decided_on="2026-11-21")
    walk.do("wang.clerk", "issue_extension_notice", issued_on="2026-11-21", delivery_method="in_person")
    case = walk.case()
    assert case.current_due_date == dt.date(2026, 12, 20)
    assert case.extension_days_used == 17

    walk.on("2026-12-10")
    walk.do("wang.clerk", "await_rectification", progress="report_submitted", submitted_on="2026-12-09",
            summary="已退还礼金并作书面检查")
    walk.do("wang.clerk", "follow_up_visit", visited_on="2026-12-10", methods=["hearing_report", "reviewing_materials"],
            findings="整改到位", requirements_met=True)
    walk.do("xu.clerk", "fill_follow_up_form", opinion="已达到整改要求,建议解除预警")
    walk.do("zhang.secretary", "approve_lifting", approval_decision="approved", decided_on="2026-12-10")
    walk.do("wang.clerk", "feedback_to_source", notified_on="2026-12-10", feedback="已责令纠错并整改到位,解除预警")
    case = walk.case()
    assert case.status == "closed" and case.outcome == "lifted" and case.lifted_on == dt.date(2026, 12, 10)
    with world.factory() as session:
        assert (
            session.execute(select(func.count()).select_from(Restriction).where(Restriction.ends_on.is_(None))).scalar()
            == 0
        )
        kinds = set(session.execute(select(Document.kind).where(of_case(Document, walk.case_id))).scalars())
        assert {"approval_form", "correction_notice", "talk_record", "extension_notice", "follow_up_form",
                "notification_organisation", "source_feedback"} <= kinds
        assert engine.verify_audit_chain(session).ok


def test_correction_notice_bars_awards_and_promotion_第三十一条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    case = walk.case()
    with world.factory() as session:
        answer = engine.cadre_restrictions(session, world.clock, world.user(session, "zheng.org"), case.cadre_id)
    assert not answer.may_be_promoted and not answer.may_receive_awards
    assert answer.reasons[0]["case_number"] == case.number


def test_extension_past_one_month_cap_is_refused_第三十条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    walk.on("2026-11-20")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-11-20",
            reason="需延期")
    with pytest.raises(RuleViolation) as refused:
        walk.do("xu.clerk", "fill_extension_form", reason="需延期", requested_due_date="2027-02-01")
    assert refused.value.code == "extension_cap_exceeded"
    assert "第三十条" in refused.value.message_zh
    assert walk.open_steps() == ["fill_extension_form"]


def test_overdue_rectification_opens_escalation_decision_第三十一条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    with world.factory() as session:
        job = session.execute(select(Job).where(Job.status == JobStatus.SCHEDULED)).scalar_one()
        # 民法典第二百零三条: the last day ends at 24:00 China time.
        assert job.due_at == dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)
    world.clock.set(dt.datetime(2026, 12, 3, 15, 59, tzinfo=dt.UTC))
    assert engine.run_due_jobs(world.factory, world.clock).fired == []
    world.clock.set(dt.datetime(2026, 12, 3, 16, 0, 1, tzinfo=dt.UTC))
    report = engine.run_due_jobs(world.factory, world.clock)
    assert len(report.fired) == 1
    assert walk.open_steps() == ["decide_correction_overdue"]
    assert walk.case().overdue
    walk.do(
        "wang.clerk", "decide_correction_overdue", supervision_outcome="case_filed", opinion="逾期未纠正,转立案查处"
    )
    walk.do("wang.clerk", "hand_over", handover_kind="case_filed", receiving_body="县纪委案件审理室",
            handed_over_on="2026-12-04")
    walk.do("wang.clerk", "feedback_to_source", notified_on="2026-12-04", feedback="已转立案查处")
    assert walk.case().outcome == "case_filed"


def test_proposer_may_not_approve_the_same_warning_第十七条(world, walker_for):
    walk = walker_for("town-zhengyang", "副镇长")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
    with unit_of_work(world.factory) as session:
        secretary = world.user(session, "zhang.secretary")
        from engine.models import RoleAssignment

        session.add(RoleAssignment(user_id=secretary.id, role="warning_office", unit_id=secretary.unit_id))
    walk.do("zhang.secretary", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
    with pytest.raises(NotPermitted) as refused:
        walk.do("zhang.secretary", "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")
    assert refused.value.code == "segregation_of_duties"
    walk.do("li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")
    assert walk.open_steps() == ["plan_implementation"]


def test_every_step_is_in_the_verified_audit_chain_第二十六条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    with world.factory() as session:
        actions = session.execute(select(AuditEvent.action).where(AuditEvent.case_id == walk.case_id)).scalars().all()
        assert actions.count("task.completed") == 14
        assert engine.verify_audit_chain(session).ok
