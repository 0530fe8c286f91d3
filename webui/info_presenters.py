"""Output schemas of the warning-information network (issue 13): allowlists, codes with their Chinese labels."""
from __future__ import annotations

from collections.abc import Mapping

from marshmallow import Schema
from marshmallow import fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Cadre
from engine.models import Unit
from engine.registry import REGISTRY
from processes.info_network.handover import HandOverLink
from processes.info_network.handover import item_for_clue
from processes.info_network.models import InfoItem
from processes.info_network.reporting import STATE_LABELS
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.info_network.vocabulary import HARM_LABELS
from processes.info_network.vocabulary import LEVEL_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import SITUATIONS
from processes.info_network.vocabulary import SOURCE_LABELS
from webui.presenters import Label


class InfoItemSchema(Schema):
    """One item of the warning-information database (「002 三 3」)."""

    id = fields.Integer()
    category = fields.String()
    category_label = Label("category", CATEGORY_LABELS)
    source = fields.String()
    source_label = Label("source", SOURCE_LABELS)
    unit_id = fields.Integer(allow_none=True)
    cadre_id = fields.Integer(allow_none=True)
    subject_name = fields.String()
    facts = fields.String()
    reported_on = fields.Date()
    year = fields.Integer()
    verified = fields.Boolean()
    situation = fields.String(allow_none=True)
    situation_label = Label("situation", {code: words for code, (_, words) in SITUATIONS.items()})
    harm = fields.String(allow_none=True)
    harm_label = Label("harm", HARM_LABELS)
    suggested_level = fields.Integer(allow_none=True)
    level = fields.Integer(allow_none=True)
    level_label = Label("level", LEVEL_LABELS)
    response_label = Label("level", RESPONSE_BY_LEVEL)
    level_reason = fields.String(allow_none=True)
    handed_over = fields.Boolean()
    clue_number = fields.String(allow_none=True)
    case_id = fields.Integer(allow_none=True)
    case_number = fields.String(allow_none=True)
    handed_over_at = fields.DateTime(allow_none=True)
    response_instance_id = fields.Integer(allow_none=True)


class InfoItemPage(Schema):
    """A page of the item database."""

    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    items = fields.List(fields.Nested(InfoItemSchema))


class GradingSchema(Schema):
    """What grading decided: the item, its points, the subject's score and colour, accountability opened."""

    item = fields.Nested(InfoItemSchema)
    points = fields.Integer()
    score = fields.Integer()
    colour = fields.String(allow_none=True)
    colour_label = Label("colour", COLOUR_LABELS)
    new_colour_warning = fields.Boolean()
    accountability_opened = fields.Boolean()


class UnitScoreSchema(Schema):
    """A unit's year: its items, the points left of 12, its colour and whether accountability is open."""

    unit_id = fields.Integer()
    unit_name = fields.String()
    items = fields.Integer()
    score = fields.Integer()
    colour = fields.String(allow_none=True)
    colour_label = Label("colour", COLOUR_LABELS)
    accountability = fields.Boolean()


class UnitScoresSchema(Schema):
    """The units' scores of a year, with the thresholds in force and whether they are the shipped defaults."""

    year = fields.Integer()
    thresholds = fields.Dict(keys=fields.String(), values=fields.Integer())
    thresholds_are_default = fields.Boolean()
    units = fields.List(fields.Nested(UnitScoreSchema))


def subject_names(session: Session, items: list[InfoItem]) -> dict[tuple[str, int], str]:
    """Return the names of the items' subjects, units and cadres (two queries)."""
    unit_ids = {i.unit_id for i in items if i.unit_id is not None}
    cadre_ids = {i.cadre_id for i in items if i.cadre_id is not None}
    names: dict[tuple[str, int], str] = {}
    if unit_ids:
        names.update({("unit", k): v for k, v in session.execute(
            select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))).all()})
    if cadre_ids:
        names.update({("cadre", k): v for k, v in session.execute(
            select(Cadre.id, Cadre.name).where(Cadre.id.in_(cadre_ids))).all()})
    return names


class HandOverSchema(Schema):
    """What handing an item over made: the item (已移交) and the Measures' clue and case (第十条)."""

    item = fields.Nested(InfoItemSchema)
    clue_id = fields.Integer()
    clue_number = fields.String()
    case_id = fields.Integer()
    case_number = fields.String()
    warnings = fields.List(fields.String())


def present_item(item: InfoItem, names: dict[tuple[str, int], str],
                 links: Mapping[int, HandOverLink] | None = None) -> dict:
    """Dump one item with its subject's name and, once handed over, its clue and case (第十条)."""
    dumped = InfoItemSchema().dump(item)
    key = ("unit", item.unit_id) if item.unit_id is not None else ("cadre", item.cadre_id)
    dumped["subject_name"] = names.get(key, "")
    link = (links or {}).get(item.id)
    dumped.update(handed_over=link is not None, clue_number=link.clue_number if link else None,
                  case_id=link.case_id if link else None, case_number=link.case_number if link else None)
    return dumped


def source_item(session: Session, clue_id: int) -> HandOverLink | None:
    """The information item a case's clue was handed over from (issue 13 §6), when the network is registered."""
    if not any(r.name == "info_network" for r in REGISTRY.regulations()):
        return None
    return item_for_clue(session, clue_id)


class ReportRowSchema(Schema):
    """One unit's monthly report on the board (「001 三、1」)."""

    unit_id = fields.Integer()
    unit_name = fields.String()
    state = fields.String(metadata={"description": "reported 已报送 / overdue 逾期未报 / pending 未到期 / "
                                                   "not_started 未发起"})
    state_label = Label("state", STATE_LABELS)
    instance_id = fields.Integer(allow_none=True)
    reported_on = fields.Date(allow_none=True, metadata={"description": "单位报送日期(北京时间)"})
    item_count = fields.Integer(allow_none=True)
    zero_report = fields.Boolean(metadata={"description": "零报告(本月无预警信息)"})
    days_late = fields.Integer(metadata={"description": "逾期天数:未报的自错过之日起算,已报的为28日后几天报送"})
    late_step = fields.String(allow_none=True,
                              metadata={"description": "unit 单位28日报送 / officers 信息员25日前报送"})


class ReportBoardSchema(Schema):
    """A month's reporting board: the days due, the counts per state, the units worst first."""

    month = fields.String(metadata={"description": "年-月"})
    officers_due = fields.Date(metadata={"description": "信息员报送截止日(每月25日,种子001 三、1)"})
    unit_due = fields.Date(metadata={"description": "单位向县预警中心报送日(每月28日,种子001 三、1)"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    units = fields.List(fields.Nested(ReportRowSchema))
