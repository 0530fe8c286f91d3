"""The response to a graded item as a process (info_response.bpmn; issue 13 §4, 「002 四」).

「002 四」: the three levels are answered by 廉情监察建议 (一级), 廉情预警质询 (二级) and 廉情预警告知 (三级). The
county centre starts the response of a graded item: the centre issues the level's document, records the
recipient's reply, follows it up and closes it. **No deadline**: seeds 002 and 001 give no period for any of
the three responses (RESPONSE_PERIOD_BY_LEVEL), so the steps carry no due rule rather than an invented one.

The instance runs without a subject (the network registers none); the item names it
(``info_item.response_instance_id``), and the item page shows its open step.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.county import county_commission_id
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import HumanTask
from engine.models import InstanceStatus
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.operations.instances import launch
from engine.runtime import latest_definition
from processes.info_network.models import InfoItem
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import RESPONSE_PERIOD_BY_LEVEL

RESPONSE_PROCESS = "info_response"
#: 「002 三 2」 the county centre collects, analyses and answers the graded items
STARTER_ROLE = "info_centre"


@dataclass(frozen=True)
class ResponseState:
    """Where an item's response stands: its instance, open steps and whether it is closed."""

    instance_id: int
    open_steps: list[tuple[int, str]]
    closed: bool
    #: the reply period: None, the seeds give none (RESPONSE_PERIOD_BY_LEVEL)
    period: None = None


def start_response(session: Session, clock: Clock, actor: Actor, item_id: int) -> ProcessInstance:
    """Start the level's response for a graded item (「002 四」); once per item, by the county centre.

    :raise NotFound: no such item, or info_response is not deployed (404).
    :raise NotPermitted: the actor is not the county centre (403).
    :raise RuleViolation: not graded (422) or already started (409). Nothing is written then.
    """
    item = session.get(InfoItem, item_id)
    if item is None:
        raise NotFound("预警信息不存在")
    root_id = county_commission_id(session)  # the county commission (engine.county)
    if actor.user is None or not any(r.role == STARTER_ROLE and r.unit_id == root_id for r in actor.user.roles):
        raise NotPermitted("预警响应由县预警中心启动(002 三 2、四)")
    if item.level is None:
        raise RuleViolation("预警信息定级后才能启动预警响应(002 四)", article="002 四", code="not_graded", status=422)
    if item.response_instance_id is not None:
        raise RuleViolation("该预警信息已启动预警响应,不能重复启动(002 四)", article="002 四",
                            code="response_started", status=409)
    definition = latest_definition(session, RESPONSE_PROCESS)
    if definition is None:
        raise NotFound("尚未部署预警响应流程(info_response)")
    started = launch(session, clock, actor, definition,
                     {"item_id": item.id, "level": item.level, "response": RESPONSE_BY_LEVEL[item.level]},
                     trigger="user", unit_id=root_id, role=STARTER_ROLE)
    # Conditional, like the hand-over: a concurrent start changes no row and this one is rolled back.
    moved = session.execute(
        update(InfoItem).where(InfoItem.id == item.id, InfoItem.response_instance_id.is_(None))
        .values(response_instance_id=started.instance.id).execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise RuleViolation("该预警信息已启动预警响应,不能重复启动(002 四)", article="002 四",
                            code="response_started", status=409)
    session.refresh(item)
    audit.record(session, clock, actor, "info_item.response_started", "info_item", item.id,
                 after={"instance_id": started.instance.id, "level": item.level,
                        "response": RESPONSE_BY_LEVEL[item.level], "period": RESPONSE_PERIOD_BY_LEVEL[item.level]})
    return started.instance


def response_state(session: Session, item: InfoItem) -> ResponseState | None:
    """The item's response as it stands, or None before it is started."""
    if item.response_instance_id is None:
        return None
    instance = session.get(ProcessInstance, item.response_instance_id)
    steps = session.execute(select(HumanTask.id, HumanTask.name).where(
        HumanTask.instance_id == instance.id, HumanTask.status == TaskStatus.OPEN).order_by(HumanTask.id)).all()
    return ResponseState(instance.id, [(task_id, name) for task_id, name in steps],
                         closed=instance.status == InstanceStatus.COMPLETED)
