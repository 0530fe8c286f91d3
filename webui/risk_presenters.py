"""Output schemas of the risk register (issue 12 §2): allowlists, codes with their Chinese labels."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema
from marshmallow import fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Cadre
from engine.models import Unit
from engine.vocabulary import POSITION_KIND_LABELS
from processes.risk_points.models import PowerItem
from processes.risk_points.models import ReidentificationRequest
from processes.risk_points.models import RiskPoint
from processes.risk_points.power_list import FIELDS as POWER_FIELDS
from processes.risk_points.power_list import HEADERS as POWER_HEADERS
from processes.risk_points.power_list import MAJOR_LABEL
from processes.risk_points.power_list import ORDINARY_LABEL
from processes.risk_points.register import OverdueMeasure
from processes.risk_points.reidentification import POST_FIELDS
from processes.risk_points.reidentification import TRIGGER_LABELS
from processes.risk_points.vocabulary import FILED_STAGE
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from processes.risk_points.vocabulary import ROLE_LABELS
from processes.risk_points.vocabulary import SCOPE_LABELS
from processes.risk_points.vocabulary import STAGE_LABELS
from webui.presenters import Label


class RiskMeasureSchema(Schema):
    """A prevention measure: its owner and how it is checked (004 十 第二、三步)."""

    text = fields.String()
    owner = fields.String()
    check_method = fields.String()
    check_due = fields.Date(allow_none=True)


class RiskPointSchema(Schema):
    """A risk point as the register now holds it."""

    id = fields.Integer()
    unit_id = fields.Integer()
    unit_name = fields.String()
    scope = fields.String()
    scope_label = Label("scope", SCOPE_LABELS)
    office = fields.String(allow_none=True)
    post = fields.String(allow_none=True)
    cadre_id = fields.Integer(allow_none=True)
    risk_type = fields.String()
    risk_type_label = Label("risk_type", RISK_TYPE_LABELS)
    title = fields.String()
    manifestations = fields.String()
    level = fields.Integer()
    level_label = Label("level", LEVEL_LABELS)
    owner_role = fields.String()
    owner_role_label = Label("owner_role", ROLE_LABELS)
    power_item_id = fields.Integer(allow_none=True)
    flow_element_id = fields.String(allow_none=True)
    version = fields.Integer()
    round_id = fields.Integer(allow_none=True)
    filed_on = fields.Date(allow_none=True)
    updated_at = fields.DateTime()
    measures = fields.List(fields.Nested(RiskMeasureSchema))


class RiskPointPage(Schema):
    """A page of the register."""

    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    items = fields.List(fields.Nested(RiskPointSchema))


def unit_names(session: Session, points: list[RiskPoint]) -> dict[int, str]:
    """Return the names of the points' units (one query)."""
    ids = {p.unit_id for p in points}
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all()) if ids else {}


#: built once: a schema per point cost a quarter of the register page (bench: risk register page)
_POINT_SCHEMA = RiskPointSchema()


def present_risk_point(point: RiskPoint, names: dict[int, str]) -> dict:
    """Dump one risk point."""
    dumped = _POINT_SCHEMA.dump(point)
    dumped["unit_name"] = names.get(point.unit_id, "")
    return dumped


def present_risk_page(session: Session, points: list[RiskPoint], total: int, page: int, per_page: int) -> dict:
    """Dump a page of the register."""
    names = unit_names(session, points)
    return {"total": total, "page": page, "per_page": per_page,
            "items": [present_risk_point(p, names) for p in points]}


class RiskRoundSchema(Schema):
    """An identification round (004 十): its unit, year, stage and whether it is closed."""

    id = fields.Integer()
    unit_id = fields.Integer()
    year = fields.Integer()
    stage = fields.String()
    stage_label = Label("stage", {**STAGE_LABELS, FILED_STAGE: "已备案公示"})
    closed = fields.Boolean()
    started_on = fields.Date()
    closed_on = fields.Date(allow_none=True)


class OverdueMeasureSchema(Schema):
    """A prevention measure past its check date (004 十 第二步), with its owner and risk point."""

    measure_id = fields.Integer()
    text = fields.String()
    owner = fields.String()
    check_method = fields.String()
    check_due = fields.Date()
    days_overdue = fields.Integer()
    risk_point_id = fields.Integer()
    risk_point_title = fields.String()
    level = fields.Integer()
    level_label = Label("level", LEVEL_LABELS)
    unit_id = fields.Integer()
    unit_name = fields.String()


class OverdueMeasurePage(Schema):
    """The measures overdue for their check on ``today``, most days overdue first."""

    today = fields.Date()
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    items = fields.List(fields.Nested(OverdueMeasureSchema))


def overdue_fields(session: Session, rows: list[OverdueMeasure]) -> list[dict]:
    """The fields of overdue measures with their points' titles, levels and units (one query for the names)."""
    names = unit_names(session, [row.point for row in rows])
    return [{
        "measure_id": row.measure.id, "text": row.measure.text, "owner": row.measure.owner,
        "check_method": row.measure.check_method, "check_due": row.measure.check_due,
        "days_overdue": row.days_overdue, "risk_point_id": row.point.id, "risk_point_title": row.point.title,
        "level": row.point.level, "unit_id": row.point.unit_id, "unit_name": names.get(row.point.unit_id, "")}
        for row in rows]


def present_overdue(session: Session, rows: list[OverdueMeasure]) -> list[dict]:
    """Dump overdue measures as the page shows them."""
    return OverdueMeasureSchema(many=True).dump(overdue_fields(session, rows))


class PowerListImportSchema(Schema):
    """What a power list import did: items created, changed, and matched with nothing to change."""

    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()


def _change_value(field: str, value: Any) -> str | None:
    """A changed field's value as people read it: the kinds by their labels; None when empty."""
    if value is None or value == "":
        return None
    if field == "major":
        return MAJOR_LABEL if value else ORDINARY_LABEL
    if field == "position_kind":
        return POSITION_KIND_LABELS.get(value, str(value))
    return str(value)


def present_reidentifications(session: Session, requests: list[ReidentificationRequest],
                              editable: frozenset[int]) -> list[dict]:
    """Dump the open re-identification requests (「004 六」) with what changed and the points they touch, each
    marked revised once its version moved past the one it had when the request opened."""
    ids = {entry["id"] for r in requests for entry in r.points}
    points = {p.id: p for p in session.execute(select(RiskPoint).where(RiskPoint.id.in_(ids))).scalars()} if ids else {}
    units = dict(session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_({r.unit_id for r in requests}))).all()) if requests else {}
    field_labels = {**dict(zip(POWER_FIELDS, POWER_HEADERS, strict=True)), **POST_FIELDS}
    rows = []
    for r in requests:
        subject = (session.get(PowerItem, r.power_item_id).name if r.power_item_id is not None
                   else session.get(Cadre, r.cadre_id).name if r.cadre_id is not None else "")
        rows.append({
            "id": r.id, "unit_id": r.unit_id, "unit_name": units.get(r.unit_id, ""),
            "trigger_label": TRIGGER_LABELS[r.trigger], "subject": subject, "opened_at": r.opened_at,
            "changes": [{"label": field_labels.get(name, name), "before": _change_value(name, before),
                         "after": _change_value(name, after)} for name, (before, after) in r.change.items()],
            "points": [{"id": entry["id"], "title": points[entry["id"]].title,
                        "level_label": LEVEL_LABELS[points[entry["id"]].level],
                        "revised": points[entry["id"]].version > entry["version"]}
                       for entry in r.points if entry["id"] in points],
            "may_resolve": r.unit_id in editable,
        })
    return rows
