"""Moving running cases onto another version of a process, and back (engine/operations/instance_migration.py).

Real cases run on the shipped diagrams; a designer-made version is deployed; the plan tells which cases can
move and why not; the chosen ones move in one transaction, keep their open steps (ids, claims, due dates)
and timers, and then follow the new version. The Measures' deadlines (第二十八至三十一条) keep running
unchanged across a move.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import InstanceMigration
from engine.models import Job
from engine.models import JobStatus
from engine.models import ProcessDefinition
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.models.cases import of_case
from engine.operations.definitions import deploy_definition
from engine.operations.instance_migration import instances_per_version
from engine.operations.instance_migration import migrate_instances
from engine.operations.instance_migration import migration_history
from engine.operations.instance_migration import migration_plan
from engine.operations.instance_migration import revert_migration
from tests.bpmn_edits import insert_task
from tests.bpmn_edits import remove_task
from tests.bpmn_edits import replaced
from tests.bpmn_edits import shipped
from tests.engine.test_correction_case import approve_correction_up_to_receipt

#: the properties of a step a designer adds (a registered form, a role, the article it implements)
ADDED_STEP = {"role": "warning_office", "scope": "handling", "formKey": "follow_up_registration",
              "stage": "follow_up", "article": "第三十条"}
CHECK_STEP = {**ADDED_STEP, "stage": "determination", "article": "第十五条"}
DESIGNER = "sun.designer"


def deploy(world, process_id: str, xml: str) -> int:
    """Deploy a new version of a shipped process and return its definition id."""
    with unit_of_work(world.factory) as session:
        definition, created = deploy_definition(session, world.clock, SYSTEM, f"{process_id}.bpmn", xml.encode())
        assert created
        return definition.id


def plan_of(world, definition_id: int) -> dict:
    """The plan as {case id: PlannedInstance}."""
    with world.factory() as session:
        plan = migration_plan(session, world.clock, world.actor(session, DESIGNER), definition_id)
    return {p.case_id: p for p in plan.instances}


def migrate(world, definition_id: int, instance_ids, username: str = DESIGNER):
    with unit_of_work(world.factory) as session:
        return [r.id for r in migrate_instances(session, world.clock, world.actor(session, username),
                                                definition_id, instance_ids)]


def revert(world, migration_id: int, username: str = DESIGNER) -> None:
    with unit_of_work(world.factory) as session:
        revert_migration(session, world.clock, world.actor(session, username), migration_id)


def instance_of(world, walk) -> ProcessInstance:
    with world.factory() as session:
        return session.execute(select(ProcessInstance).where(of_case(ProcessInstance, walk.case_id))).scalar_one()


def open_tasks(world, walk) -> dict[str, tuple]:
    """bpmn id → (row id, task uuid, assignee, due date, due instant) of the case's open steps."""
    with world.factory() as session:
        rows = session.execute(select(HumanTask).where(of_case(HumanTask, walk.case_id),
                                                       HumanTask.status == TaskStatus.OPEN)).scalars()
        return {t.bpmn_id: (t.id, t.task_uuid, t.assignee_id, t.due_date, t.due_at) for t in rows}


def scheduled_jobs(world, walk) -> set[tuple]:
    instance = instance_of(world, walk)
    with world.factory() as session:
        return {(j.id, j.task_uuid, j.bpmn_id, j.due_at) for j in session.execute(
            select(Job).where(Job.instance_id == instance.id, Job.status == JobStatus.SCHEDULED)).scalars()}


def events(world, action: str) -> list[AuditEvent]:
    with world.factory() as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.seq)).scalars())


def claim(world, walk, bpmn_id: str, username: str) -> None:
    task = walk.open_task(bpmn_id)
    with unit_of_work(world.factory) as session:
        engine.claim_task(session, world.clock, world.actor(session, username), task.id)


def definition_id(world, key: str, version: int) -> int:
    with world.factory() as session:
        return session.execute(select(ProcessDefinition.id).where(ProcessDefinition.key == key,
                                                                  ProcessDefinition.version == version)).scalar_one()


def screened(walk):
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    return walk


# --- the main process ----------------------------------------------------------------------------------


def test_a_step_added_after_the_open_one_is_followed_after_the_move(world, walker_for):
    at_screening = walker_for("town-zhengyang", "镇长")
    at_proposal = screened(walker_for("town-zhengyang", "副镇长"))
    claim(world, at_proposal, "propose_subject", "wang.clerk")
    before_tasks = {w.case_id: open_tasks(world, w) for w in (at_screening, at_proposal)}
    v1 = instance_of(world, at_proposal).definition_id
    v2 = deploy(world, "warning_case", insert_task(shipped("warning_case"), "f_propose", "verify_subject",
                                                   "核实预警对象建议", CHECK_STEP, x=700, y=300))

    plan = plan_of(world, v2)
    assert set(plan) == {at_screening.case().id, at_proposal.case().id}
    proposal = plan[at_proposal.case().id]
    assert proposal.safe and proposal.current_definition_id == v1 and proposal.current_version == 1
    assert proposal.active_steps == ("排查并提出预警对象建议",)
    assert not hasattr(proposal, "subject") and not hasattr(proposal, "case_number")  # issue 14 §3.1: never who
    with world.factory() as session:
        assert instances_per_version(session, "warning_case") == {v1: 2}

    migrated = migrate(world, v2, [plan[n].instance_id for n in plan])
    assert len(migrated) == 2
    for walk in (at_screening, at_proposal):
        instance = instance_of(world, walk)
        assert instance.definition_id == v2 and v2 in instance.definition_ids and v1 not in instance.definition_ids
        # the open steps are the same rows: same ids, uuids, claims and due dates
        assert open_tasks(world, walk) == before_tasks[walk.case_id]
    assert open_tasks(world, at_proposal)["propose_subject"][2] is not None  # still claimed
    with world.factory() as session:
        assert instances_per_version(session, "warning_case") == {v2: 2}

    # the new version's behaviour: the added step comes after the proposal
    at_proposal.do("wang.clerk", "propose_subject", warning_type="admonition", facts="违规操办婚宴", grounds="第七条")
    assert at_proposal.open_steps() == ["verify_subject"]
    at_proposal.do("wang.clerk", "verify_subject", opinion="建议属实,可以初核")
    assert at_proposal.open_steps() == ["preliminary_check"]

    moved = events(world, "instance.migrated")
    assert len(moved) == 2
    assert {e.case_id for e in moved} == {at_screening.case_id, at_proposal.case_id}
    assert all(e.before["version"] == 1 and e.after["version"] == 2 and e.after["definition_id"] == v2
               and e.actor_name == "孙设计" for e in moved)
    with world.factory() as session:
        records = session.execute(select(InstanceMigration)).scalars().all()
        assert {(r.key, r.from_definition_id, r.to_definition_id) for r in records} == {("warning_case", v1, v2)}
        assert engine.verify_audit_chain(session).ok


def test_a_renamed_open_step_cannot_move_and_one_refusal_moves_nothing(world, walker_for):
    at_screening = walker_for("town-zhengyang", "镇长")
    at_proposal = screened(walker_for("town-zhengyang", "副镇长"))
    v1 = instance_of(world, at_proposal).definition_id
    v2 = deploy(world, "warning_case", replaced(shipped("warning_case"),
                                                ('name="排查并提出预警对象建议"', 'name="排查并提出预警对象的建议"')))

    plan = plan_of(world, v2)
    assert plan[at_screening.case().id].safe
    refused = plan[at_proposal.case().id]
    assert not refused.safe
    assert [r.code for r in refused.reasons] == ["active_step_changed"]
    assert refused.reasons[0].message_zh == "当前环节“排查并提出预警对象建议”在第2版中已修改:名称"

    versions_before = {w.case_id: instance_of(world, w).version for w in (at_screening, at_proposal)}
    with pytest.raises(ConcurrencyConflict) as conflict:
        migrate(world, v2, [plan[n].instance_id for n in plan])
    assert conflict.value.code == "migration_refused"
    instance_name = f"流程实例{instance_of(world, at_proposal).id}"
    assert instance_name in conflict.value.message_zh and "未迁移任何案件" in conflict.value.message_zh
    assert at_proposal.case().number not in conflict.value.message_zh  # issue 14 §3.1: designers read no cases
    assert [d["case_number"] for d in conflict.value.details] == [instance_name]
    # nothing half-written: no instance moved, no record, no event
    for walk in (at_screening, at_proposal):
        instance = instance_of(world, walk)
        assert instance.definition_id == v1 and instance.version == versions_before[walk.case_id]
    with world.factory() as session:
        assert session.execute(select(func.count()).select_from(InstanceMigration)).scalar() == 0
    assert events(world, "instance.migrated") == []

    # the safe one alone moves; the renamed step shows its new name once a case reaches it
    migrate(world, v2, [plan[at_screening.case().id].instance_id])
    assert instance_of(world, at_screening).definition_id == v2
    screened(at_screening)
    assert at_screening.open_task("propose_subject").name == "排查并提出预警对象的建议"
    assert at_proposal.open_task("propose_subject").name == "排查并提出预警对象建议"


def test_a_removed_step_refuses_cases_at_it_and_cases_that_passed_it(world, walker_for):
    at_screening = walker_for("town-zhengyang", "镇长")
    at_check = screened(walker_for("town-zhengyang", "副镇长"))
    at_check.do("wang.clerk", "propose_subject", warning_type="admonition", facts="违规操办婚宴", grounds="第七条")
    past_check = screened(walker_for("town-zhengyang", "党委副书记"))
    past_check.do("wang.clerk", "propose_subject", warning_type="admonition", facts="违规操办婚宴", grounds="第七条")
    past_check.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
                  findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    assert past_check.open_steps() == ["fill_approval_form"]
    v2 = deploy(world, "warning_case", remove_task(shipped("warning_case"), "preliminary_check"))

    plan = plan_of(world, v2)
    assert plan[at_screening.case().id].safe
    assert [r.message_zh for r in plan[at_check.case().id].reasons] == [
        "当前环节“了解、初核或调查”在第2版中已删除"]
    assert [r.code for r in plan[past_check.case().id].reasons] == ["history_step_removed"]
    assert "已办理的环节“了解、初核或调查”" in plan[past_check.case().id].reasons[0].message_zh

    with pytest.raises(ConcurrencyConflict):
        migrate(world, v2, [plan[past_check.case().id].instance_id])
    assert instance_of(world, past_check).definition_id != v2
    migrate(world, v2, [plan[at_screening.case().id].instance_id])
    assert instance_of(world, at_screening).definition_id == v2


def test_moving_back_restores_the_earlier_version(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    v1 = instance_of(world, walk).definition_id
    steps = open_tasks(world, walk)
    v2 = deploy(world, "warning_case", insert_task(shipped("warning_case"), "f_propose", "verify_subject",
                                                   "核实预警对象建议", CHECK_STEP, x=700, y=300))
    [migration_id] = migrate(world, v2, [instance_of(world, walk).id])
    instance_id = instance_of(world, walk).id
    with world.factory() as session:
        [entry] = migration_history(session, world.actor(session, DESIGNER), "warning_case")
        assert entry.revertable and entry.from_version == 1 and entry.to_version == 2
        assert entry.record.instance_id == instance_id and entry.migrated_by == "孙设计"

    revert(world, migration_id, "zhou.designer")
    instance = instance_of(world, walk)
    assert instance.definition_id == v1 and v1 in instance.definition_ids and v2 not in instance.definition_ids
    assert open_tasks(world, walk) == steps
    with world.factory() as session:
        [entry] = migration_history(session, world.actor(session, DESIGNER), "warning_case")
        assert not entry.revertable and entry.reverted_by == "周设计" and entry.record.reverted_at is not None
    [event] = events(world, "instance.migration_reverted")
    assert event.before["version"] == 2 and event.after["version"] == 1 and event.after["migration_id"] == migration_id
    with pytest.raises(ConcurrencyConflict) as twice:
        revert(world, migration_id)
    assert twice.value.code == "already_reverted"

    # version 1's behaviour again: no added step after the proposal
    screened(walk).do(
        "wang.clerk", "propose_subject", warning_type="admonition", facts="违规操办婚宴", grounds="第七条"
    )
    assert walk.open_steps() == ["preliminary_check"]
    with world.factory() as session:
        assert engine.verify_audit_chain(session).ok


# --- a called process --------------------------------------------------------------------------------------


def _extended_correction(world, walk) -> None:
    """A correction whose rectification period was extended (第三十条): the timer was moved to 2026-12-20."""
    approve_correction_up_to_receipt(walk, world)
    walk.on("2026-11-21")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-11-20",
            reason="退赔款项需分期筹措")
    walk.do("xu.clerk", "fill_extension_form", reason="特殊情况", requested_due_date="2026-12-20")
    walk.do("li.deputy", "approve_extension", extension_decision="approved", approved_due_date="2026-12-20",
            decided_on="2026-11-21")
    walk.do("wang.clerk", "issue_extension_notice", issued_on="2026-11-21", delivery_method="in_person")


def test_a_case_inside_a_called_process_moves_with_its_deadline_and_follows_the_new_version(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    _extended_correction(world, walk)
    claim(world, walk, "await_rectification", "wang.clerk")
    steps, jobs = open_tasks(world, walk), scheduled_jobs(world, walk)
    assert steps["await_rectification"][3] == dt.date(2026, 12, 20)
    [(_job, _uuid, bpmn_id, due_at)] = jobs
    assert bpmn_id == "rectification_overdue" and due_at == dt.datetime(2026, 12, 20, 16, 0, tzinfo=dt.UTC)
    main_before = instance_of(world, walk).definition_id
    v1 = definition_id(world, "correction_supervision", 1)
    v2 = deploy(world, "correction_supervision", insert_task(
        shipped("correction_supervision"), "f_report_submitted", "verify_report", "核实整改报告", ADDED_STEP,
        x=540, y=520))

    planned = plan_of(world, v2)[walk.case().id]
    assert planned.safe and planned.active_steps == ("跟踪整改",) and planned.current_definition_id == v1
    [migration_id] = migrate(world, v2, [planned.instance_id])
    instance = instance_of(world, walk)
    # the main process stays on its version; only the called process moved
    assert instance.definition_id == main_before
    assert v2 in instance.definition_ids and v1 not in instance.definition_ids
    # 第三十条: the extended deadline, the claim and the open step are untouched
    assert open_tasks(world, walk) == steps
    assert scheduled_jobs(world, walk) == jobs

    # moving back and forth keeps them too
    revert(world, migration_id)
    assert open_tasks(world, walk) == steps and scheduled_jobs(world, walk) == jobs
    assert v1 in instance_of(world, walk).definition_ids
    [migration_id] = migrate(world, v2, [planned.instance_id])

    walk.on("2026-12-09")
    walk.do("wang.clerk", "await_rectification", progress="report_submitted", submitted_on="2026-12-09",
            summary="已退还礼金并作书面检查")
    assert walk.open_steps() == ["verify_report"]
    # the case is now at a step version 1 does not have: it cannot go back
    with pytest.raises(ConcurrencyConflict) as refused:
        revert(world, migration_id)
    assert "当前环节“核实整改报告”在第1版中已删除" in refused.value.message_zh
    assert v2 in instance_of(world, walk).definition_ids
    walk.do("wang.clerk", "verify_report", opinion="报告属实")
    assert walk.open_steps() == ["follow_up_visit"]
    with world.factory() as session:
        assert engine.verify_audit_chain(session).ok


def test_a_finished_called_process_moves_with_its_record(world, walker_for):
    """The approval (第十七条) is done; a new approval version renames a step the case already passed."""
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    v2 = deploy(world, "warning_approval", replaced(shipped("warning_approval"),
                                                    ('name="报县委主要领导"', 'name="报县委主要领导同志"')))
    planned = plan_of(world, v2)[walk.case().id]
    assert planned.safe and planned.active_steps == ("跟踪整改",)
    migrate(world, v2, [planned.instance_id])
    assert v2 in instance_of(world, walk).definition_ids
    walk.on("2026-12-01")
    walk.do("wang.clerk", "await_rectification", progress="report_submitted", submitted_on="2026-12-01",
            summary="已退还礼金并作书面检查")
    assert walk.open_steps() == ["follow_up_visit"]


def test_a_changed_deadline_timer_on_the_open_step_keeps_the_case_where_it_is(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    v2 = deploy(
        world,
        "correction_supervision",
        replaced(
            shipped("correction_supervision"),
            ('name="整改期满(第三十、三十一条)"', 'name="整改期限届满(第三十、三十一条)"'),
        ),
    )
    [reason] = plan_of(world, v2)[walk.case().id].reasons
    assert reason.code == "active_step_changed" and "名称" in reason.message_zh


def test_a_deadline_already_due_waits_for_the_job_runner(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world)
    v2 = deploy(world, "correction_supervision", insert_task(
        shipped("correction_supervision"), "f_report_submitted", "verify_report", "核实整改报告", ADDED_STEP,
        x=540, y=520))
    assert plan_of(world, v2)[walk.case().id].safe
    world.clock.set(dt.datetime(2026, 12, 3, 16, 0, 1, tzinfo=dt.UTC))  # past 24:00 on the last day (第三十条)
    [reason] = plan_of(world, v2)[walk.case().id].reasons
    assert reason.code == "timer_due"
    engine.run_due_jobs(world.factory, world.clock)
    assert walk.open_steps() == ["decide_correction_overdue"]
    assert plan_of(world, v2)[walk.case().id].safe


# --- who may, and what is asked ---------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["wang.clerk", "admin", "zhang.secretary", "liu.auditor"])
def test_only_designers_plan_move_and_move_back(world, walker_for, username):
    walk = walker_for("town-zhengyang", "镇长")
    v2 = deploy(world, "warning_case", insert_task(shipped("warning_case"), "f_propose", "verify_subject",
                                                   "核实预警对象建议", CHECK_STEP, x=700, y=300))
    [migration_id] = migrate(world, v2, [instance_of(world, walk).id])
    with world.factory() as session:
        actor = world.actor(session, username)
        with pytest.raises(NotPermitted):
            migration_plan(session, world.clock, actor, v2)
        with pytest.raises(NotPermitted):
            migration_history(session, actor, "warning_case")
    with pytest.raises(NotPermitted):
        migrate(world, v2, [instance_of(world, walk).id], username)
    with pytest.raises(NotPermitted):
        revert(world, migration_id, username)
    assert instance_of(world, walk).definition_id == v2


def test_a_request_names_running_instances_of_another_version(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    v2 = deploy(world, "warning_case", insert_task(shipped("warning_case"), "f_propose", "verify_subject",
                                                   "核实预警对象建议", CHECK_STEP, x=700, y=300))
    with pytest.raises(FormInvalid):
        migrate(world, v2, [])
    with pytest.raises(FormInvalid):
        migrate(world, v2, ["1; drop table"])
    with pytest.raises(ConcurrencyConflict) as unknown:
        migrate(world, v2, [9999])
    assert "不存在" in unknown.value.message_zh
    migrate(world, v2, [instance_of(world, walk).id])
    with pytest.raises(ConcurrencyConflict) as again:
        migrate(world, v2, [instance_of(world, walk).id])
    assert "已按第2版运行" in again.value.message_zh
    assert plan_of(world, v2) == {}


# --- who a designer sees (issue 14 §3.1) ------------------------------------------------------------------


def test_a_designer_who_is_a_subject_neither_sees_nor_moves_their_own_case(world, walker_for):
    # 第三十三条: no one takes part in handling a warning about themself; designers read no cases at all.
    own = walker_for("town-zhengyang", "镇长")
    other = walker_for("town-zhengyang", "副镇长")
    own_cadre_id = world.cadre_id("town-zhengyang", "镇长")
    with unit_of_work(world.factory) as session:
        designer = session.execute(select(engine.models.User).where(
            engine.models.User.username == DESIGNER)).scalar_one()
        designer.cadre_id = own_cadre_id
    v2 = deploy(world, "warning_case", insert_task(shipped("warning_case"), "f_propose", "verify_subject",
                                                   "核实预警对象建议", CHECK_STEP, x=700, y=300))

    assert set(plan_of(world, v2)) == {other.case_id}
    with pytest.raises(ConcurrencyConflict) as refused:
        migrate(world, v2, [instance_of(world, own).id])
    assert "回避" in refused.value.message_zh and own.case().number not in refused.value.message_zh
    assert instance_of(world, own).definition_id != v2
