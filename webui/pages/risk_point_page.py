"""一个风险点 /risks/points/<id>: one risk point as the register now holds it and every version it went through
(issue 12 §2: "It is living. Every change is a new version with who, when and why").

Shown: scope, unit, office and post, the cadre named, type (「004 七」), manifestations, level with its colour
and the owner that follows the level (「004 九」: 一级 主要领导, 二级 分管领导, 三级 科室负责人), the measures with
owner, how checked and check date (「004 十」第二、三步), the power item with a link to its flow chart and the
element the point is marked on (「004 十」第三步), and the version history. Readers are the register's
(processes/risk_points/access.py): a point of a unit the user may not read is 404 (SECURITY.md 24).
"""
from __future__ import annotations

from flask import g
from flask import render_template
from sqlalchemy import select

from engine.errors import NotFound
from engine.models import Cadre
from engine.models import Unit
from engine.models import User
from processes.risk_points.access import check_readable
from processes.risk_points.flow_chart import load_chart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from processes.risk_points.vocabulary import LEVEL_CRITERIA
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from processes.risk_points.vocabulary import ROLE_LABELS
from processes.risk_points.vocabulary import SCOPE_LABELS
from webui.extensions import db
from webui.pages.auth import page

#: the level's badge, the register's (pages/risks.html level_badge) and the chart's ★ (power_charts.STAR_CLASSES)
LEVEL_BADGES = {1: "text-bg-danger", 2: "text-bg-warning", 3: "text-bg-secondary"}


def readable_point(point_id: int) -> RiskPoint:
    """The risk point if the user reads its unit's register, else 404 (the same answer for one that is not there)."""
    point = db.session.get(RiskPoint, point_id)
    if point is None:
        raise NotFound("风险点不存在或无权查看")
    check_readable(db.session, g.user, point.unit_id)
    return point


@page
def show_risk_point(risk_point_id: int):
    """Show one risk point, its power item and chart element, and its versions newest first."""
    point = readable_point(risk_point_id)
    unit = db.session.get(Unit, point.unit_id)
    cadre = db.session.get(Cadre, point.cadre_id) if point.cadre_id else None
    item = db.session.get(PowerItem, point.power_item_id) if point.power_item_id else None
    element_name = None
    if item is not None and point.flow_element_id:
        chart = load_chart(db.session, item)
        element_name = chart.elements.get(point.flow_element_id) if chart is not None else None
    versions = sorted(point.versions, key=lambda v: v.version, reverse=True)
    people = {u.id: u.display_name for u in db.session.execute(select(User).where(
        User.id.in_({v.changed_by_id for v in versions if v.changed_by_id}))).scalars()}
    return render_template(
        "pages/risk_point.html", point=point, unit=unit, cadre=cadre, item=item, element_name=element_name,
        versions=versions, people=people, badge=LEVEL_BADGES[point.level], level_label=LEVEL_LABELS[point.level],
        criteria=LEVEL_CRITERIA[point.level], levels=LEVEL_LABELS,
        scope_label=SCOPE_LABELS.get(point.scope, point.scope),
        type_label=RISK_TYPE_LABELS.get(point.risk_type, point.risk_type),
        owner_label=ROLE_LABELS.get(point.owner_role, point.owner_role))
