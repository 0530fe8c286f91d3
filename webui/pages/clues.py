"""Registering a clue from any source channel, with the transfer form for transferred clues (第十、十三条)."""
from __future__ import annotations

from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

import forms
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import Unit
from engine.vocabulary import Role
from processes import measures
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.inputs import form_payload
from webui.pages.inputs import typed_values
from webui.pages.tasks import clue_subject_choices
from webui.uow import request_clock

FORM_KEY = "clue_registration"


def _office_units() -> list[Unit]:
    ids = [r.unit_id for r in g.user.roles if r.role == Role.WARNING_OFFICE]
    if not ids:
        raise NotPermitted("只有预警办(纪委、纪检组)工作人员可以登记预警线索(第十条)")
    return list(db.session.execute(select(Unit).where(Unit.id.in_(ids)).order_by(Unit.path)).scalars())


def _render(values: dict, errors: dict | None = None, message: str | None = None, status: int = 200):
    return render_template("pages/clue_new.html", form=forms.describe(FORM_KEY), values=values,
                           errors=errors or {}, message=message, units=_office_units(),
                           pickers={"subject_cadre_id": clue_subject_choices()}), status


@page
def new_clue():
    """Show the registration form, or register the clue and open its case."""
    units = _office_units()
    if request.method == "GET":
        return _render({"receiving_unit_id": str(units[0].id)})
    description = forms.describe(FORM_KEY)
    unit_text = request.form.get("receiving_unit_id", "")
    unit_id = int(unit_text) if unit_text.isdigit() else units[0].id
    try:
        registered = measures.register_clue(db.session, request_clock(), g.actor, form_payload(description.fields),
                                            receiving_unit_id=unit_id)
    except FormInvalid as problem:
        db.session.rollback()
        errors = problem.details if isinstance(problem.details, dict) else {}
        return _render({**typed_values(description.fields), "receiving_unit_id": unit_text}, errors,
                       problem.message_zh, 422)
    flash(_("线索%(clue)s已登记,案件%(case)s已启动", clue=registered.clue.number, case=registered.case.number),
          "success")
    for warning in registered.warnings_zh:
        flash(engine_text(warning), "warning")
    return redirect(url_for("pages.show_case", case_id=registered.case.id))
