"""Information items: record (validated in Chinese), verify, and grade — grading deducts in the same transaction.

Rules and their places: the nine categories 「002 二(一)」, the sources 「002 二(二)」, verification before
the database 「002 三 3」, the levels and who decides them 「002 三 2」「002 四」, the 12 points and the colours
「001 第一篇(四)四是」, accountability after two warnings 「001 第一篇(五)6」, the score per year (issue 13 §5).
Functions take the caller's session and never commit: bad input raises before anything is written, and a
grading's level, deduction, colour and accountability are one unit of work with its audit record.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import Cadre
from engine.models import Unit
from processes.info_network import scoring
from processes.info_network.access import ReadScope
from processes.info_network.access import check_reporter
from processes.info_network.feedback import tell_feedback_kind
from processes.info_network.models import InfoDeduction
from processes.info_network.models import InfoItem
from processes.info_network.models import InfoWarning
from processes.info_network.settings import thresholds
from processes.info_network.tables import DEDUCTION
from processes.info_network.tables import GRADING
from processes.info_network.tables import deployed_gaps
from processes.info_network.tables import deployed_table
from processes.info_network.tables import refuse_gaps
from processes.info_network.vocabulary import ACCOUNTABLE_LEADERS
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import DECIDER_ROLES_BY_LEVEL
from processes.info_network.vocabulary import FEEDBACK_LABELS
from processes.info_network.vocabulary import HARM_LABELS
from processes.info_network.vocabulary import LEVEL_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import SITUATIONS
from processes.info_network.vocabulary import SOURCE_LABELS

ITEM_FIELDS = frozenset({"category", "source", "unit_id", "cadre_id", "facts", "reported_on"})
MAX_FACTS = 5000
#: who verifies an item: the unit's information office or the county centre (「002 三 2」「002 三 3」)
VERIFIER_ROLES = frozenset({"info_office", "info_centre"})


def _roles(actor: Actor) -> set[str]:
    return {r.role for r in actor.user.roles} if actor.user is not None else set()


def _subject_errors(session: Session, data: Mapping[str, Any], errors: dict[str, list[str]]) -> None:
    unit_id, cadre_id = data.get("unit_id"), data.get("cadre_id")
    if unit_id is None and cadre_id is None:
        errors["subject"] = ["请指明预警对象:一个单位或一名干部"]
        return
    if unit_id is not None and cadre_id is not None:
        errors["subject"] = ["预警对象只能是一个单位或一名干部,不能同时指定两者"]
        return
    model, value, field = (Unit, unit_id, "unit_id") if unit_id is not None else (Cadre, cadre_id, "cadre_id")
    if isinstance(value, bool) or not isinstance(value, int) or session.get(model, value) is None:
        errors[field] = ["预警对象不存在"]


def create_item(session: Session, clock: Clock, actor: Actor, data: Mapping[str, Any]) -> InfoItem:
    """Record an item reported by ``actor``; raise one FormInvalid naming every problem, writing nothing."""
    check_reporter(actor.user)
    if not isinstance(data, Mapping):
        raise FormInvalid("预警信息数据格式不正确", details={"_": ["应为对象"]})
    errors: dict[str, list[str]] = {}
    unknown = sorted(map(str, set(data) - ITEM_FIELDS))
    if unknown:
        errors["_unknown"] = [f"未知字段:{'、'.join(unknown)}"]
    if data.get("category") not in CATEGORY_LABELS:
        errors["category"] = ["信息类别应为九类之一(002 二(一))"]
    if data.get("source") not in SOURCE_LABELS:
        errors["source"] = [f"信息来源应为{'、'.join(SOURCE_LABELS.values())}之一(002 二(二))"]
    _subject_errors(session, data, errors)
    facts = data.get("facts")
    facts = facts.strip() if isinstance(facts, str) else ""
    if not facts:
        errors["facts"] = ["请填写反映的事实"]
    elif len(facts) > MAX_FACTS:
        errors["facts"] = [f"事实最多{MAX_FACTS}个字"]
    reported_on = local_today(clock)
    if data.get("reported_on") not in (None, ""):
        try:
            reported_on = dt.date.fromisoformat(data["reported_on"])
        except (TypeError, ValueError):
            errors["reported_on"] = ["报送日期应为日期(年-月-日)"]
        else:
            if reported_on > local_today(clock):
                errors["reported_on"] = ["报送日期不能晚于今天"]
    if errors:
        raise FormInvalid("预警信息填写不完整或不正确", details=errors)
    item = InfoItem(category=data["category"], source=data["source"], unit_id=data.get("unit_id"),
                    cadre_id=data.get("cadre_id"), facts=facts, reported_by_id=actor.user_id,
                    reported_on=reported_on, year=reported_on.year, verified=False, created_at=clock.now())
    session.add(item)
    session.flush()
    audit.record(session, clock, actor, "info_item.reported", "info_item", item.id,
                 after={"category": item.category, "source": item.source, "unit_id": item.unit_id,
                        "cadre_id": item.cadre_id, "year": item.year})
    return item


def _item(session: Session, item_id: int) -> InfoItem:
    item = session.get(InfoItem, item_id)
    if item is None:
        raise NotFound("预警信息不存在")
    return item


def verify_item(session: Session, clock: Clock, actor: Actor, item_id: int) -> InfoItem:
    """「002 三 3」 核实后的预警信息及时收编入库: mark an item verified, the step before grading."""
    if not _roles(actor) & VERIFIER_ROLES:
        raise NotPermitted("只有单位预警信息办公室或县预警中心可以核实预警信息")
    item = _item(session, item_id)
    if item.verified:
        raise RuleViolation("该预警信息已经核实", article="002 三 3", code="already_verified", status=409)
    item.verified, item.verified_by_id, item.verified_at = True, actor.user_id, clock.now()
    audit.record(session, clock, actor, "info_item.verified", "info_item", item.id)
    return item


@dataclass(frozen=True)
class Grading:
    """What grading an item decided and wrote."""

    item: InfoItem
    suggested_level: int
    level: int
    response: str
    points: int
    score: int
    colour: str | None
    new_warning: InfoWarning | None
    accountability: InfoWarning | None


def suggest_level(session: Session, situation: str | None, harm: str) -> tuple[int, int]:
    """Return info_grading's suggested level for the inputs and the table version that suggested it."""
    table = deployed_table(session, GRADING)
    return int(table.evaluate({"situation": situation or "", "harm": harm})["suggested_level"]), table.version


def _by_subject(query):
    """The statement ``query`` built twice, for a unit's rows and for a cadre's (``:subject`` and ``:year`` bound):
    built once here, not per grading (building SQL expressions is a good part of a grading's time)."""
    return {column: query(column) for column in ("unit_id", "cadre_id")}


#: summed by the database: a unit may hold hundreds of deductions in a year (graded items of its cadres apart)
_DEDUCTED = _by_subject(lambda column: select(func.coalesce(func.sum(InfoDeduction.points), 0)).where(
    getattr(InfoDeduction, column) == bindparam("subject"), InfoDeduction.year == bindparam("year")))
_ACCOUNTABILITY_OPENED = _by_subject(lambda column: select(InfoWarning.id).where(
    getattr(InfoWarning, column) == bindparam("subject"), InfoWarning.year == bindparam("year"),
    InfoWarning.kind == "accountability").limit(1))
_INSERT_DEDUCTION = insert(InfoDeduction.__table__)
_GRADED = _by_subject(lambda column: select(func.count()).select_from(InfoItem).where(
    getattr(InfoItem, column) == bindparam("subject"), InfoItem.year == bindparam("year"),
    InfoItem.level.is_not(None)))


def _subject(unit_id: int | None, cadre_id: int | None) -> tuple[str, int | None]:
    return ("unit_id", unit_id) if unit_id is not None else ("cadre_id", cadre_id)


def subject_score(session: Session, *, year: int, unit_id: int | None = None, cadre_id: int | None = None) -> int:
    """Return a unit's or cadre's points left of the year's 12; earlier years stay readable (issue 13 §5)."""
    column, subject = _subject(unit_id, cadre_id)
    return scoring.score([session.execute(_DEDUCTED[column], {"subject": subject, "year": year}).scalar_one()])


def grade_item(session: Session, clock: Clock, actor: Actor, item_id: int, *, situation: str | None,
               harm: str, level: int | None = None, reason: str | None = None) -> Grading:
    """Grade a verified item: the table suggests, the decider confirms or changes with a reason; deduct at once.

    「002 三 2」: 三级 by the centre, 二级 by the deputy secretary's meeting, 一级 by the party secretary or the
    standing committee — ``actor`` must hold a role that may decide the level fixed. The points come from
    info_deduction (「001 第一篇(四)四是」), the colour from the county's thresholds, and a second warning in the
    year opens accountability (「001 第一篇(五)6」).
    """
    errors: dict[str, list[str]] = {}
    if situation not in (None, "") and situation not in SITUATIONS:
        errors["situation"] = ["预警情形应为种子所列情形之一,或不填(002 四)"]
    if harm not in HARM_LABELS:
        errors["harm"] = ["危害程度应为较轻、较重或严重(002 三 2)"]
    if level is not None and (isinstance(level, bool) or level not in LEVEL_LABELS):
        errors["level"] = ["预警等级应为一级、二级或三级(1–3,002 四)"]
    if errors:
        raise FormInvalid("预警定级填写不正确", details=errors)
    item = _item(session, item_id)
    if not item.verified:
        raise RuleViolation("预警信息须先核实,再定级(002 三 3)", article="002 三 3", code="not_verified", status=409)
    if item.level is not None:
        raise RuleViolation("该预警信息已经定级", article="002 三 2", code="already_graded", status=409)
    suggested, grading_version = suggest_level(session, situation, harm)
    decided = suggested if level is None else level
    reason = (reason or "").strip() or None
    if decided != suggested and reason is None:
        raise FormInvalid("预警定级填写不正确", details={"reason": [
            f"确定的等级与决策表建议的{LEVEL_LABELS[suggested]}不同,须写明理由"]})
    if not _roles(actor) & DECIDER_ROLES_BY_LEVEL[decided]:
        raise NotPermitted(f"{LEVEL_LABELS[decided]}须由"
                           + {3: "县预警中心", 2: "纪委分管副书记召集预警中心成员研究",
                              1: "党委书记或纪委常委会研究"}[decided] + "确定(002 三 2)")
    deduction = deployed_table(session, DEDUCTION)
    refuse_gaps(deduction.table, deduction.version, deployed_gaps(session, deduction))
    points = int(deduction.evaluate({"level": decided, "category": item.category})["points"])

    # Everything the grading reads is read before it writes anything: the rows it writes go in one flush.
    before = subject_score(session, year=item.year, unit_id=item.unit_id, cadre_id=item.cadre_id)
    county = thresholds(session)
    opens = _opens_accountability(session, item)
    now = clock.now()
    item.situation, item.harm, item.suggested_level, item.level = situation or None, harm, suggested, decided
    item.level_decided_by_id, item.level_decided_at, item.level_reason = actor.user_id, now, reason
    # Inserted as a statement, not through the unit of work: nothing reads the row back as an object, and the
    # unit of work's bookkeeping was a fifth of a grading's time.
    session.execute(_INSERT_DEDUCTION, {"unit_id": item.unit_id, "cadre_id": item.cadre_id, "year": item.year,
                                        "item_id": item.id, "points": points, "created_at": now,
                                        "reason": f"{LEVEL_LABELS[decided]}、{CATEGORY_LABELS[item.category]},"
                                                  f"扣分表第{deduction.version}版扣{points}分"})
    after = max(0, before - points)  # scoring.score of the year's deductions, this one included
    new_colour = scoring.colour(after, county)
    new_warning = None
    if scoring.is_worse(new_colour, scoring.colour(before, county)):
        new_warning = InfoWarning(kind="colour", unit_id=item.unit_id, cadre_id=item.cadre_id, year=item.year,
                                  colour=new_colour, score=after, item_id=item.id, created_at=now)
        session.add(new_warning)
    accountability = None
    if opens:
        accountability = InfoWarning(kind="accountability", unit_id=item.unit_id, cadre_id=item.cadre_id,
                                     year=item.year, colour=None, score=after, item_id=item.id,
                                     leaders="、".join(ACCOUNTABLE_LEADERS), created_at=now)
        session.add(accountability)
    audit.record(session, clock, actor, "info_item.graded", "info_item", item.id, reason=reason,
                 after={"suggested_level": suggested, "level": decided, "grading_table_version": grading_version,
                        "deduction_table_version": deduction.version, "points": points, "score": after,
                        "colour": new_colour, "accountability": accountability is not None})
    return Grading(item, suggested, decided, RESPONSE_BY_LEVEL[decided], points, after, new_colour, new_warning,
                   accountability)


def _opens_accountability(session: Session, item: InfoItem) -> bool:
    """「001 第一篇(五)6」: the subject's second warning (graded item) of the year opens accountability, once.

    Asked before ``item`` is graded (its level still empty): it is the second when one other is graded.
    """
    column, subject = _subject(item.unit_id, item.cadre_id)
    bound = {"subject": subject, "year": item.year}
    # Whether it is already open first: after a subject's second warning that one lookup is all a grading asks.
    if session.execute(_ACCOUNTABILITY_OPENED[column], bound).first() is not None:
        return False
    return scoring.opens_accountability(session.execute(_GRADED[column], bound).scalar_one() + 1)


def list_items(session: Session, scope: ReadScope, *, year: int | None = None, unit_id: int | None = None,
               cadre_id: int | None = None, level: int | None = None, page: int = 1,
               per_page: int = 50) -> tuple[list[InfoItem], int]:
    """Return a page of the item database (「002 三 3」 预警信息数据库) the reader's scope holds, newest first,
    and the total."""
    conditions = []
    if not scope.everything:
        conditions.append(InfoItem.reported_by_id == scope.reported_by_id if scope.reported_by_id is not None
                          else InfoItem.unit_id.in_(scope.unit_ids))
    if year is not None:
        conditions.append(InfoItem.year == year)
    if unit_id is not None:
        conditions.append(InfoItem.unit_id == unit_id)
    if cadre_id is not None:
        conditions.append(InfoItem.cadre_id == cadre_id)
    if level is not None:
        conditions.append(InfoItem.level == level)
    total = session.execute(select(func.count()).select_from(InfoItem).where(*conditions)).scalar_one()
    items = session.execute(select(InfoItem).where(*conditions).order_by(InfoItem.id.desc())
                            .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return list(items), total


def unit_scores(session: Session, year: int) -> list[dict]:
    """Every unit with an item, deduction or warning in ``year``: its score, colour and accountability."""
    deducted = dict(session.execute(select(InfoDeduction.unit_id, func.sum(InfoDeduction.points)).where(
        InfoDeduction.year == year, InfoDeduction.unit_id.is_not(None)).group_by(InfoDeduction.unit_id)).all())
    items = dict(session.execute(select(InfoItem.unit_id, func.count()).where(
        InfoItem.year == year, InfoItem.unit_id.is_not(None)).group_by(InfoItem.unit_id)).all())
    accountable = set(session.execute(select(InfoWarning.unit_id).where(
        InfoWarning.year == year, InfoWarning.kind == "accountability")).scalars())
    county = thresholds(session)
    names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(set(items) | set(deducted)))).all())
    rows = []
    for unit_id in sorted(names, key=lambda u: (scoring.score([deducted.get(u, 0)]), u)):
        left = scoring.score([deducted.get(unit_id, 0)])
        rows.append({"unit_id": unit_id, "unit_name": names[unit_id], "items": items.get(unit_id, 0),
                     "score": left, "colour": scoring.colour(left, county),
                     "accountability": unit_id in accountable})
    return rows


def record_feedback(session: Session, clock: Clock, actor: Actor, item_id: int, kind: str) -> InfoItem:
    """Record how the centre fed a graded item back to its subject: one of the six kinds of
    「001 第一篇(四)三是」 (谈话提醒、预警通知书、整改通知书、内部通报、媒体公开、预警参阅信息), audited."""
    if not _roles(actor) & {"info_centre"}:
        raise NotPermitted("只有县预警中心可以记录预警信息的反馈方式")
    if kind not in FEEDBACK_LABELS:
        raise FormInvalid("反馈方式不正确", details={"feedback": [
            f"反馈方式应为{'、'.join(FEEDBACK_LABELS.values())}之一(001 第一篇(四)三是)"]})
    item = _item(session, item_id)
    if item.level is None:
        raise RuleViolation("预警信息定级后才能反馈", article="001 第一篇(四)三是", code="not_graded", status=409)
    before = item.feedback_kind
    item.feedback_kind = kind
    audit.record(session, clock, actor, "info_item.feedback", "info_item", item.id,
                 before={"feedback": before}, after={"feedback": kind})
    tell_feedback_kind(session, clock, item, actor.user_id)  # the reporting officer hears of it (issue 13 §1)
    return item
