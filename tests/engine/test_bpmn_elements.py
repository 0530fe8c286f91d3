"""Each structural BPMN element of issue 11 §2 runs in the engine to the same end as in bare SpiffWorkflow.

One small diagram per element, drawn for the purpose (tests/data/bpmn/elements/, each citing the article or
seed it models), deployed by a designer, run step by step with save and reload, timers driven by the clock and
the real sweep, and compared with bare SpiffWorkflow on the same data (see tests/engine/element_runs.py).
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.clock import UTC
from engine.db import unit_of_work
from engine.errors import AssigneeInvalid
from engine.errors import NotPermitted
from engine.errors import TaskNotClaimable
from engine.models import HumanTask
from engine.models import Job
from engine.models import JobStatus
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.operations.tasks import unclaim_task
from engine.persistence import forget_specs
from tests.engine.element_runs import COMMITTEE
from tests.engine.element_runs import ELEMENTS
from tests.engine.element_runs import START
from tests.engine.element_runs import At
from tests.engine.element_runs import CompletionSpy
from tests.engine.element_runs import Do
from tests.engine.element_runs import assert_same_as_bare
from tests.engine.element_runs import element_world
from tests.engine.element_runs import open_tasks
from tests.engine.element_runs import user_ids

CLERK = "wang.clerk"


@pytest.fixture()
def spy(monkeypatch) -> CompletionSpy:
    return CompletionSpy(monkeypatch)


def _jobs(world, instance_id: int) -> list[Job]:
    with world.factory() as session:
        return list(session.execute(select(Job).where(Job.instance_id == instance_id).order_by(Job.id)).scalars())


def _hours(hours: float, seconds: int = 1) -> dt.datetime:
    return START + dt.timedelta(hours=hours, seconds=seconds)


# --- gateways and subprocesses ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("start_data", "notices"), [
    # 第三十一条: an ordered correction is notified to the organisation and personnel departments and the unit
    ({"warning_type": "correction", "notify_unit": False}, ["notify_unit", "notify_organisation", "notify_personnel"]),
    # an admonition may be notified to the unit's party organisation
    ({"warning_type": "admonition", "notify_unit": True}, ["notify_unit"]),
    # nothing to notify: the default flow records why
    ({"warning_type": "inquiry", "notify_unit": False}, ["record_no_notice"]),
], ids=["correction-three-notices", "admonition-unit-only", "inquiry-default"])
def test_inclusive_gateway_takes_every_true_flow_then_joins_31(session_factory, spy, start_data, notices):
    world = element_world(session_factory, "element_inclusive_gateway")
    steps = [Do("decide_notification", CLERK), *(Do(step, CLERK) for step in notices), Do("archive_notices", CLERK)]
    run = assert_same_as_bare(world, "element_inclusive_gateway", start_data, steps, spy)
    done = [name for name in run.completed_specs if name in notices]
    assert sorted(done) == sorted(notices)


def test_embedded_subprocess_runs_its_steps_in_turn_22(session_factory, spy):
    world = element_world(session_factory, "element_embedded_subprocess")
    steps = [Do("plan_talk", CLERK), Do("notify_talk", CLERK), Do("record_talk", CLERK), Do("file_talk_record", CLERK)]
    run = assert_same_as_bare(world, "element_embedded_subprocess", {}, steps, spy)
    assert run.completed_specs.index("notify_talk") < run.completed_specs.index("record_talk") \
        < run.completed_specs.index("talk") < run.completed_specs.index("file_talk_record")


# --- event subprocesses ---------------------------------------------------------------------------------------

def test_timer_event_subprocess_reminds_once_a_day_without_interrupting_17(session_factory, spy):
    world = element_world(session_factory, "element_event_subprocess_timer")
    steps = [At(_hours(24)), Do("send_reminder", "chen.supervisor"), Do("start_implementation", CLERK)]
    run = assert_same_as_bare(world, "element_event_subprocess_timer", {}, steps, spy)
    assert run.sweeps[0].fired, "the event subprocess's timer start fired in the sweep"
    assert "start_implementation" in run.completed_specs  # the step it reminded about was never interrupted


def test_signal_event_subprocess_registers_supplement_while_review_goes_on_13(session_factory, spy):
    world = element_world(session_factory, "element_event_subprocess_signal")
    steps = [Do("receive_supplement", CLERK), Do("register_supplement", CLERK), Do("review_clue", CLERK)]
    assert_same_as_bare(world, "element_event_subprocess_signal", {}, steps, spy)


def test_error_event_subprocess_hands_over_the_case_clue_part_14(session_factory, spy):
    world = element_world(session_factory, "element_event_subprocess_error")
    steps = [Do("verify_clue", CLERK, {"opinion": "案件线索"}), Do("hand_over", CLERK), Do("propose_warning", CLERK)]
    run = assert_same_as_bare(world, "element_event_subprocess_error", {}, steps, spy)
    assert "case_clue_found" in run.completed_specs


def test_escalation_event_subprocess_reports_without_stopping_the_review_29(session_factory, spy):
    world = element_world(session_factory, "element_event_subprocess_escalation")
    steps = [Do("review_rectification", CLERK), Do("report_to_deputy", "li.deputy"), Do("propose_handling", CLERK)]
    assert_same_as_bare(world, "element_event_subprocess_escalation", {}, steps, spy)


# --- multi-instance and loops ---------------------------------------------------------------------------------

@pytest.mark.parametrize("diagram", ["element_cosign_parallel", "element_cosign_sequential"])
def test_cosign_each_member_gets_an_own_task_and_one_rejection_ends_it_17(session_factory, spy, diagram):
    world = element_world(session_factory, diagram)
    members = user_ids(world, *COMMITTEE)
    decision = {"meeting_on": "2026-11-02", "meeting_number": "常委会〔2026〕12次"}
    steps = [Do("cosign", COMMITTEE[0], {"approval_decision": "approved", **decision}),
             Do("cosign", COMMITTEE[1], {"approval_decision": "rejected", "opinion": "事实不清", **decision}),
             Do("record_rejection", CLERK)]
    run = assert_same_as_bare(world, diagram, {"committee_members": members}, steps, spy)
    # the completion condition (approval_decision == 'rejected') stopped the co-sign before the third member
    assert run.data["decisions"] == ["approved", "rejected"]
    assert "issue_decision" not in run.completed_specs
    with world.factory() as session:
        cosign = list(session.execute(select(HumanTask).where(HumanTask.bpmn_id == "cosign")
                                      .order_by(HumanTask.id)).scalars())
    by_member = {task.assignee_id: task.status for task in cosign}
    assert by_member[members[0]] == TaskStatus.COMPLETED and by_member[members[1]] == TaskStatus.COMPLETED
    if diagram == "element_cosign_parallel":
        assert by_member[members[2]] == TaskStatus.CANCELLED  # opened with the others, closed by the condition
    else:
        assert members[2] not in by_member  # the sequence stopped before reaching the third member


def test_parallel_cosign_opens_one_personal_task_per_member_all_approve_17(session_factory, spy):
    world = element_world(session_factory, "element_cosign_parallel")
    members = user_ids(world, *COMMITTEE)
    decision = {"approval_decision": "approved", "meeting_on": "2026-11-02", "meeting_number": "常委会〔2026〕12次"}
    steps = [Do("cosign", member, decision) for member in reversed(COMMITTEE)] + [Do("issue_decision", CLERK)]
    run = assert_same_as_bare(world, "element_cosign_parallel", {"committee_members": members}, steps, spy)
    assert run.data["decisions"] == ["approved", "approved", "approved"]


def test_parallel_cosign_completes_when_its_specs_were_parsed_again_between_members_17(session_factory):
    """A restart (or another worker) parses the specs anew between two members' co-signatures: SpiffWorkflow
    connects a child's completion to its multi-instance parent only on the spec object that created the
    child, so without engine/persistence.py reconnecting it the co-signing waited forever."""
    world = element_world(session_factory, "element_cosign_parallel")
    members = user_ids(world, *COMMITTEE)
    decision = {"approval_decision": "approved", "meeting_on": "2026-11-02", "meeting_number": "常委会〔2026〕12次"}
    with unit_of_work(world.factory) as session:
        instance_id = engine.start_process(session, world.clock, SYSTEM, "element_cosign_parallel",
                                           {"committee_members": members}).instance.id
    for username in COMMITTEE:
        forget_specs()  # a fresh process: neither the cached specs nor the kept workflow survive
        task_id = next(t.id for t in open_tasks(world, instance_id, "cosign")
                       if t.assignee_id == user_ids(world, username)[0])
        with unit_of_work(world.factory) as session:
            engine.complete_task(session, world.clock, world.actor(session, username), task_id, decision)
    assert [t.bpmn_id for t in open_tasks(world, instance_id)] == ["issue_decision"]


def test_cosign_task_belongs_to_its_member_only_17(session_factory):
    world = element_world(session_factory, "element_cosign_parallel")
    members = user_ids(world, *COMMITTEE)
    with unit_of_work(world.factory) as session:
        instance_id = engine.start_process(session, world.clock, SYSTEM, "element_cosign_parallel",
                                           {"committee_members": members}).instance.id
    tasks = open_tasks(world, instance_id, "cosign")
    assert sorted(t.assignee_id for t in tasks) == sorted(members)
    mine = next(t for t in tasks if t.assignee_id == members[0])
    # each member's inbox holds their own co-sign task and nobody else's
    with world.factory() as session:
        for username, member_id in zip(COMMITTEE, members, strict=True):
            inbox = engine.list_tasks(session, world.clock, world.user(session, username)).items
            assert [(t.bpmn_id, t.assignee_id) for t in inbox] == [("cosign", member_id)], username
    # another member of the committee may not do it, and its member may not give it back to the queue
    with pytest.raises(TaskNotClaimable), unit_of_work(world.factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, COMMITTEE[1]), mine.id,
                             {"approval_decision": "approved", "meeting_on": "2026-11-02", "meeting_number": "12"})
    with pytest.raises(NotPermitted), unit_of_work(world.factory) as session:
        unclaim_task(session, world.clock, world.actor(session, COMMITTEE[0]), mine.id)


def test_loop_task_repeats_until_requirements_are_met_30(session_factory, spy):
    world = element_world(session_factory, "element_loop_task")
    steps = [Do("follow_up", CLERK, {"opinion": "尚未达到要求"}), Do("follow_up", CLERK, {"opinion": "达到要求"}),
             Do("approve_lifting", "li.deputy")]
    run = assert_same_as_bare(world, "element_loop_task", {}, steps, spy)
    assert run.completed_specs.count("follow_up [child]") == 2


# --- timers ---------------------------------------------------------------------------------------------------

def test_seven_day_announcement_fires_after_seven_days_only(session_factory, spy):
    world = element_world(session_factory, "element_timer_duration")
    published = START + dt.timedelta(hours=1)
    seven_days = published + dt.timedelta(days=7)
    steps = [At(published), Do("publish_announcement", CLERK), At(seven_days - dt.timedelta(minutes=1)),
             At(seven_days + dt.timedelta(seconds=1)), Do("collect_feedback", CLERK)]
    run = assert_same_as_bare(world, "element_timer_duration", {}, steps, spy)
    (job,) = _jobs(world, run.instance_id)
    assert job.bpmn_id == "announcement_period" and job.due_at == seven_days  # 公示不少于一周 (seed 001 (3))
    assert not run.sweeps[1].acquired and run.sweeps[2].fired == [job.id]


def test_announcement_until_a_recorded_instant(session_factory, spy):
    world = element_world(session_factory, "element_timer_date")
    ends = "2026-11-09T23:59:59+08:00"
    steps = [Do("publish_announcement", CLERK), At(dt.datetime(2026, 11, 9, 16, 0, tzinfo=UTC)),
             Do("collect_feedback", CLERK)]
    run = assert_same_as_bare(world, "element_timer_date", {"announcement_ends_at": ends}, steps, spy)
    (job,) = _jobs(world, run.instance_id)
    assert job.due_at == dt.datetime.fromisoformat(ends) and job.status == JobStatus.DONE


def test_cycle_reminder_fires_once_per_repetition_then_stops_27(session_factory, spy):
    world = element_world(session_factory, "element_boundary_timer_cycle")
    steps = [At(_hours(1)), At(_hours(1, 30)), At(_hours(2)), At(_hours(3)), At(_hours(9)),
             *(Do("send_reminder", "chen.supervisor") for _ in range(3)), Do("await_report", CLERK),
             Do("review_report", CLERK)]
    run = assert_same_as_bare(world, "element_boundary_timer_cycle", {}, steps, spy)
    fired = [len(sweep.fired) for sweep in run.sweeps]
    assert fired == [1, 0, 1, 1, 0]  # R3/PT1H: at 1 h, 2 h and 3 h after arming, then never again
    (job,) = _jobs(world, run.instance_id)  # one job re-armed per repetition, closed with the step
    assert job.status in (JobStatus.DONE, JobStatus.CANCELLED)
    assert run.completed_specs.count("send_reminder") == 3


def test_cycle_reminder_is_rearmed_for_the_next_hour_after_each_fire_27(session_factory, spy):
    world = element_world(session_factory, "element_boundary_timer_cycle")
    run = assert_same_as_bare(world, "element_boundary_timer_cycle", {}, [
        At(_hours(1)), Do("send_reminder", "chen.supervisor"), Do("await_report", CLERK), Do("review_report", CLERK),
    ], spy)
    (job,) = _jobs(world, run.instance_id)
    assert job.status == JobStatus.CANCELLED  # the report came in: the remaining reminders were dropped


def test_non_interrupting_boundary_timer_reminds_and_the_step_stays_open_27(session_factory, spy):
    world = element_world(session_factory, "element_boundary_timer_duration")
    steps = [At(START + dt.timedelta(days=2, seconds=1)), Do("send_reminder", "chen.supervisor"),
             Do("await_report", CLERK), Do("review_report", CLERK)]
    assert_same_as_bare(world, "element_boundary_timer_duration", {}, steps, spy)


# --- end events, signals, errors, escalations, data -------------------------------------------------------------

def test_terminate_end_event_ends_every_branch_14(session_factory, spy):
    world = element_world(session_factory, "element_terminate_end")
    steps = [Do("check_facts", CLERK, {"opinion": "不实"})]
    run = assert_same_as_bare(world, "element_terminate_end", {}, steps, spy)
    assert "check_documents" not in run.completed_specs
    with world.factory() as session:
        other = session.execute(select(HumanTask).where(HumanTask.bpmn_id == "check_documents")).scalar_one()
    assert other.status == TaskStatus.CANCELLED


def test_signal_throw_continues_the_catch_and_interrupts_the_boundary_25(session_factory, spy):
    world = element_world(session_factory, "element_signal_events")
    steps = [Do("collect_materials", CLERK), Do("fill_registration", CLERK)]
    run = assert_same_as_bare(world, "element_signal_events", {}, steps, spy)
    assert "supplement_not_needed" in run.completed_specs and "request_supplement" not in run.completed_specs


def test_error_end_event_is_caught_by_the_boundary_on_its_subprocess_14(session_factory, spy):
    world = element_world(session_factory, "element_error_boundary")
    steps = [Do("verify_clue", CLERK, {"opinion": "案件线索"}), Do("hand_over", CLERK)]
    run = assert_same_as_bare(world, "element_error_boundary", {}, steps, spy)
    assert "case_clue_caught" in run.completed_specs and "propose_warning" not in run.completed_specs


def test_error_boundary_stays_quiet_when_no_error_is_thrown_15(session_factory, spy):
    world = element_world(session_factory, "element_error_boundary")
    steps = [Do("verify_clue", CLERK, {"opinion": "属预警范围"}), Do("propose_warning", CLERK)]
    run = assert_same_as_bare(world, "element_error_boundary", {}, steps, spy)
    assert "hand_over" not in run.completed_specs


def test_escalation_end_event_informs_the_leader_while_tracking_goes_on_29(session_factory, spy):
    world = element_world(session_factory, "element_escalation_boundary")
    steps = [Do("assess_rectification", CLERK), Do("report_to_deputy", "li.deputy"), Do("keep_tracking", CLERK),
             Do("conclude", CLERK)]
    run = assert_same_as_bare(world, "element_escalation_boundary", {}, steps, spy)
    assert "weak_reported" in run.completed_specs


def test_data_object_carries_the_follow_up_opinion_to_the_approval_30(session_factory, spy):
    world = element_world(session_factory, "element_data_objects")
    steps = [Do("fill_follow_up_form", CLERK, {"opinion": "达到要求"}), Do("note_visit", CLERK, {"opinion": "已回访"}),
             Do("approve_lifting", "li.deputy", {"opinion": "同意解除"})]
    run = assert_same_as_bare(world, "element_data_objects", {}, steps, spy)
    assert run.data_objects == {"opinion": "达到要求"}


def test_cosign_naming_someone_who_is_no_user_is_refused_and_nothing_is_written_17(session_factory):
    world = element_world(session_factory, "element_cosign_parallel")
    with world.factory() as session:
        before = session.execute(select(func.count()).select_from(ProcessInstance)).scalar()
    with pytest.raises(AssigneeInvalid) as refused, unit_of_work(world.factory) as session:
        engine.start_process(session, world.clock, SYSTEM, "element_cosign_parallel",
                             {"committee_members": [*user_ids(world, COMMITTEE[0]), 999_999]})
    assert "办理人(member)不是有效的用户" in refused.value.message_zh
    with world.factory() as session:
        assert session.execute(select(func.count()).select_from(ProcessInstance)).scalar() == before
        assert session.execute(select(func.count()).select_from(HumanTask)).scalar() == 0


def test_an_escalation_nobody_catches_is_lost_not_stored_29(session_factory, spy):
    """BPMN drops an uncaught escalation; SpiffWorkflow keeps it for delivery elsewhere, which never comes here,
    so the stored state would grow with every throw."""
    xml = (ELEMENTS / "element_escalation_boundary.bpmn").read_text(encoding="utf-8")
    xml = re.sub(r'\s*<bpmn:boundaryEvent id="weak_reported".*?</bpmn:boundaryEvent>', "", xml, flags=re.S)
    xml = re.sub(r'\s*<bpmn:(userTask|endEvent) id="(report_to_deputy|end_reported)".*?</bpmn:\1>', "", xml,
                 flags=re.S)
    xml = re.sub(r'\s*<bpmn:sequenceFlow id="f_(escalated|reported)"[^>]*/>', "", xml)
    xml = re.sub(r'\s*<bpmndi:BPMN(Shape|Edge) id="(weak_reported|report_to_deputy|end_reported|f_escalated|'
                 r'f_reported)_di".*?</bpmndi:BPMN\1>', "", xml, flags=re.S)
    world = element_world(session_factory, "element_escalation_boundary", xml.encode("utf-8"))
    with unit_of_work(world.factory) as session:
        instance_id = engine.start_process(session, world.clock, SYSTEM, "element_escalation_boundary", {}).instance.id
    for step in ("assess_rectification", "keep_tracking"):
        (task,) = open_tasks(world, instance_id, step)
        with unit_of_work(world.factory) as session:
            engine.complete_task(session, world.clock, world.actor(session, CLERK), task.id, {"opinion": "整改不力"})
    with world.factory() as session:
        state = json.loads(session.get(ProcessInstance, instance_id).state)
    assert state["bpmn_events"] == []
    assert [t.bpmn_id for t in open_tasks(world, instance_id)] == ["conclude"]
