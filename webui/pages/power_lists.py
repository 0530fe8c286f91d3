"""权力清单 /risks/powers: a unit's power items with their risk points count, the list's Excel export, the import
template and the all-or-nothing import (issue 12 §1; 「000 第二篇 二」 制定职权目录; DOMAIN.md §5).

Who reads and who imports are the register's rules (processes/risk_points/access.py): a unit whose register the
user may not read is answered 404; importing into one they read but may not change, 403. The rows' rules and
the matching on 编码 live in processes/risk_points/power_list.py.
"""
from __future__ import annotations

from flask import Response
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.models import Unit
from engine.spreadsheets import MAX_SHEET_BYTES
from processes.risk_points.access import check_editable
from processes.risk_points.access import check_readable
from processes.risk_points.access import editable_unit_ids
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.power_list import MAJOR_LABEL
from processes.risk_points.power_list import MAX_POWER_ROWS
from processes.risk_points.power_list import ORDINARY_LABEL
from processes.risk_points.power_list import export_power_list
from processes.risk_points.power_list import import_power_list
from processes.risk_points.power_list import list_power_items
from processes.risk_points.power_list import power_list_template
from webui.engine_text import engine_problems
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.document_downloads import attachment_disposition
from webui.uow import request_clock

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _readable_units() -> list[Unit]:
    readable = readable_unit_ids(db.session, g.user)
    query = select(Unit).order_by(Unit.path)
    if readable is not None:
        query = query.where(Unit.id.in_(readable))
    return list(db.session.execute(query).scalars())


def _unit(raw: str | None, units: list[Unit]) -> Unit:
    """The unit asked for (404 when it is not one the user reads), else the user's own first unit."""
    if raw:
        unit = db.session.get(Unit, int(raw)) if raw.isdigit() and len(raw) < 10 else None
        if unit is None:
            raise NotFound("单位不存在")
        check_readable(db.session, g.user, unit.id)
        return unit
    own = {r.unit_id for r in g.user.roles}
    editable = editable_unit_ids(g.user)
    # an editor lands on the list they keep, anyone else on their own unit's
    for wanted in (editable, own):
        for unit in units:
            if unit.id in wanted:
                return unit
    if not units:
        raise NotFound("单位不存在")
    return units[0]


def _render(unit: Unit, units: list[Unit], *, errors: dict | None = None, message: str | None = None,
            reason: str = "", status: int = 200):
    items = list_power_items(db.session, unit.id)
    return render_template(
        "pages/power_list.html", unit=unit, units=units, items=items,
        may_import=unit.id in editable_unit_ids(g.user), errors=errors or {}, message=message, reason=reason,
        major_count=sum(1 for item, _n in items if item.major), max_rows=MAX_POWER_ROWS,
        max_mb=MAX_SHEET_BYTES // (1024 * 1024), kinds=(MAJOR_LABEL, ORDINARY_LABEL)), status


@page
def power_list():
    """List a unit's power items, major or ordinary, with how many risk points name each."""
    units = _readable_units()
    return _render(_unit(request.args.get("unit_id"), units), units)


@page
def import_power_list_page():
    """Import a unit's power list from an .xlsx: every row checked; one bad row and nothing is written."""
    units = _readable_units()
    unit = _unit(request.form.get("unit_id") or "0", units)
    check_editable(db.session, g.user, unit.id)  # 403 before the file is read
    reason = request.form.get("reason", "")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render(unit, units, errors={_("文件"): [_("请选择要导入的 Excel(.xlsx)文件")]},
                       message=_("未选择文件"), reason=reason, status=422)
    data = upload.stream.read(MAX_SHEET_BYTES + 1)
    try:
        result = import_power_list(db.session, request_clock(), g.actor, unit.id, data, reason)
    except FormInvalid as problem:
        db.session.rollback()
        return _render(unit, units, errors=engine_problems(problem.details), message=engine_text(problem.message_zh),
                       reason=reason, status=422)
    flash(_("权力清单导入完成:新增%(created)s项,更新%(updated)s项,未变%(unchanged)s项", created=result.created,
            updated=result.updated, unchanged=result.unchanged), "success")
    return redirect(url_for("pages.power_list", unit_id=unit.id))


@page
def export_power_list_xlsx():
    """Download a unit's power list as .xlsx (the import's columns: re-importing it changes nothing)."""
    unit = _unit(request.args.get("unit_id") or "0", _readable_units())
    filename, content = export_power_list(db.session, g.user, unit.id)
    return Response(content, mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": attachment_disposition(filename), "Cache-Control": "no-store"})


@page
def power_list_template_xlsx():
    """Download the power list import template (its example row obeys the rules; the import refuses it as is)."""
    return Response(power_list_template(), mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": attachment_disposition("权力清单导入模板.xlsx")})
