"""The living risk register's verbs: validate, create, revise (a new version with its reason) and list.

Every rule cites its source: the scopes 「004 六」, the five types 「004 七」, the three levels 「004 九」, a
measure whose execution can be checked 「004 十」第二步, the owner by level DOMAIN.md §5. Bad input raises one
:class:`~engine.errors.FormInvalid` (422) naming every bad field in Chinese, before anything is written.
Functions take the caller's session and never commit (the caller's unit of work does).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.models import Cadre
from engine.models import Unit
from processes.risk_points import reidentification
from processes.risk_points.access import check_editable
from processes.risk_points.flow_chart import check_flow_element
from processes.risk_points.models import IdentificationRound
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskMeasure
from processes.risk_points.models import RiskPoint
from processes.risk_points.models import RiskPointVersion
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import OWNER_ROLE_BY_LEVEL
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from processes.risk_points.vocabulary import SCOPE_LABELS

REQUIRED = "必填"
MAX_MEASURES = 20
_TEXT_LIMITS = {"title": 200, "office": 100, "post": 100, "flow_element_id": 64}
_MEASURE_LIMITS = {"owner": 64, "check_method": 200}
#: the fields a risk point's input may carry; anything else is refused (no silently dropped input)
FIELDS = frozenset({"scope", "risk_type", "title", "manifestations", "level", "office", "post", "cadre_id",
                    "power_item_id", "flow_element_id", "measures"})
MEASURE_FIELDS = frozenset({"text", "owner", "check_method", "check_due"})


@dataclass(frozen=True)
class RiskPointInput:
    """A validated risk point, ready to be written."""

    scope: str
    risk_type: str
    title: str
    manifestations: str
    level: int
    office: str | None
    post: str | None
    cadre_id: int | None
    power_item_id: int | None
    flow_element_id: str | None
    measures: tuple[dict, ...]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError
    return value.strip() or None


def _measures(raw: Any, errors: dict[str, list[str]]) -> tuple[dict, ...]:
    """「004 十」第二、三步: every risk point has measures, each with an owner and a way its execution is checked."""
    if raw is None or raw == []:
        errors.setdefault("measures", []).append("至少填写一条防控措施(004 十 第三步)")
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_MEASURES:
        errors.setdefault("measures", []).append(f"防控措施应为列表,最多{MAX_MEASURES}条")
        return ()
    measures = []
    for index, item in enumerate(raw, start=1):
        where = f"measures.{index}"
        if not isinstance(item, Mapping):
            errors.setdefault(where, []).append(f"第{index}条措施格式不正确")
            continue
        unknown = sorted(set(item) - MEASURE_FIELDS)
        if unknown:
            errors.setdefault(where, []).append(f"第{index}条措施含有未知字段:{'、'.join(map(str, unknown))}")
        values: dict[str, Any] = {}
        for name, label in (("text", "措施内容"), ("owner", "责任人"), ("check_method", "考核方式")):
            try:
                values[name] = _text(item.get(name))
            except TypeError:
                values[name] = None
            if values[name] is None:
                errors.setdefault(f"{where}.{name}", []).append(f"第{index}条措施缺少{label}")
            elif name in _MEASURE_LIMITS and len(values[name]) > _MEASURE_LIMITS[name]:
                errors.setdefault(f"{where}.{name}", []).append(f"{label}最多{_MEASURE_LIMITS[name]}个字")
        due = item.get("check_due")
        values["check_due"] = None
        if due not in (None, ""):
            try:
                values["check_due"] = dt.date.fromisoformat(due).isoformat()
            except (TypeError, ValueError):
                errors.setdefault(f"{where}.check_due", []).append(f"第{index}条措施的考核期限应为日期(年-月-日)")
        measures.append(values)
    return tuple(measures)


def validate(session: Session, unit_id: int, data: Mapping[str, Any]) -> RiskPointInput:
    """Check a risk point's input against the seed's rules; raise one FormInvalid naming every problem."""
    if not isinstance(data, Mapping):
        raise FormInvalid("风险点数据格式不正确", details={"_": ["应为对象"]})
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        errors["_unknown"] = [f"未知字段:{'、'.join(map(str, unknown))}"]

    scope = data.get("scope")
    if scope not in SCOPE_LABELS:  # 「004 六」
        errors["scope"] = [f"范围应为{'、'.join(SCOPE_LABELS.values())}之一"]
    risk_type = data.get("risk_type")
    if risk_type not in RISK_TYPE_LABELS:  # 「004 七」
        errors["risk_type"] = [f"风险类型应为五类之一:{'、'.join(RISK_TYPE_LABELS.values())}(004 七)"]
    level = data.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVEL_LABELS:  # 「004 九」
        errors["level"] = ["风险等级应为一级、二级或三级(1–3,004 九)"]

    texts: dict[str, str | None] = {}
    for name in ("title", "manifestations", "office", "post", "flow_element_id"):
        try:
            texts[name] = _text(data.get(name))
        except TypeError:
            errors.setdefault(name, []).append("应为文字")
            texts[name] = None
            continue
        limit = _TEXT_LIMITS.get(name)
        if limit and texts[name] and len(texts[name]) > limit:
            errors.setdefault(name, []).append(f"最多{limit}个字")
    if texts["title"] is None and "title" not in errors:
        errors["title"] = ["请填写风险点名称"]
    if texts["manifestations"] is None and "manifestations" not in errors:
        errors["manifestations"] = ["请填写风险表现(004 六)"]
    if scope == "post" and texts["post"] is None and "post" not in errors:
        errors["post"] = ["岗位风险须写明岗位(004 六)"]
    if scope == "office" and texts["office"] is None and "office" not in errors:
        errors["office"] = ["科室风险须写明科室(004 六)"]

    cadre_id = _reference(session, data.get("cadre_id"), Cadre, unit_id, "cadre_id", "该干部不在本单位", errors)
    power_item_id = _reference(session, data.get("power_item_id"), PowerItem, unit_id, "power_item_id",
                               "该权力事项不在本单位的权力清单中", errors)
    if "flow_element_id" not in errors and "power_item_id" not in errors:
        # 「004 十」第三步: a point is found on its power's flow chart, so it is marked on one of its elements
        problem = check_flow_element(session, power_item_id, texts["flow_element_id"])
        if problem:
            errors["flow_element_id"] = [problem]
    measures = _measures(data.get("measures"), errors)
    if errors:
        raise FormInvalid("风险点填写有误,未保存", details=errors)
    return RiskPointInput(scope=scope, risk_type=risk_type, title=texts["title"],
                          manifestations=texts["manifestations"], level=level, office=texts["office"],
                          post=texts["post"], cadre_id=cadre_id, power_item_id=power_item_id,
                          flow_element_id=texts["flow_element_id"], measures=measures)


def _reference(session: Session, value: Any, model: type, unit_id: int, name: str, message: str,
               errors: dict[str, list[str]]) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors[name] = ["应为编号"]
        return None
    row = session.get(model, value)
    if row is None or row.unit_id != unit_id:
        errors[name] = [message]
        return None
    return value


def snapshot(point: RiskPoint) -> dict:
    """The point's content as a version records it."""
    return {
        "round_id": point.round_id, "filed_on": point.filed_on.isoformat() if point.filed_on else None,
        "scope": point.scope, "risk_type": point.risk_type, "title": point.title,
        "manifestations": point.manifestations, "level": point.level, "owner_role": point.owner_role,
        "office": point.office, "post": point.post, "cadre_id": point.cadre_id,
        "power_item_id": point.power_item_id, "flow_element_id": point.flow_element_id,
        "measures": [{"text": m.text, "owner": m.owner, "check_method": m.check_method,
                      "check_due": m.check_due.isoformat() if m.check_due else None} for m in point.measures],
    }


def _apply(point: RiskPoint, value: RiskPointInput) -> None:
    for name in ("scope", "risk_type", "title", "manifestations", "level", "office", "post", "cadre_id",
                 "power_item_id", "flow_element_id"):
        setattr(point, name, getattr(value, name))
    point.owner_role = OWNER_ROLE_BY_LEVEL[value.level]  # DOMAIN.md §5: the owner follows the level
    point.measures = [
        RiskMeasure(position=index, text=m["text"], owner=m["owner"], check_method=m["check_method"],
                    check_due=dt.date.fromisoformat(m["check_due"]) if m["check_due"] else None)
        for index, m in enumerate(value.measures, start=1)]


def _record_version(session: Session, clock: Clock, actor: Actor, point: RiskPoint, reason: str) -> None:
    session.flush()
    point.versions.append(RiskPointVersion(version=point.version, content=snapshot(point),
                                           changed_by_id=actor.user_id, changed_at=clock.now(), reason=reason))


def _reason(reason: Any) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise FormInvalid("请填写变更原因,未保存", details={"reason": ["每次变更须写明原因(风险台账动态更新)"]})
    if len(text) > 500:
        raise FormInvalid("变更原因过长,未保存", details={"reason": ["最多500个字"]})
    return text


def _check_actor(session: Session, actor: Actor, unit_id: int) -> None:
    # The system (seeding, imports) writes any unit's register; a person only their own (access.py).
    if actor.user is not None:
        check_editable(session, actor.user, unit_id)


def create_risk_point(session: Session, clock: Clock, actor: Actor, unit_id: int, data: Mapping[str, Any],
                      reason: str = "首次登记", *, round_id: int | None = None) -> RiskPoint:
    """Register a risk point of a unit as version 1, found in the unit's open round ``round_id`` if given."""
    if session.get(Unit, unit_id) is None:
        raise NotFound("单位不存在")
    _check_actor(session, actor, unit_id)
    reason = _reason(reason)
    if round_id is not None:
        round_ = session.get(IdentificationRound, round_id)
        if round_ is None or round_.unit_id != unit_id or round_.closed:
            raise FormInvalid("风险点填写有误,未保存", details={"round_id": ["应为本单位正在进行的一轮查找"]})
    value = validate(session, unit_id, data)
    now = clock.now()
    point = RiskPoint(unit_id=unit_id, version=1, created_at=now, updated_at=now, round_id=round_id)
    _apply(point, value)
    session.add(point)
    _record_version(session, clock, actor, point, reason)
    audit.record(session, clock, actor, "risk_point.created", "risk_point", point.id,
                 after=snapshot(point), reason=reason)
    return point


def revise_risk_point(session: Session, clock: Clock, actor: Actor, risk_point_id: int, data: Mapping[str, Any],
                      reason: str) -> RiskPoint:
    """Change a risk point: the register keeps every version, with who, when and why (issue 12 §2)."""
    point = session.get(RiskPoint, risk_point_id)
    if point is None:
        raise NotFound("风险点不存在")
    _check_actor(session, actor, point.unit_id)
    reason = _reason(reason)
    value = validate(session, point.unit_id, data)
    before = snapshot(point)
    _apply(point, value)
    record_change(session, clock, actor, point, reason, before=before)
    return point


def record_change(session: Session, clock: Clock, actor: Actor, point: RiskPoint, reason: str, *,
                  before: dict | None = None) -> None:
    """Make what was just changed on ``point`` its next version, with who, when and why (issue 12 §2)."""
    point.version += 1
    point.updated_at = clock.now()
    _record_version(session, clock, actor, point, reason)
    audit.record(session, clock, actor, "risk_point.revised", "risk_point", point.id,
                 before=before, after=snapshot(point), reason=reason)
    # a revision answers the re-identification its point was flagged for (「004 六」, reidentification.py)
    reidentification.point_revised(session, clock, actor, point, reason)


def _filtered(query, unit_ids: frozenset[int] | None, level: int | None, risk_type: str | None):
    if unit_ids is not None:
        query = query.where(RiskPoint.unit_id.in_(unit_ids))
    if level is not None:
        query = query.where(RiskPoint.level == level)
    if risk_type is not None:
        query = query.where(RiskPoint.risk_type == risk_type)
    return query


def list_risk_points(session: Session, *, unit_ids: frozenset[int] | None = None, level: int | None = None,
                     risk_type: str | None = None, page: int = 1,
                     per_page: int | None = None) -> list[RiskPoint]:
    """Return the register's points, by unit, level and type (issue 12 §2 views), most serious first."""
    query = _filtered(select(RiskPoint).options(selectinload(RiskPoint.measures)), unit_ids, level, risk_type)
    query = query.order_by(RiskPoint.unit_id, RiskPoint.level, RiskPoint.id)
    if per_page is not None:
        query = query.limit(per_page).offset((page - 1) * per_page)
    return list(session.execute(query).scalars())


def count_risk_points(session: Session, *, unit_ids: frozenset[int] | None = None, level: int | None = None,
                      risk_type: str | None = None) -> int:
    """Return how many points ``list_risk_points`` would list without paging."""
    return session.execute(_filtered(select(func.count()).select_from(RiskPoint), unit_ids, level, risk_type)
                           ).scalar_one()


def level_counts(session: Session) -> dict[int, dict[int, int]]:
    """Return unit id → level → number of risk points (the register's summary per unit)."""
    counts: dict[int, dict[int, int]] = {}
    rows = session.execute(select(RiskPoint.unit_id, RiskPoint.level, func.count())
                           .group_by(RiskPoint.unit_id, RiskPoint.level))
    for unit_id, level, count in rows:
        counts.setdefault(unit_id, {})[level] = count
    return counts


@dataclass(frozen=True)
class OverdueMeasure:
    """A prevention measure whose check date has passed with no check recorded since, and its risk point."""

    measure: RiskMeasure
    point: RiskPoint
    days_overdue: int


def count_overdue_measures(session: Session, today: dt.date, *, unit_ids: frozenset[int] | None = None) -> int:
    """How many measures :func:`overdue_measures` lists, counted in the database (the register's badge)."""
    query = (select(func.count()).select_from(RiskMeasure).join(RiskPoint, RiskMeasure.risk_point_id == RiskPoint.id)
             .where(RiskMeasure.check_due.is_not(None), RiskMeasure.check_due < today))
    if unit_ids is not None:
        query = query.where(RiskPoint.unit_id.in_(unit_ids))
    return session.execute(query).scalar_one()


def overdue_measures(session: Session, today: dt.date, *,
                     unit_ids: frozenset[int] | None = None) -> list[OverdueMeasure]:
    """Return the measures overdue for their check on ``today``, worst first (issue 12 §2 views).

    「004 十」第二步 asks that a measure's execution can be checked (考核), and 第五步 that measures be carried
    out; a measure whose check date (``check_due``) is before today is overdue. The register holds the date of
    the next check, not a log of checks: recording a check is revising the point with the next check date
    (a new version saying why), which takes the measure off this list. Measures without a date are never
    overdue. Most days overdue first, then the more serious level (「004 九」), then unit and point.
    """
    query = (select(RiskMeasure, RiskPoint).join(RiskPoint, RiskMeasure.risk_point_id == RiskPoint.id)
             .where(RiskMeasure.check_due.is_not(None), RiskMeasure.check_due < today)
             .order_by(RiskMeasure.check_due, RiskPoint.level, RiskPoint.unit_id, RiskPoint.id,
                       RiskMeasure.position))
    if unit_ids is not None:
        query = query.where(RiskPoint.unit_id.in_(unit_ids))
    return [OverdueMeasure(measure, point, (today - measure.check_due).days)
            for measure, point in session.execute(query).all()]
