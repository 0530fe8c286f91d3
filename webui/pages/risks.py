"""风险台账: the living risk register by unit, level and type (issue 12 §2), with each unit's level counts.

Read-only here; the register changes through ``/api/v1/risk-points`` and the identification. Who sees which
units is the package's rule (processes/risk_points/access.py).
"""
from __future__ import annotations

from flask import g
from flask import render_template
from flask import request
from sqlalchemy import select

from engine.models import Unit
from engine.queries import MAX_PER_PAGE
from processes.risk_points import list_risk_points
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.register import count_risk_points
from processes.risk_points.register import level_counts
from processes.risk_points.vocabulary import LEVEL_CRITERIA
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from webui.extensions import db
from webui.pages.auth import page
from webui.risk_presenters import present_risk_page

PER_PAGE = 50


def _filters(units: dict[int, Unit]) -> tuple[dict, list[str]]:
    """Read the page's filters; a bad one is dropped with a Chinese note instead of failing the page."""
    filters: dict = {"unit_id": None, "level": None, "risk_type": None, "page": 1}
    problems = []
    for name, allowed, message in (
        ("unit_id", {str(i): i for i in units}, "单位不在可查看范围内,已忽略"),
        ("level", {str(k): k for k in LEVEL_LABELS}, "风险等级应为一级、二级或三级,已忽略"),
        ("risk_type", {k: k for k in RISK_TYPE_LABELS}, "风险类型不在五类之内,已忽略"),
    ):
        raw = request.args.get(name, "")
        if raw:
            if raw in allowed:
                filters[name] = allowed[raw]
            else:
                problems.append(message)
    raw_page = request.args.get("page", "1")
    filters["page"] = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 100_000 else 1
    return filters, problems


@page
def risk_register():
    """List the risk points the user may read, filtered by unit, level and type."""
    readable = readable_unit_ids(db.session, g.user)
    query = select(Unit).order_by(Unit.path)
    if readable is not None:
        query = query.where(Unit.id.in_(readable))
    units = {u.id: u for u in db.session.execute(query).scalars()}
    filters, problems = _filters(units)
    unit_ids = frozenset({filters["unit_id"]}) if filters["unit_id"] is not None else readable
    chosen = {"unit_ids": unit_ids, "level": filters["level"], "risk_type": filters["risk_type"]}
    per_page = min(PER_PAGE, MAX_PER_PAGE)
    points = list_risk_points(db.session, page=filters["page"], per_page=per_page, **chosen)
    result = present_risk_page(db.session, points, count_risk_points(db.session, **chosen), filters["page"], per_page)
    counts = {unit_id: by_level for unit_id, by_level in level_counts(db.session).items() if unit_id in units}
    return render_template("pages/risks.html", points=result, filters=filters, problems=problems,
                           units=list(units.values()), counts=counts, levels=LEVEL_LABELS,
                           criteria=LEVEL_CRITERIA, risk_types=RISK_TYPE_LABELS)
