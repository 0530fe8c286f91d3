"""风险台账: the living risk register by unit, level and type (issue 12 §2), the county heat map of units by
level count, the measures overdue for their check, and opening a unit's identification round (「004 十」).

The register itself changes through ``/api/v1/risk-points`` and the identification. Who sees which units and
who opens a round are the package's rules (processes/risk_points/access.py).
"""
from __future__ import annotations

import datetime as dt
import math

from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from engine.clock import local_today
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import Unit
from engine.permissions import is_candidate
from engine.queries import MAX_PER_PAGE
from processes.risk_points import list_risk_points
from processes.risk_points import start_identification
from processes.risk_points.access import editable_unit_ids
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.access import startable_unit_ids
from processes.risk_points.documents_register import has_filed_points
from processes.risk_points.register import count_overdue_measures
from processes.risk_points.register import count_risk_points
from processes.risk_points.register import level_counts
from processes.risk_points.register import overdue_measures
from processes.risk_points.reidentification import confirm_unchanged
from processes.risk_points.reidentification import open_requests
from processes.risk_points.subject import NOT_A_STARTER
from processes.risk_points.subject import SUBJECT_TYPE
from processes.risk_points.vocabulary import DUE_DAYS
from processes.risk_points.vocabulary import DUE_RULE_LABELS
from processes.risk_points.vocabulary import LEVEL_CRITERIA
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from webui.engine_text import engine_problems
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.risk_presenters import present_overdue
from webui.risk_presenters import present_reidentifications
from webui.risk_presenters import present_risk_page
from webui.uow import request_clock

PER_PAGE = 50
#: the heat map's colour steps above zero (css/app.css .lj-heat-1 … .lj-heat-4)
HEAT_STEPS = 4


def _readable_units() -> dict[int, Unit]:
    readable = readable_unit_ids(db.session, g.user)
    query = select(Unit).order_by(Unit.path)
    if readable is not None:
        query = query.where(Unit.id.in_(readable))
    return {u.id: u for u in db.session.execute(query).scalars()}


def heat_steps(counts: dict[int, dict[int, int]]) -> dict[int, dict[int, int]]:
    """Return unit → level → colour step 0–4 of the county heat map (issue 12 §2), relative to the largest
    count on the map: 0 for none, 4 for the largest. The count itself is always printed in the cell, so the
    colour only repeats what the number says (WCAG 1.4.1: not colour alone)."""
    largest = max((n for by_level in counts.values() for n in by_level.values()), default=0)
    return {unit_id: {level: math.ceil(HEAT_STEPS * by_level.get(level, 0) / largest) if largest else 0
                      for level in LEVEL_LABELS}
            for unit_id, by_level in counts.items()}


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
    units = _readable_units()
    filters, problems = _filters(units)
    unit_ids = frozenset({filters["unit_id"]}) if filters["unit_id"] is not None else readable
    chosen = {"unit_ids": unit_ids, "level": filters["level"], "risk_type": filters["risk_type"]}
    per_page = min(PER_PAGE, MAX_PER_PAGE)
    points = list_risk_points(db.session, page=filters["page"], per_page=per_page, **chosen)
    result = present_risk_page(db.session, points, count_risk_points(db.session, **chosen), filters["page"], per_page)
    counts = {unit_id: by_level for unit_id, by_level in level_counts(db.session).items() if unit_id in units}
    return render_template("pages/risks.html", points=result, filters=filters, problems=problems,
                           units=list(units.values()), counts=counts, heat=heat_steps(counts), levels=LEVEL_LABELS,
                           totals={level: sum(c.get(level, 0) for c in counts.values()) for level in LEVEL_LABELS},
                           criteria=LEVEL_CRITERIA, risk_types=RISK_TYPE_LABELS,
                           may_open_round=bool(startable_unit_ids(g.user)),
                           # the public notice lists filed points only (「004 十」第八步, then 公示)
                           filed_in_unit=(filters["unit_id"] is not None
                                          and has_filed_points(db.session, filters["unit_id"])),
                           overdue_count=count_overdue_measures(db.session, local_today(request_clock()),
                                                                unit_ids=readable),
                           # 「004 六」: points flagged by a change of power or post, until the unit answers
                           reidentifications=present_reidentifications(
                               db.session, open_requests(db.session, unit_ids), editable_unit_ids(g.user)))


@page
def confirm_reidentification(reidentification_id: int):
    """Close a re-identification request as "no change needed", with the editors' reason (「004 六」: the points
    were looked at again after the change of power or post and still hold). A refusal answers 422 on the register
    page with its message, nothing written; a reader gets 403 and a stranger 404 (the package's access rules)."""
    try:
        request_ = confirm_unchanged(db.session, request_clock(), g.actor, reidentification_id,
                                     request.form.get("reason"))
    except FormInvalid as problem:
        db.session.rollback()
        flash(engine_text(problem.message_zh), "danger")
        # the register's own view, inside this request's guard and transaction (not a second one)
        return risk_register.__wrapped__(), 422
    flash(_("已确认无需调整,重新查找已办结。"), "success")
    return redirect(url_for("pages.risk_register", unit_id=request_.unit_id))


@page
def overdue_risk_measures():
    """防控措施逾期未考核: the measures past their check date in the units the user reads, worst first
    (「004 十」第二步: a measure's execution can be checked; issue 12 §2 views)."""
    readable = readable_unit_ids(db.session, g.user)
    units = _readable_units()
    raw = request.args.get("unit_id", "")
    problems = []
    unit_ids = readable
    if raw:
        if raw.isdigit() and int(raw) in units:
            unit_ids = frozenset({int(raw)})
        else:
            problems.append(_("单位不在可查看范围内,已忽略"))
    today = local_today(request_clock())
    rows = present_overdue(db.session, overdue_measures(db.session, today, unit_ids=unit_ids))
    per_unit: dict[str, int] = {}
    for row in rows:
        per_unit[row["unit_name"]] = per_unit.get(row["unit_name"], 0) + 1
    return render_template("pages/risk_overdue.html", rows=rows, per_unit=per_unit, units=list(units.values()),
                           chosen=unit_ids if raw and not problems else None, problems=problems, today=today,
                           levels=LEVEL_LABELS)


def _round_years(today: dt.date) -> list[int]:
    # the years start_identification accepts: last year's late round, this year's, next year's early one
    return [today.year - 1, today.year, today.year + 1]


def _render_round_form(units: list[Unit], values: dict, errors: dict, message: str | None, status: int = 200):
    today = local_today(request_clock())
    deadlines = [(DUE_RULE_LABELS[rule], today + dt.timedelta(days=days)) for rule, days in DUE_DAYS.items()]
    return render_template("pages/risk_round_new.html", units=units, years=_round_years(today), values=values,
                           errors=errors, message=message, deadlines=deadlines), status


@page
def open_risk_round():
    """Open a unit's identification round from the browser (「004 十」第一步: the unit's principal leader or
    its leading group). Only the units the user may open are offered; a refusal is shown on the form (422)
    and nothing is written; success lands on the round's first step, 确定对象."""
    allowed = startable_unit_ids(g.user)
    if not allowed:
        raise NotPermitted(NOT_A_STARTER)
    units = list(db.session.execute(select(Unit).where(Unit.id.in_(allowed)).order_by(Unit.path)).scalars())
    today = local_today(request_clock())
    if request.method == "GET":
        return _render_round_form(units, {"unit_id": str(units[0].id), "year": str(today.year)}, {}, None)
    values = {"unit_id": request.form.get("unit_id", ""), "year": request.form.get("year", "")}
    errors: dict[str, list[str]] = {}
    unit_id = int(values["unit_id"]) if values["unit_id"].isdigit() else None
    if unit_id not in allowed:
        # a unit not offered: someone else's, or a forged form (the API answers the same rule 403)
        errors["unit_id"] = [engine_text(NOT_A_STARTER)]
    year = int(values["year"]) if values["year"].isdigit() else None
    if year not in _round_years(today):
        errors["year"] = [_("年度应在%(low)s至%(high)s之间", low=today.year - 1, high=today.year + 1)]
    if errors:
        return _render_round_form(units, values, errors, _("启动信息有误,未启动"), 422)
    try:
        round_ = start_identification(db.session, request_clock(), g.actor, unit_id, year)
    except FormInvalid as problem:
        db.session.rollback()
        return _render_round_form(units, values, engine_problems(problem.details), engine_text(problem.message_zh),
                                  422)
    first = db.session.execute(select(HumanTask).where(
        HumanTask.subject_type == SUBJECT_TYPE, HumanTask.subject_id == round_.id,
        HumanTask.status == TaskStatus.OPEN).order_by(HumanTask.id)).scalars().first()
    unit_name = next(u.name for u in units if u.id == unit_id)
    if first is not None and is_candidate(g.user, first):
        flash(_("已启动%(unit)s%(year)s年度廉政风险点查找。请办理第一步“确定对象”:选定本轮查找的人员和重点岗位,"
                "%(due)s前完成;提交后每人收到第二步“自查自找”的待办。",
                unit=unit_name, year=year, due=first.due_date), "success")
        return redirect(url_for("pages.show_task", task_id=first.id))
    flash(_("已启动%(unit)s%(year)s年度廉政风险点查找,第一步“确定对象”已送达本单位主要领导或领导小组的待办。",
            unit=unit_name, year=year), "success")
    return redirect(url_for("pages.risk_register", unit_id=unit_id))
