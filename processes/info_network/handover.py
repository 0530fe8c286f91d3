"""Hand a graded information item over to the Measures as a warning clue (issue 13 §6; seed 003 第十、十四条).

The Measures start from a clue (第十条). An item of the network becomes one by the same path as a clue
registered by hand: :func:`processes.measures.register_clue`, the Measures' public registration, which checks
that the actor holds the warning office (预警办), validates the clue form, numbers the clue and its case and
starts the case's process. No engine hook carries clues between regulations (docs/ARCHITECTURE.md lists
none), so the network calls that public function; the engine stays out of it.

What may be handed over, and why:

* a **graded** item only (「002 三 3」 核实后的预警信息 and 「002 三 2」 确定预警等级): an item not yet graded
  is still being verified and analysed by the network (422);
* about a **cadre**: the Measures warn leading cadres (第十条 预警线索 about 领导干部; a clue names its
  subject cadre), so an item about a unit stays with the network's own responses (422);
* **once**: a second hand-over of the same item is refused (409), also against a concurrent one;
* every level may be handed over: seeds 001 and 002 tie no level to the Measures. Whether the clue becomes a
  warning is the Measures' screening (第十四条: 筛选、分流和处理; a case clue never becomes a warning).

The clue is prefilled from the item: its 第十条 channel from the item's source (「002 二(二)」 → 第十条), the
item's facts with its number, level and response, and, as the source to tell at the end (第十四条 预警结束后
…向预警线索来源部门通报), the officer who reported it and their unit. The item keeps the clue (已移交 with
the clue's and case's numbers) and the case finds its item through it (:func:`item_for_clue`).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today
from engine.errors import NotFound
from engine.errors import RuleViolation
from engine.models import Unit
from engine.models import User
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.vocabulary import SourceChannel
from processes.info_network.models import InfoItem
from processes.info_network.vocabulary import LEVEL_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import ROLE_LABELS
from processes.measures import register_clue

#: 「002 二(二)」 the item's source → the clue channel of 第十条. The centre that hands items over sits in the
#: county commission (「001 第一篇(四)一是」 依托县纪委党风廉政室设立县腐败风险预警防控中心), so what the
#: commission's own work, its invited officers or another source brought in is 县纪委各室在工作中发现和掌握的问题.
SOURCE_TO_CHANNEL: dict[str, SourceChannel] = {
    "commission_work": SourceChannel.COMMISSION_OFFICES,
    "referred_from_above": SourceChannel.ASSIGNED_REPORTED,   # 上级交办
    "reported_from_below": SourceChannel.ASSIGNED_REPORTED,   # 下级报送
    "media": SourceChannel.MEDIA,                             # 新闻媒体披露
    "invited_officer": SourceChannel.COMMISSION_OFFICES,
    "public": SourceChannel.LETTERS_VISITS,                   # 社会各界反映 → 群众信访举报
    "other": SourceChannel.COMMISSION_OFFICES,
}
#: the clue's summary holds at most this many characters (form clue_registration)
MAX_SUMMARY = 5000
#: the clue's source unit name holds at most this many characters (clue.source_unit_name)
MAX_SOURCE = 120


@dataclass(frozen=True)
class HandedOver:
    """The item, and the clue and case it became."""

    item: InfoItem
    clue: Clue
    case: Case
    warnings_zh: list[str]


def _source_name(session: Session, item: InfoItem) -> str:
    """The reporter and their unit: told the outcome when the warning ends (第十四条)."""
    reporter = session.get(User, item.reported_by_id) if item.reported_by_id is not None else None
    if reporter is None:
        return ROLE_LABELS["info_centre"]
    unit_ids = [r.unit_id for r in reporter.roles if r.role.startswith("info_")] or [reporter.unit_id]
    unit = session.get(Unit, unit_ids[0]) if unit_ids[0] is not None else None
    name = f"{unit.name}({reporter.display_name})" if unit is not None else reporter.display_name
    return name[:MAX_SOURCE]


def clue_payload(session: Session, clock: Clock, item: InfoItem) -> dict:
    """The clue registration form (第十条) prefilled from a graded item about a cadre."""
    head = (f"廉情预警信息第{item.id}号({LEVEL_LABELS[item.level]},{RESPONSE_BY_LEVEL[item.level]},"
            f"{item.reported_on.isoformat()}报送)移交:")
    return {
        "source_channel": str(SOURCE_TO_CHANNEL[item.source]),
        "received_on": local_today(clock).isoformat(),
        "source_unit_name": _source_name(session, item),
        "summary": (head + item.facts)[:MAX_SUMMARY],
        "subject_cadre_id": item.cadre_id,
    }


def hand_over_item(session: Session, clock: Clock, actor: Actor, item_id: int, *,
                   receiving_unit_id: int | None = None) -> HandedOver:
    """Register a graded item about a cadre as the Measures' clue and link the two (第十条, 第十四条).

    :raise NotFound: no such item (404).
    :raise RuleViolation: already handed over (409); not graded, or about a unit (422).
    :raise NotPermitted: the actor holds no warning office (there) — raised by the Measures' registration.
    Nothing is written when any of these is raised.
    """
    item = session.get(InfoItem, item_id)
    if item is None:
        raise NotFound("预警信息不存在")
    if item.clue_id is not None:
        raise _already(session, item)
    if item.level is None:
        raise RuleViolation("预警信息定级后才能移交为预警线索(002 三 2)", article="002 三 2",
                            code="not_graded", status=422)
    if item.cadre_id is None:
        raise RuleViolation("预警线索须指明反映的领导干部;反映单位的预警信息由信息网络自行处置,不能移交(第十条)",
                            article="第十条", code="subject_not_a_cadre", status=422)
    registered = register_clue(session, clock, actor, clue_payload(session, clock, item),
                               receiving_unit_id=receiving_unit_id)
    # Conditional on no clue yet: of two hand-overs racing past the check above, the second changes no row
    # and is refused, and its transaction (its clue and case included) is rolled back by the caller.
    moved = session.execute(
        update(InfoItem).where(InfoItem.id == item.id, InfoItem.clue_id.is_(None))
        .values(clue_id=registered.clue.id, handed_over_by_id=actor.user_id, handed_over_at=clock.now())
        .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        session.expire(item)
        raise _already(session, item)
    session.refresh(item)
    audit.record(session, clock, actor, "info_item.handed_over", "info_item", item.id, case_id=registered.case.id,
                 after={"clue_number": registered.clue.number, "case_number": registered.case.number,
                        "level": item.level, "source_channel": str(SOURCE_TO_CHANNEL[item.source])})
    return HandedOver(item, registered.clue, registered.case, registered.warnings_zh)


def _already(session: Session, item: InfoItem) -> RuleViolation:
    number = session.execute(select(Clue.number).where(Clue.id == item.clue_id)).scalar()
    return RuleViolation(f"该预警信息已移交为预警线索{number or ''},不能重复移交(第十条)", article="第十条",
                         code="already_handed_over", status=409)


@dataclass(frozen=True)
class HandOverLink:
    """Where an item went (its clue and case) or where a case came from (its item)."""

    item_id: int
    clue_id: int
    clue_number: str
    case_id: int | None
    case_number: str | None


def links_of_items(session: Session, item_ids: list[int]) -> dict[int, HandOverLink]:
    """The clue and case each handed-over item became, by item id (one query)."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(InfoItem.id, Clue.id, Clue.number, Case.id, Case.number)
        .join(Clue, Clue.id == InfoItem.clue_id).outerjoin(Case, Case.clue_id == Clue.id)
        .where(InfoItem.id.in_(item_ids))).all()
    return {row[0]: HandOverLink(*row) for row in rows}


def item_for_clue(session: Session, clue_id: int) -> HandOverLink | None:
    """The information item a clue came from, if it was handed over from the network."""
    item_id = session.execute(select(InfoItem.id).where(InfoItem.clue_id == clue_id)).scalar()
    return None if item_id is None else links_of_items(session, [item_id]).get(item_id)
