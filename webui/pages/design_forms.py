"""The designer's form editor (issue 11 §4): save a draft's forms, and preview one form as the task page will
render it, with the page's own field macro and, when sample values are sent, the server's own Chinese errors."""
from __future__ import annotations

import json

from flask import g
from flask import jsonify
from flask import render_template
from flask import request
from flask_babel import gettext as _

import forms
from engine.clock import local_today
from engine.data_forms import forms_problems
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.operations import design_forms
from engine.operations import designs
from forms.data import compile_definition
from forms.data import definition_problems
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.designer import designer_only
from webui.pages.form_pickers import person_choices
from webui.pages.form_pickers import unit_choices
from webui.pages.form_review import data_form_vocabulary
from webui.pages.inputs import form_payload
from webui.pages.inputs import typed_values
from webui.pages.tasks import cadre_choices
from webui.uow import request_clock

#: the form field that carries the previewed definition (a field name may not start with "_", so never a clash)
DEFINITION_FIELD = "__definition"


@page
def save_design_forms(draft_id: int):
    """Store the draft's forms (JSON in, JSON out) and say what is wrong with them, every field at once."""
    designer_only()
    body = request.get_json(silent=True)
    try:
        if not isinstance(body, dict) or "forms" not in body:
            raise FormInvalid(_("请求须为JSON,并包含表单定义列表(forms)"))
        draft = design_forms.save_draft_forms(db.session, request_clock(), g.actor, draft_id, body["forms"])
    except (FormInvalid, ConcurrencyConflict, NotPermitted) as problem:
        db.session.rollback()
        response = jsonify({"ok": False, "message": problem.message_zh, "problems": []})
        response.status_code = problem.status
        return response
    problems = [p.to_dict() for p in forms_problems(draft.forms)]
    return jsonify({"ok": not problems, "problems": problems, "forms": data_form_vocabulary(draft),
                    "message": _("表单已保存") if not problems else _("表单已保存,但有%(n)s处问题", n=len(problems))})


@page
def preview_design_form(draft_id: int):
    """Render one form as a task page would; with sample values, validate them as a submission would."""
    draft = designs.get_draft(db.session, g.actor, draft_id)
    try:
        definition = json.loads(request.form.get(DEFINITION_FIELD, ""))
    except ValueError:
        definition = None
    taken = set(forms.REGISTRY) | {f.get("key") for f in draft.forms or () if isinstance(f, dict)
                                   and f.get("key") != (definition or {}).get("key")}
    problems = definition_problems(definition, taken_keys=taken)
    if problems:
        response = jsonify({"ok": False, "problems": [p.to_dict() for p in problems],
                            "message": _("表单定义有%(n)s处问题,改正后才能预览", n=len(problems))})
        response.status_code = 422
        return response
    schema = compile_definition(definition)
    description = forms.describe(definition["key"], {definition["key"]: schema})
    values, errors, message = {}, {}, None
    if request.form.get("action") == "try":
        values = typed_values(description.fields)
        try:
            forms.load(definition["key"], form_payload(description.fields),
                       forms.FormContext(today=local_today(request_clock())), {definition["key"]: schema})
            message = _("试填内容符合表单要求")
        except FormInvalid as invalid:
            errors = invalid.details if isinstance(invalid.details, dict) else {}
            message = invalid.message_zh
    # a people field is described as a list of ids (int_list): it offers the same persons as a person field
    pickers = {f.name: {"person": person_choices, "int_list": person_choices, "unit": unit_choices,
                        "cadre": cadre_choices}.get(f.kind, lambda: [])()
               for f in description.fields if f.kind in ("person", "int_list", "unit", "cadre", "file")}
    html = render_template("pages/_data_form_preview.html", form=description, values=values, errors=errors,
                           pickers=pickers, message=message, valid=bool(message) and not errors)
    return jsonify({"ok": True, "html": html, "problems": []})
