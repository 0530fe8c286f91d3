"""发起事项: the processes the user's roles may start, their start forms, and starting one (issue 11 §3)."""
from __future__ import annotations

from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

import engine
import forms
from engine.data_forms import start_data_forms
from engine.errors import FormInvalid
from engine.models import ProcessDefinition
from engine.models import Unit
from engine.operations.instances import StartableProcess
from engine.operations.instances import startable_processes
from engine.permissions import is_candidate
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.inputs import form_payload
from webui.pages.inputs import typed_values
from webui.uow import request_clock


def _units_for(process: StartableProcess) -> list[Unit]:
    """The units where the user holds a role that may start the process (the first is the default)."""
    ids = {r.unit_id for r in g.user.roles if r.role in process.roles}
    return list(db.session.execute(select(Unit).where(Unit.id.in_(ids)).order_by(Unit.path)).scalars())


def _chosen(processes: list[StartableProcess], key: str | None) -> StartableProcess | None:
    if not key:
        return None
    found = next((p for p in processes if p.key == key), None)
    if found is None:
        # Not published, or not the user's to start: the page does not tell which (the API does).
        abort(404)
    return found


def _start_form(chosen: StartableProcess | None) -> forms.FormDescription | None:
    """Describe the start form: a registered one, or one the designer published with this version."""
    if chosen is None or not chosen.form_key:
        return None
    definition = db.session.get(ProcessDefinition, chosen.definition_id)
    return forms.describe(chosen.form_key, start_data_forms(db.session, definition, chosen.form_key))


def _render(processes, chosen, values=None, errors=None, message=None, status=200):
    form = _start_form(chosen)
    return render_template("pages/start.html", processes=processes, chosen=chosen, form=form,
                           units=_units_for(chosen) if chosen else [], values=values or {}, errors=errors or {},
                           message=message), status


@page
def start_process():
    """List what the user may start; show a start form (``?process=key``); start it (POST)."""
    processes = startable_processes(db.session, g.user)
    if request.method == "GET":
        chosen = _chosen(processes, request.args.get("process"))
        units = _units_for(chosen) if chosen else []
        return _render(processes, chosen, {"unit_id": str(units[0].id)} if units else {})
    chosen = _chosen(processes, request.form.get("process") or "-")
    description = _start_form(chosen)
    unit_text = request.form.get("unit_id", "")
    unit_id = int(unit_text) if unit_text.isdigit() else None
    payload = form_payload(description.fields) if description else {}
    try:
        started = engine.start_process(db.session, request_clock(), g.actor, chosen.key, payload, unit_id=unit_id)
    except FormInvalid as problem:
        db.session.rollback()
        errors = problem.details if isinstance(problem.details, dict) else {}
        values = {**(typed_values(description.fields) if description else {}), "unit_id": unit_text}
        return _render(processes, chosen, values, errors, engine_text(problem.message_zh), 422)
    if started.incident is not None:
        # Started and recorded, but held at the element that failed; the supervisors were told (issue 11 §5).
        flash(_("已发起“%(name)s”,但流程在运行中出现故障而暂停:%(reason)s督办人员已收到故障通知,处理后流程将继续。",
                name=chosen.name, reason=engine_text(started.incident.message)), "warning")
        return redirect(url_for("pages.inbox"))
    mine = [t for t in started.new_tasks if is_candidate(g.user, t)]
    if mine:
        flash(_("已发起“%(name)s”,请办理第一个环节:%(step)s", name=chosen.name, step=mine[0].name), "success")
        return redirect(url_for("pages.show_task", task_id=mine[0].id))
    flash(_("已发起“%(name)s”,后续环节已送达相关人员的待办", name=chosen.name), "success")
    return redirect(url_for("pages.inbox"))
