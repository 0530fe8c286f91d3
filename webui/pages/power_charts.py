"""权力运行流程图 /risks/powers/<id>/chart: a power item's flow chart with its risk points marked (★), drawn in
the processes' bpmn-js modeler (issue 12 §1; 「004 十」第三步: risk points are looked for on the chart).

Who reads and who changes are the register's rules (processes/risk_points/access.py): an item of a unit the
user may not read is 404; creating, saving or marking by a reader who may not change the register, 403. The
chart's storage and rules live in processes/risk_points/flow_chart.py.
"""
from __future__ import annotations

from flask import flash
from flask import g
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import or_
from sqlalchemy import select

from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.models import User
from processes.risk_points.access import check_editable
from processes.risk_points.access import editable_unit_ids
from processes.risk_points.flow_chart import create_chart
from processes.risk_points.flow_chart import get_item
from processes.risk_points.flow_chart import load_chart
from processes.risk_points.flow_chart import marks
from processes.risk_points.flow_chart import save_chart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from processes.risk_points.register import revise_risk_point
from processes.risk_points.register import snapshot
from processes.risk_points.vocabulary import LEVEL_LABELS
from webui.engine_text import engine_problems
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.downloads import xml_download
from webui.uow import request_clock

#: the ★'s colour class per level: the register's level badges (pages/risks.html level_badge)
STAR_CLASSES = {1: "text-bg-danger", 2: "text-bg-warning", 3: "text-bg-secondary"}
_SNAPSHOT_FIELDS = ("scope", "risk_type", "title", "manifestations", "level", "office", "post", "cadre_id",
                    "power_item_id", "flow_element_id", "measures")


def _point_url(point: RiskPoint) -> str:
    # the ★ opens the point's own page: its measures, element and versions (issue 12 §1 "opens the risk point")
    return url_for("pages.show_risk_point", risk_point_id=point.id)


def _markable_points(item: PowerItem) -> list[RiskPoint]:
    """The unit's points an editor may mark on this chart: the item's own and those not yet tied to a power."""
    return list(db.session.execute(select(RiskPoint).where(
        RiskPoint.unit_id == item.unit_id,
        or_(RiskPoint.power_item_id == item.id, RiskPoint.power_item_id.is_(None)))
        .order_by(RiskPoint.level, RiskPoint.id)).scalars())


def _render(item: PowerItem, *, errors: dict | None = None, message: str | None = None, values: dict | None = None,
            status: int = 200):
    chart = load_chart(db.session, item)
    may_edit = item.unit_id in editable_unit_ids(g.user)
    by_element = marks(db.session, item) if chart is not None else {}
    stars = {element: {"level": points[0].level, "css": STAR_CLASSES[points[0].level],
                       "name": chart.elements.get(element, ""),
                       "points": [{"id": p.id, "title": p.title, "level": LEVEL_LABELS[p.level],
                                   "url": _point_url(p)} for p in points]}
             for element, points in by_element.items()}
    rows = [(element, chart.elements.get(element, ""), point, _point_url(point))
            for element, points in by_element.items() for point in points]
    rows.sort(key=lambda row: (row[2].level, row[2].id))
    people = {u.id: u.display_name for u in db.session.execute(select(User).where(
        User.id.in_({v.changed_by_id for v in item.versions if v.changed_by_id}))).scalars()}
    return render_template(
        "pages/power_chart.html", item=item, chart=chart, may_edit=may_edit, stars=stars, rows=rows,
        levels=LEVEL_LABELS, star_classes=STAR_CLASSES, errors=errors or {}, message=message,
        values=values or {}, versions=list(reversed(item.versions)), people=people,
        points=_markable_points(item) if may_edit and chart is not None else []), status


@page
def power_chart(power_item_id: int):
    """Show a power item's flow chart with a ★ on every element that has risk points, in its worst level's colour."""
    return _render(get_item(db.session, g.user, power_item_id))


@page
def create_power_chart(power_item_id: int):
    """Start the item's chart (a start event and the item's name) and open it in the modeler."""
    item = get_item(db.session, g.user, power_item_id)
    try:
        create_chart(db.session, request_clock(), g.actor, item.id)
    except FormInvalid as problem:
        db.session.rollback()
        return _render(item, errors=engine_problems(problem.details), message=engine_text(problem.message_zh),
                       status=422)
    return redirect(url_for("pages.edit_power_chart", power_item_id=item.id))


@page
def edit_power_chart(power_item_id: int):
    """The modeler on the item's documentation chart, for the unit's register editors only."""
    item = get_item(db.session, g.user, power_item_id)
    check_editable(db.session, g.user, item.unit_id)
    chart = load_chart(db.session, item)
    if chart is None or not chart.documentation_only:
        raise NotFound("该权力事项还没有流程图")  # flow_chart.py's words: a deployed chart is edited in the designer
    return render_template("pages/power_chart_edit.html", item=item, chart=chart)


@page
def power_chart_xml(power_item_id: int):
    """Serve the item's chart XML to the viewer or the modeler."""
    item = get_item(db.session, g.user, power_item_id)
    chart = load_chart(db.session, item)
    if chart is None:
        raise NotFound("该权力事项还没有流程图")
    return xml_download(chart.xml, f"{chart.key}.bpmn")


@page
def save_power_chart(power_item_id: int):
    """Store the modeler's XML (JSON in, JSON out; the CSRF token in X-CSRFToken): 403 before the body is read."""
    item = get_item(db.session, g.user, power_item_id)
    check_editable(db.session, g.user, item.unit_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("xml"), str):
        response = jsonify({"ok": False, "message": _("请求须为JSON,并包含流程图XML(xml)"), "problems": []})
        response.status_code = 422
        return response
    try:
        chart = save_chart(db.session, request_clock(), g.actor, item.id, body["xml"])
    except FormInvalid as problem:
        db.session.rollback()
        details = engine_problems(problem.details)
        response = jsonify({"ok": False, "message": engine_text(problem.message_zh),
                            "problems": [text for texts in details.values() for text in texts]})
        response.status_code = 422
        return response
    return jsonify({"ok": True, "message": _("已保存(第%(n)s版)", n=chart.version), "version": chart.version})


@page
def mark_risk_point(power_item_id: int):
    """Mark one of the unit's risk points on an element of the chart (or take its mark off): a new version of the
    point with the reason (「004 十」第三步: the points are found on the power-operation flow chart)."""
    item = get_item(db.session, g.user, power_item_id)
    check_editable(db.session, g.user, item.unit_id)
    values = {name: request.form.get(name, "") for name in ("risk_point_id", "flow_element_id", "reason")}
    raw = values["risk_point_id"]
    point = db.session.get(RiskPoint, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if point is None or point.unit_id != item.unit_id or point.power_item_id not in (None, item.id):
        return _render(item, errors={_("风险点"): [_("请选择本事项或尚未关联权力事项的本单位风险点")]},
                       message=_("标注有误,未保存"), values=values, status=422)
    data = {name: value for name, value in snapshot(point).items() if name in _SNAPSHOT_FIELDS}
    data["power_item_id"] = item.id
    data["flow_element_id"] = values["flow_element_id"] or None
    try:
        revise_risk_point(db.session, request_clock(), g.actor, point.id, data, values["reason"])
    except FormInvalid as problem:
        db.session.rollback()
        return _render(item, errors=engine_problems(problem.details), message=engine_text(problem.message_zh),
                       values=values, status=422)
    flash(_("已更新风险点“%(title)s”在流程图上的标注", title=point.title), "success")
    return redirect(url_for("pages.power_chart", power_item_id=item.id))
