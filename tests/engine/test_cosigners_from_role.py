"""Co-signers taken from a role (issue 11 §2, 会签): the standing committee's members each give an opinion.

tests/data/bpmn/elements/element_cosign_role.bpmn: the office prepares the agenda, then a parallel
multi-instance step with ``cosignersFromRole=standing_committee`` opens one personal task per active holder
of that role in the county, with no variable naming them (第十七条: 常委会研究确定). Every step is its own
transaction, restored from the stored state, and the run ends as bare SpiffWorkflow ends when given the same
people as a variable.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy import update

import engine
from engine.actors import SYSTEM
from engine.db import unit_of_work
from engine.errors import DefinitionRejected
from engine.models import HumanTask
from engine.models import Incident
from engine.models import RoleAssignment
from engine.models import TaskStatus
from engine.models import User
from engine.operations.definitions import deploy_definition
from tests.engine.element_runs import COMMITTEE
from tests.engine.element_runs import ELEMENTS
from tests.engine.element_runs import CompletionSpy
from tests.engine.element_runs import Do
from tests.engine.element_runs import element_world
from tests.engine.element_runs import open_tasks
from tests.engine.element_runs import run_bare
from tests.engine.element_runs import run_in_engine
from tests.engine.element_runs import user_ids

CLERK = "wang.clerk"
DECISION = {"approval_decision": "approved", "meeting_on": "2026-11-02", "meeting_number": "常委会〔2026〕12次"}
DIAGRAM = "element_cosign_role"


@pytest.fixture()
def spy(monkeypatch) -> CompletionSpy:
    return CompletionSpy(monkeypatch)


def _committee(world) -> list[str]:
    """Everyone holding 纪委常委会 in the county, in id order: the seeded member and the three added ones."""
    with world.factory() as session:
        return list(session.execute(
            select(User.username).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.role == "standing_committee", User.active.is_(True)).order_by(User.id)).scalars())


def _xml() -> str:
    return (ELEMENTS / f"{DIAGRAM}.bpmn").read_text(encoding="utf-8")


def test_each_active_committee_member_gets_a_personal_task_with_no_variable_naming_them_17(session_factory, spy):
    world = element_world(session_factory, DIAGRAM)
    committee = _committee(world)
    assert set(COMMITTEE) < set(committee)
    members = user_ids(world, *committee)
    steps = [Do("prepare_agenda", CLERK)] + [Do("cosign", m, DECISION) for m in reversed(committee)] \
        + [Do("issue_decision", CLERK)]
    in_engine = run_in_engine(world, DIAGRAM, {}, steps, spy)
    assert in_engine.completed
    # Bare SpiffWorkflow needs the people as a variable; the engine took the same from the role's holders.
    bare = run_bare(DIAGRAM, {"committee_members": members}, steps, in_engine.submitted,
                    dict(zip([CLERK, *committee], user_ids(world, CLERK, *committee), strict=True)), spy)
    assert bare.completed
    assert in_engine.completed_specs == bare.completed_specs
    assert in_engine.data == bare.data
    assert in_engine.data["committee_members"] == members
    with world.factory() as session:
        cosign = session.execute(select(HumanTask).where(HumanTask.bpmn_id == "cosign")).scalars().all()
    assert sorted(t.assignee_id for t in cosign) == sorted(members)


def test_a_member_no_longer_active_is_not_asked_17(session_factory):
    world = element_world(session_factory, DIAGRAM)
    committee = _committee(world)
    with unit_of_work(world.factory) as session:
        session.execute(update(User).where(User.username == committee[1]).values(active=False))
        instance_id = engine.start_process(session, world.clock, SYSTEM, DIAGRAM, {}).instance.id
    [agenda] = open_tasks(world, instance_id, "prepare_agenda")
    with unit_of_work(world.factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, CLERK), agenda.id, {"opinion": "议题已备"})
    assert sorted(t.assignee_id for t in open_tasks(world, instance_id, "cosign")) == \
        user_ids(world, committee[0], *committee[2:])


def test_nobody_holding_the_role_holds_the_step_with_an_incident_then_a_retry_after_appointing_goes_on(
        session_factory):
    world = element_world(session_factory, DIAGRAM)
    committee = _committee(world)
    with unit_of_work(world.factory) as session:
        session.execute(update(User).where(User.username.in_(committee)).values(active=False))
        instance_id = engine.start_process(session, world.clock, SYSTEM, DIAGRAM, {}).instance.id
    [agenda] = open_tasks(world, instance_id, "prepare_agenda")
    with unit_of_work(world.factory) as session:
        done = engine.complete_task(session, world.clock, world.actor(session, CLERK), agenda.id,
                                    {"opinion": "议题已备"})
        incident_id = done.incident.id
    # The clerk's step is recorded; the co-sign is held, not passed with nobody asked.
    assert open_tasks(world, instance_id, "cosign") == []
    with world.factory() as session:
        incident = session.get(Incident, incident_id)
        assert (incident.kind, incident.status) == ("no_cosigners", "open")
        assert incident.message == ("会签环节“常委会成员会签”(cosign)无人可分派:本单位没有在职人员担任“纪委常委会”角色,"
                                    "请先任命后重新执行。")
        assert session.get(HumanTask, agenda.id).status == TaskStatus.COMPLETED
    # A member is appointed again; the supervisor retries and the co-sign opens for that member alone.
    with unit_of_work(world.factory) as session:
        session.execute(update(User).where(User.username == COMMITTEE[0]).values(active=True))
        engine.retry_incident(session, world.clock, world.actor(session, "zhang.secretary"), incident_id)
    assert [t.assignee_id for t in open_tasks(world, instance_id, "cosign")] == user_ids(world, COMMITTEE[0])


def test_a_co_sign_entered_straight_from_the_start_is_held_at_start_when_nobody_holds_the_role(session_factory):
    xml = _xml().replace('targetRef="prepare_agenda"', 'targetRef="cosign"')
    xml = xml.replace("<bpmn:incoming>f_agenda</bpmn:incoming>", "<bpmn:incoming>f_start</bpmn:incoming>")
    xml = xml.replace('<bpmn:sequenceFlow id="f_agenda" sourceRef="prepare_agenda" targetRef="cosign"/>', "")
    xml = xml.replace("<bpmn:incoming>f_start</bpmn:incoming>\n      <bpmn:outgoing>f_agenda</bpmn:outgoing>", "")
    world = element_world(session_factory, DIAGRAM, xml.encode())
    committee = _committee(world)
    with unit_of_work(world.factory) as session:
        session.execute(update(User).where(User.username.in_(committee)).values(active=False))
        started = engine.start_process(session, world.clock, SYSTEM, DIAGRAM, {})
        assert started.instance.status == "incident"
    with world.factory() as session:
        assert session.execute(select(Incident.kind)).scalars().all() == ["no_cosigners"]


@pytest.mark.parametrize(("old", "new", "code", "message"), [
    ('name="cosignersFromRole" value="standing_committee"', 'name="cosignersFromRole" value="politburo"',
     "unknown_cosigner_role", "会签人员角色(cosignersFromRole)未注册:politburo"),
    ('<spiffworkflow:property name="assignee" value="member"/>', "",
     "cosigners_without_assignee", "按角色会签的任务须把输入项设为办理人(assignee),使每个实例只分派给一人"),
    ("<bpmn:loopDataInputRef>committee_members</bpmn:loopDataInputRef>", "",
     "cosigners_not_multi_instance",
     "会签人员角色(cosignersFromRole)只能用于带输入集合(loopDataInputRef)和输入项(inputDataItem)的多实例任务"),
])
def test_deploy_refuses_a_role_co_sign_it_could_not_run_in_chinese(world, old, new, code, message):
    xml = _xml()
    assert old in xml
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, SYSTEM, f"{DIAGRAM}.bpmn", xml.replace(old, new).encode())
    assert {"code": code, "message": message} in [{"code": d["code"], "message": d["message"]}
                                                  for d in refused.value.details]


def test_holders_are_read_in_the_steps_unit_only(session_factory):
    from engine.cosigners import holders

    world = element_world(session_factory, DIAGRAM)
    everyone = user_ids(world, *_committee(world))
    with world.factory() as session:
        county = session.execute(select(RoleAssignment.unit_id).join(User).where(
            User.username == COMMITTEE[0])).scalar_one()
        town = session.execute(select(RoleAssignment.unit_id).join(User).where(
            User.username == "zy.office")).scalars().first()
        assert holders(session, "standing_committee", county) == everyone
        assert holders(session, "standing_committee", town) == []
