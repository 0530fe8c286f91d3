"""The eight-step identification (「004 十」; 「000 二」) run by the engine as people run it: each step a
transaction, the instance saved and reloaded between steps (the specs forgotten), the self-finding one task
per person (multi-instance), the grading by the table risk_level.dmn (「004 九」), the seven-day announcement on
the injectable clock with an objection sending the points back to review, and the yearly restart."""
from __future__ import annotations

import datetime as dt

import pytest
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

import engine
from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.jobs import run_due_jobs
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import StartSchedule
from engine.models import TaskStatus
from engine.models import User
from engine.models.instances import InstanceStatus
from engine.persistence import forget_specs
from engine.runtime import load_instance
from engine.start_schedules import resume_schedule
from processes.risk_points import create_risk_point
from processes.risk_points import start_identification
from processes.risk_points.models import IdentificationRound
from processes.risk_points.models import RiskPoint

SCORES_LEVEL_1 = {"likelihood": "medium", "harm": "medium", "discretion": "high", "money": "high",
                  "review_opinion": "预算分配权集中,资金量大。"}
SCORES_LEVEL_2 = {**SCORES_LEVEL_1, "discretion": "medium", "money": "low"}
REVISION = {"revision": "已按意见修改防控措施。"}
POINT = {"scope": "office", "office": "预算股", "risk_type": "post_duty", "title": "预算审核",
         "manifestations": "预算审核中接受请托。", "level": 1,
         "measures": [{"text": "审核意见双人复核", "owner": "预算股股长", "check_method": "每季度抽查"}]}


class Round:
    """One identification instance of the finance bureau, walked step by step."""

    def __init__(self, world, instance_id: int, round_id: int):
        self.world = world
        self.instance_id = instance_id
        self.round_id = round_id

    def register_point(self) -> int:
        """The office head enters a point the round found into the register (structured, 「004 十」第三步)."""
        unit_id = self.round().unit_id
        with unit_of_work(self.world.factory) as session:
            point = create_risk_point(session, self.world.clock, self.world.actor(session, "cz.head"), unit_id,
                                      POINT, round_id=self.round_id)
            return point.id

    def round(self) -> IdentificationRound:
        with self.world.factory() as session:
            return session.get(IdentificationRound, self.round_id)

    def task(self, bpmn_id: str) -> HumanTask:
        with self.world.factory() as session:
            return session.execute(select(HumanTask).where(
                HumanTask.instance_id == self.instance_id, HumanTask.bpmn_id == bpmn_id,
                HumanTask.status == TaskStatus.OPEN)).scalars().first()

    def open_steps(self) -> list[tuple[str, str | None]]:
        """Open steps as (bpmn id, assignee username or None)."""
        with self.world.factory() as session:
            rows = session.execute(select(HumanTask.bpmn_id, User.username)
                                   .outerjoin(User, User.id == HumanTask.assignee_id)
                                   .where(HumanTask.instance_id == self.instance_id,
                                          HumanTask.status == TaskStatus.OPEN)).all()
            return sorted((bpmn_id, username) for bpmn_id, username in rows)

    def do(self, username: str, bpmn_id: str, **data):
        forget_specs()  # restore from the stored state: a reload between every step
        with self.world.factory() as session:
            query = select(HumanTask.id).where(HumanTask.instance_id == self.instance_id,
                                               HumanTask.bpmn_id == bpmn_id, HumanTask.status == TaskStatus.OPEN)
            user_id = self.world.user(session, username).id
            ids = list(session.execute(query).scalars())
            mine = [i for i in ids if session.get(HumanTask, i).assignee_id in (None, user_id)]
        assert mine, f"{username} has no open {bpmn_id}; open: {self.open_steps()}"
        with unit_of_work(self.world.factory) as session:
            return engine.complete_task(session, self.world.clock, self.world.actor(session, username), mine[0], data)

    def suggested(self) -> tuple[int, str]:
        """The grading table's suggestion as the stored workflow holds it (the business rule task's outputs)."""
        forget_specs()
        with self.world.factory() as session:
            workflow = load_instance(session, self.instance_id).workflow
            data = workflow.get_tasks(state=TaskState.READY, manual=True)[0].data
        return data["suggested_level"], data["suggested_owner"]

    def status(self) -> str:
        with self.world.factory() as session:
            return session.get(ProcessInstance, self.instance_id).status

    def days_later(self, days: float) -> None:
        self.world.clock.set(self.world.clock.now() + dt.timedelta(days=days))
        run_due_jobs(self.world.factory, self.world.clock)


def _start(world) -> Round:
    """Open the finance bureau's 2026 round as its principal leader: the round is the instance's subject."""
    unit_id = world.unit_id("dept-finance")
    with unit_of_work(world.factory) as session:
        round_ = start_identification(session, world.clock, world.actor(session, "cz.principal"), unit_id, 2026)
        round_id = round_.id
    with world.factory() as session:
        instance_id = session.execute(select(ProcessInstance.id).where(
            ProcessInstance.subject_type == "risk_round", ProcessInstance.subject_id == round_id)).scalar_one()
    return Round(world, instance_id, round_id)


def _user_ids(world, *usernames: str) -> list[int]:
    with world.factory() as session:
        return [world.user(session, name).id for name in usernames]


def _to_review(world) -> Round:
    """Steps one to five (「004 十」第一至第五步) for two people of the budget office."""
    walk = _start(world)
    assert walk.open_steps() == [("fix_subjects", None)]
    walk.do("cz.principal", "fix_subjects", round_year=2026, persons=_user_ids(world, "cz.staff1", "cz.staff2"),
            focus="预算股审批、审核及财务人员")
    # 第二步: one task per person in scope, each given to that person (multi-instance)
    assert walk.open_steps() == [("self_find", "cz.staff1"), ("self_find", "cz.staff2")]
    for person in ("cz.staff1", "cz.staff2"):
        walk.do(person, "self_find", post="预算股科员", risk_types=["post_duty", "external"],
                risks="预算审核中可能接受请托。", proposed_measures="审核意见双人复核。")
    assert walk.open_steps() == [("draft_measures", None)]
    walk.do("cz.head", "draft_measures", measures="预算审核双人复核、审核结果公开。", flow_reviewed=True)
    walk.do("cz.head", "solicit_opinions", sources=["meeting", "online"], solicited_on="2026-11-02",
            participants="局领导、股室干部", opinions="建议增加审核留痕。")
    walk.do("cz.head", "revise_measures", **REVISION)
    assert walk.open_steps() == [("organisation_review", None)]
    return walk


def test_the_eight_steps_run_to_the_announcement_and_end_without_objection_004_10(risk_world):
    """「004 十」第一至第八步 in order, each by its role; 「004 九」 grading by the table; 公示 at least seven days
    (DOMAIN.md §5) on the injectable clock before the round ends."""
    walk = _to_review(risk_world)
    walk.do("cz.leader", "organisation_review", **SCORES_LEVEL_1)
    assert walk.open_steps() == [("revise_again", None)]
    assert walk.suggested() == (1, "unit_principal")  # 「004 九㈠」: much discretion and money
    walk.do("cz.head", "revise_again", **REVISION)
    point_id = walk.register_point()
    walk.do("cz.principal", "collective_signoff", decided_level="1", meeting_on="2026-11-02", signed=True,
            filed_with=["organisation", "discipline"], integrity_file=True)
    with risk_world.factory() as session:  # 「004 十」第八步: the round's points are filed on the signing day
        point = session.get(RiskPoint, point_id)
        assert (point.filed_on, point.version, point.versions[-1].reason) == (
            dt.date(2026, 11, 2), 2, "2026年度风险点查找第八步:签字备案")
    assert walk.open_steps() == []  # the announcement runs: no step is open
    walk.days_later(6.9)
    assert walk.open_steps() == [] and walk.status() == InstanceStatus.RUNNING
    walk.days_later(0.2)
    assert walk.open_steps() == [("close_publicity", None)]
    assert walk.round().stage == "risk_publicity"
    walk.do("cz.head", "close_publicity", objection=False)
    assert walk.status() == InstanceStatus.COMPLETED
    finished = walk.round()
    assert (finished.stage, finished.closed, finished.closed_on) == ("risk_filed", True, dt.date(2026, 11, 9))


def test_the_round_is_the_subject_its_unit_takes_the_steps_and_each_has_its_deadline(risk_world):
    """「004 六」 each unit finds its own risks: the round's steps go to its unit; each step's deadline counts
    from the round's start (this system's defaults, vocabulary.DUE_DAYS: the seeds give none)."""
    walk = _start(risk_world)
    first = walk.task("fix_subjects")
    assert (first.unit_id, first.subject_type, first.subject_id) == (
        risk_world.unit_id("dept-finance"), "risk_round", walk.round_id)
    assert first.due_date == dt.date(2026, 11, 7)  # 5 days from Monday 2 November
    walk.do("cz.principal", "fix_subjects", round_year=2026, persons=_user_ids(risk_world, "cz.staff1"),
            focus="预算股")
    assert walk.task("self_find").due_date == dt.date(2026, 12, 2)  # 30 days
    assert walk.round().stage == "risk_finding"


def test_only_the_units_principal_or_leading_group_starts_a_round_004_10_1(risk_world):
    """「004 十」第一步 is the unit leadership's: staff may not open a round (403), nothing is written."""
    unit_id = risk_world.unit_id("dept-finance")
    with pytest.raises(NotPermitted), unit_of_work(risk_world.factory) as session:
        start_identification(session, risk_world.clock, risk_world.actor(session, "cz.staff1"), unit_id, 2026)
    with risk_world.factory() as session:
        assert session.execute(select(IdentificationRound)).first() is None


def test_a_unit_has_one_running_round_a_year_a_second_is_refused_with_nothing_written_004_10(risk_world):
    """「004 十」 is one procedure per unit: while the unit's round of a year runs, opening another for that year
    is refused (422, in Chinese) and nothing is written; another year may be opened."""
    walk = _start(risk_world)
    unit_id = risk_world.unit_id("dept-finance")
    with pytest.raises(FormInvalid) as refused, unit_of_work(risk_world.factory) as session:
        start_identification(session, risk_world.clock, risk_world.actor(session, "cz.principal"), unit_id, 2026)
    assert refused.value.details["year"] == ["2026年度已有一轮查找正在进行(始于2026-11-02),请在待办中继续办理"]
    with risk_world.factory() as session:
        assert [r.id for r in session.execute(select(IdentificationRound)).scalars()] == [walk.round_id]
        assert session.execute(select(ProcessInstance).where(ProcessInstance.subject_type == "risk_round")
                               ).scalars().all().__len__() == 1
    with unit_of_work(risk_world.factory) as session:
        start_identification(session, risk_world.clock, risk_world.actor(session, "cz.principal"), unit_id, 2027)


def test_an_objection_during_the_announcement_sends_the_points_back_to_review_000_2(risk_world):
    """Issue 12 §3: an objection during the announcement sends the point back to the organisation review
    (「004 十」第六步), which grades again; a second announcement of seven days follows."""
    walk = _to_review(risk_world)
    walk.do("cz.leader", "organisation_review", **SCORES_LEVEL_1)
    walk.do("cz.head", "revise_again", **REVISION)
    walk.do("cz.principal", "collective_signoff", decided_level="1", meeting_on="2026-11-02", signed=True,
            filed_with=["organisation", "discipline"], integrity_file=True)
    walk.days_later(7.1)
    with pytest.raises(FormInvalid) as refused:
        walk.do("cz.head", "close_publicity", objection=True)
    assert refused.value.details["objection_summary"] == ["有异议时须填写异议内容"]
    walk.do("cz.head", "close_publicity", objection=True, objection_summary="群众反映风险等级定得过高。")
    assert walk.open_steps() == [("organisation_review", None)]
    walk.do("cz.leader", "organisation_review", **SCORES_LEVEL_2)
    assert walk.suggested() == (2, "unit_leader_in_charge")  # graded again: 「004 九㈡」
    walk.do("cz.head", "revise_again", **REVISION)
    walk.do("cz.principal", "collective_signoff", decided_level="2", meeting_on="2026-11-09", signed=True,
            filed_with=["organisation", "discipline"], integrity_file=True)
    walk.days_later(7.1)
    walk.do("cz.head", "close_publicity", objection=False)
    assert walk.status() == InstanceStatus.COMPLETED


def test_a_person_outside_the_round_gets_no_self_finding_task_004_10_1(risk_world):
    """「004 十」第一步 fixes the subjects: only the people named get a self-finding task, each their own."""
    walk = _start(risk_world)
    walk.do("cz.principal", "fix_subjects", round_year=2026, persons=_user_ids(risk_world, "cz.staff1"),
            focus="预算股")
    assert walk.open_steps() == [("self_find", "cz.staff1")]
    with pytest.raises(AssertionError):
        walk.do("cz.staff2", "self_find", post="x", risk_types=["moral"], risks="x", proposed_measures="x")


def test_the_signoff_needs_the_principal_signature_and_both_filings_004_10_8(risk_world):
    """「004 十」第八步: 经主要领导签字盖章后,由组织、纪检等部门备案,记入干部廉政档案."""
    walk = _to_review(risk_world)
    walk.do("cz.leader", "organisation_review", **SCORES_LEVEL_2)
    walk.do("cz.head", "revise_again", **REVISION)
    with pytest.raises(FormInvalid) as refused:
        walk.do("cz.principal", "collective_signoff", decided_level="2", meeting_on="2026-11-02", signed=False,
                filed_with=["organisation"], integrity_file=False)
    assert set(refused.value.details) == {"signed", "filed_with", "integrity_file"}
    assert walk.open_steps() == [("collective_signoff", None)]


def test_the_yearly_re_identification_starts_itself_on_its_timer_004_6(risk_world):
    """「004 六」: risk points change as power and posts change; a timer start event begins each year's
    re-identification (issue 12 §3): the county commission's notice to every unit, then each unit's round."""
    with risk_world.factory() as session:
        schedule = session.execute(select(StartSchedule).where(StartSchedule.key == "risk_reidentification")
                                   ).scalar_one()
        assert schedule.paused  # installed held: the county resumes it once its units are set up
    with unit_of_work(risk_world.factory) as session:
        resume_schedule(session, risk_world.clock, risk_world.actor(session, "admin"), schedule.id)
    with risk_world.factory() as session:
        assert session.get(StartSchedule, schedule.id).next_due_at == dt.datetime(2027, 1, 4, 1, 0, tzinfo=dt.UTC)
    county = risk_world.unit_id("county")
    risk_world.clock.set(dt.datetime(2027, 1, 4, 1, 0, 1, tzinfo=dt.UTC))
    run_due_jobs(risk_world.factory, risk_world.clock)
    with risk_world.factory() as session:
        [task] = session.execute(select(HumanTask).where(HumanTask.status == TaskStatus.OPEN)).scalars()
        assert (task.bpmn_id, task.unit_id) == ("announce_reidentification", county)
        schedule = session.execute(select(StartSchedule).where(StartSchedule.key == "risk_reidentification")
                                   ).scalar_one()
        assert schedule.next_due_at == dt.datetime(2028, 1, 4, 1, 0, tzinfo=dt.UTC)
    with unit_of_work(risk_world.factory) as session:
        engine.complete_task(session, risk_world.clock, risk_world.actor(session, "wang.clerk"), task.id,
                             {"notice": "请各单位按八步法重新查找廉政风险点。", "units_due_on": "2027-03-31"})
