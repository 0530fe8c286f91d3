"""Feedback routed back to the officer who reported an item (issue 13 §1 and §6).

Two moments tell the reporting officer, by an in-app notification, what became of their item:

* the centre records how the item was fed back to its subject — one of the six kinds of
  「001 第一篇(四)三是」 (谈话提醒、预警通知书、整改通知书、内部通报、媒体公开、预警参阅信息);
* the Measures decide on the clue the item became: the warning office's screening (第十四条 筛选、分流) and the
  feedback to the clue's source when the warning ends (第十四条 预警结束后…向预警线索来源部门通报). The Measures
  call :data:`processes.measures.routing.CLUE_LISTENERS`; this module registers there, so the Measures know
  nothing of the network.

Each message is written in the transaction of the decision (engine.outbox) and names the item, so the
officer opens it on their item page, where the feedback is shown. Nobody is told about their own action.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.outbox import enqueue
from engine.vocabulary import OUTCOME_LABELS
from processes.info_network.models import InfoItem
from processes.info_network.vocabulary import FEEDBACK_LABELS

KIND = "info_feedback"
ROUTING_LABELS = {"dismiss": "予以了结", "case_clue": "作为案件线索移交", "report_up": "报告上级办理",
                  "handle_here": "本级办理"}


def _tell(session: Session, clock: Clock, item: InfoItem, *, actor_id: int | None, subject: str, body: str,
          key: str) -> bool:
    if item.reported_by_id is None or item.reported_by_id == actor_id:
        return False
    return enqueue(session, clock, recipient_id=item.reported_by_id, kind=KIND, subject=subject, body=body,
                   dedup_key=f"{key}:item:{item.id}:user:{item.reported_by_id}",
                   payload={"info_item_id": item.id})


def tell_feedback_kind(session: Session, clock: Clock, item: InfoItem, actor_id: int | None) -> bool:
    """Tell the reporter the feedback kind the centre recorded (「001 第一篇(四)三是」)."""
    label = FEEDBACK_LABELS[item.feedback_kind]
    return _tell(session, clock, item, actor_id=actor_id, key=f"info_feedback:{item.feedback_kind}",
                 subject=f"预警信息反馈:{label}",
                 body=f"您报送的第{item.id}号预警信息已以“{label}”方式反馈(001 第一篇(四)三是)。")


def tell_clue_decision(ctx, event: str) -> None:
    """CLUE_LISTENERS entry: tell the reporter of the item a clue came from what the Measures decided (第十四条)."""
    clue = ctx.clue
    if clue is None:
        return
    item = ctx.session.execute(select(InfoItem).where(InfoItem.clue_id == clue.id)).scalar_one_or_none()
    if item is None:
        return
    if event == "screened":
        routing = ROUTING_LABELS.get(ctx.data.get("routing"), "已筛选")
        subject = "预警线索已筛选"
        body = f"您报送的第{item.id}号预警信息移交为预警线索{clue.number}后,预警办已筛选:{routing}(第十四条)。"
    else:
        outcome = OUTCOME_LABELS.get(ctx.case.outcome, "已办结")
        subject = "预警线索办理结果"
        body = f"您报送的第{item.id}号预警信息移交的预警线索{clue.number}已办结:{outcome}(第十四条)。"
    _tell(ctx.session, ctx.clock, item, actor_id=ctx.actor.user_id, subject=subject, body=body,
          key=f"info_clue:{event}:{ctx.task.id}")


def clue_state(session: Session, item: InfoItem) -> dict | None:
    """What the reporter may read of the clue their item became: its number and the case's outcome, if any."""
    if item.clue_id is None:
        return None
    row = session.execute(select(Clue.number, Case.outcome).outerjoin(Case, Case.clue_id == Clue.id)
                          .where(Clue.id == item.clue_id)).first()
    if row is None:
        return None
    return {"number": row[0], "outcome": OUTCOME_LABELS.get(row[1]) if row[1] else None}
