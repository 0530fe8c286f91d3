"""Run-time faults become incidents (issue 11 §5; engine/incidents.py).

Each case is registered on a small diagram of ours (tests/engine/faulty_diagrams.py) whose clue screening
(第十四条) leads to an element that fails only at run time. The clerk's completion is recorded, the case stops
at the failing element with an incident in Chinese on the supervisors' list, and after a designer moves the
case to a corrected version a retry carries on from where it stopped.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.db import unit_of_work
from engine.errors import IncidentOpen
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Incident
from engine.models import Job
from engine.models import JobStatus
from engine.models import Notification
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.models import User
from engine.models.cases import of_case
from engine.operations.definitions import deploy_definition
from engine.operations.instance_migration import migrate_instances
from engine.operations.oversight import retry_incident_as_overseer
from engine.supervision_queries import open_incidents
from tests.engine import faulty_diagrams
from tests.engine.conftest import register

SUPERVISOR = "admin"
DESIGNER = "sun.designer"


def deploy(world, xml: str) -> int:
    with unit_of_work(world.factory) as session:
        definition, _created = deploy_definition(session, world.clock, SYSTEM, "warning_case.bpmn", xml.encode())
        return definition.id


def case_on(world, xml: str):
    deploy(world, xml)
    return register(world, "wang.clerk", world.cadre_id("town-zhengyang", "镇长"))


def screen(walk, routing: str = "handle_here"):
    """The clerk screens the clue (第十四条) and is answered, not refused."""
    return walk.do("wang.clerk", "screen_clue", routing=routing, reason="属本级管理干部,本级处理")


def instance(world, walk) -> ProcessInstance:
    with world.factory() as session:
        return session.execute(select(ProcessInstance).where(of_case(ProcessInstance, walk.case_id))).scalar_one()


def incidents_of(world, walk) -> list[Incident]:
    with world.factory() as session:
        return list(session.execute(select(Incident).where(Incident.instance_id == instance(world, walk).id)
                                    .order_by(Incident.id)).scalars())


def actions(world) -> list[str]:
    with world.factory() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def move_to(world, walk, xml: str) -> None:
    """A designer deploys the corrected version and moves the case onto it."""
    fixed = deploy(world, xml)
    instance_id = instance(world, walk).id
    with unit_of_work(world.factory) as session:
        migrate_instances(session, world.clock, world.actor(session, DESIGNER), fixed, [instance_id])


def retry(world, incident_id: int) -> Incident:
    with unit_of_work(world.factory) as session:
        return retry_incident_as_overseer(session, world.clock, world.actor(session, SUPERVISOR), incident_id)


def test_a_condition_on_a_variable_no_form_writes_holds_the_case_and_keeps_the_clerks_step(world):
    walk = case_on(world, faulty_diagrams.unknown_variable_gateway())
    completion = screen(walk)

    assert completion.incident is not None
    assert completion.incident.kind == "expression_error"
    assert completion.incident.message == ("“是否移交”(gw_route)的条件无法计算:"
                                           "流程数据中没有变量“never_written”,没有任何表单或步骤写入它。")
    with world.factory() as session:
        step = session.execute(select(HumanTask).where(of_case(HumanTask, walk.case_id),
                                                       HumanTask.bpmn_id == "screen_clue")).scalar_one()
        assert step.status == TaskStatus.COMPLETED and step.submitted["routing"] == "handle_here"
    assert instance(world, walk).status == "incident"
    assert walk.open_steps() == []
    assert actions(world)[-2:] == ["task.completed", "incident.opened"]
    with world.factory() as session:
        told = session.execute(select(User.username).join(Notification, Notification.user_id == User.id)
                               .where(Notification.kind == "incident_opened")).scalars().all()
    assert {"admin", "chen.supervisor"} <= set(told)
    with world.factory() as session:
        listed = open_incidents(session, world.user(session, SUPERVISOR))
        assert [(row.incident.id, row.case.id) for row in listed] == [(completion.incident.id, walk.case_id)]


def test_a_retry_before_the_fix_keeps_the_incident_open_and_says_why(world):
    walk = case_on(world, faulty_diagrams.unknown_variable_gateway())
    incident_id = screen(walk).incident.id
    version = instance(world, walk).version

    assert retry(world, incident_id).status == "open"

    assert instance(world, walk).version == version
    assert actions(world)[-1] == "incident.retry_failed"
    assert walk.open_steps() == []


def test_after_a_move_to_the_corrected_version_a_retry_goes_on_from_the_gateway(world):
    walk = case_on(world, faulty_diagrams.unknown_variable_gateway())
    incident_id = screen(walk).incident.id

    move_to(world, walk, faulty_diagrams.unknown_variable_gateway("routing"))
    resolved = retry(world, incident_id)

    assert resolved.status == "resolved" and resolved.resolved_by_id is not None
    assert instance(world, walk).status == "running"
    assert walk.open_steps() == ["propose_subject"]
    assert actions(world)[-1] == "incident.retried"


def test_a_held_case_takes_no_other_completion_until_the_incident_is_resolved(world):
    """Completion of a step of a held case is refused with a Chinese reason (409), not a 500."""
    walk = case_on(world, faulty_diagrams.unset_timer())
    screen(walk)
    assert walk.open_steps() == ["propose_subject"]
    with pytest.raises(IncidentOpen, match="未处理的故障"):
        walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="群众反映收受礼金", grounds="第十五条")


def test_a_boundary_timer_whose_date_variable_is_never_set_opens_an_incident(world):
    walk = case_on(world, faulty_diagrams.unset_timer())
    completion = screen(walk)

    assert completion.incident.kind == "timer_error"
    assert completion.incident.message == ("定时器“提出建议期满”(proposal_overdue)无法计算到期时间:"
                                           "流程数据中没有变量“never_set_due_at”,没有任何表单或步骤写入它。")
    with world.factory() as session:
        assert session.execute(select(Job).where(Job.instance_id == instance(world, walk).id)).first() is None


def test_after_a_move_to_a_timer_with_a_date_the_retry_arms_it(world):
    walk = case_on(world, faulty_diagrams.unset_timer())
    incident_id = screen(walk).incident.id

    move_to(world, walk, faulty_diagrams.unset_timer('"2026-11-20T00:00:00+08:00"'))
    assert retry(world, incident_id).status == "resolved"

    with world.factory() as session:
        job = session.execute(select(Job).where(Job.instance_id == instance(world, walk).id)).scalar_one()
    assert (job.bpmn_id, job.status) == ("proposal_overdue", JobStatus.SCHEDULED)
    assert job.due_at == dt.datetime(2026, 11, 19, 16, 0, tzinfo=dt.UTC)
    assert walk.open_steps() == ["propose_subject"]


@pytest.mark.parametrize(("value", "why"), [
    ("9999-12-31T23:59:59-12:00", "算出的时间超出可计算的范围"),
    ("2026年12月1日", "定时器的值不是带时区的ISO 8601时间或时长"),
])
def test_a_timer_date_that_overflows_or_cannot_be_read_opens_an_incident(world, value, why):
    """A faulty diagram reads the clerk's free-text reason as the timer's date: the deploy check cannot see the
    value, so the run-time fault names the timer."""
    walk = case_on(world, faulty_diagrams.unset_timer("reason"))
    completion = walk.do("wang.clerk", "screen_clue", routing="handle_here", reason=value)
    assert completion.incident.kind == "timer_error"
    assert completion.incident.message == f"定时器“提出建议期满”(proposal_overdue)无法计算到期时间:{why}。"


def test_a_gateway_with_no_flow_to_take_opens_an_incident_and_a_corrected_condition_frees_it(world):
    walk = case_on(world, faulty_diagrams.no_flow_gateway())
    completion = screen(walk)

    assert completion.incident.kind == "no_flow"
    assert completion.incident.message == "网关“是否上报”(gw_route)没有可走的出口:所有出口条件都不成立,也没有默认流。"
    move_to(world, walk, faulty_diagrams.no_flow_gateway("routing in ('report_up', 'handle_here')"))
    assert retry(world, completion.incident.id).status == "resolved"
    assert walk.open_steps() == ["propose_subject"]


def test_the_timer_worker_keeps_retry_then_incident_and_says_it_in_chinese(world):
    """SECURITY.md 10: three tries with backoff, then an incident on the job; its message names the gateway."""
    walk = case_on(world, faulty_diagrams.unset_timer('"2026-11-03T00:00:00+08:00"', after_timer="routing == 'x'"))
    assert screen(walk).incident is None
    failed, opened = [], []
    for minutes in (0, 2, 7):
        world.clock.set(dt.datetime(2026, 11, 3, 0, minutes, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))))
        report = engine.run_due_jobs(world.factory, world.clock)
        failed.append(len(report.failed))
        opened.append(len(report.incidents))
    assert (failed, opened) == ([1, 1, 0], [0, 0, 1])
    (incident,) = incidents_of(world, walk)
    assert incident.kind == "failed_job"
    assert incident.message == "网关“逾期如何处理”(gw_late)没有可走的出口:所有出口条件都不成立,也没有默认流。"
    with world.factory() as session:
        last_error = session.get(Job, incident.job_id).last_error
    assert last_error.startswith("WorkflowException: No conditions satisfied for gw_late")
