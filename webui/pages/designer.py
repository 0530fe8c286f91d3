"""The process designer's workspace: deployed processes and their versions, drafts edited in bpmn-js's modeler
with our own properties panel, the regulations' conformance checks, and four-eyes publication. Comparing versions
and moving running cases onto another version live in webui/pages/design_versions.py."""
from __future__ import annotations

from flask import flash
from flask import g
from flask import jsonify
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

import forms
from engine.bpmn.decisions import table_in
from engine.errors import ConcurrencyConflict
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import User
from engine.models.definitions import DefinitionKind
from engine.models.designs import DESIGN_STATUS_LABELS
from engine.models.designs import DesignStatus
from engine.operations import decision_drafts
from engine.operations import design_checks
from engine.operations import designs
from engine.operations import instance_migration
from engine.registry import REGISTRY
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import is_fresh
from webui.pages.auth import page
from webui.pages.auth import reauth_redirect
from webui.pages.design_changes import change_rows
from webui.pages.dmn_styles import decision_editor_csp
from webui.pages.dmn_styles import new_style_nonce
from webui.pages.downloads import xml_download
from webui.pages.form_review import data_form_vocabulary
from webui.pages.form_review import form_editor_data
from webui.pages.form_review import form_review
from webui.pages.inputs import row_id
from webui.uow import end_read_transaction
from webui.uow import request_clock

FRESH_MESSAGE = _l("发布流程前需再次验证密码,请确认后重新点击“复核通过并发布”")


def designer_only() -> None:
    """Refuse anyone who is not a process designer (403)."""
    if not designs.is_designer(g.user):
        raise NotPermitted(_("只有流程设计人员可以使用流程设计"), code="not_designer")


def _names(user_ids) -> dict[int, str]:
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    return {u.id: u.display_name for u in db.session.execute(select(User).where(User.id.in_(ids))).scalars()}


@page
def designer_home():
    """List the deployed processes, the drafts and the publications waiting for a second designer."""
    designer_only()
    processes = designs.deployed_processes(db.session)
    drafts = designs.list_drafts(db.session)
    names = _names([d.author_id for d in drafts] + [d.reviewer_id for d in drafts])
    base_versions = {p.latest.id: p.latest.version for p in processes}
    bases = {d.id: designs.get_definition(db.session, d.base_definition_id).version
             for d in drafts if d.base_definition_id}
    return render_template(
        "pages/designer_home.html", processes=processes, drafts=drafts, names=names, bases=bases,
        base_versions=base_versions, labels=DESIGN_STATUS_LABELS,
        waiting=[d for d in drafts if d.status == DesignStatus.SUBMITTED],
        checks={d.id: designs.stored_problems(d) for d in drafts},
    )


@page
def new_design_draft():
    """Confirm (GET) and create (POST) a draft from a deployed version; GET changes nothing (SECURITY.md 20)."""
    designer_only()
    source = row_id(request.values.get("from"))
    if source is None:
        raise FormInvalid(_("请选择作为草稿基础的流程版本"))
    definition = designs.get_definition(db.session, source)
    if request.method == "GET":
        return render_template("pages/designer_new.html", definition=definition)
    draft = designs.create_draft(db.session, request_clock(), g.actor, definition.id)
    flash(_("已基于“%(name)s”第%(version)s版新建草稿", name=definition.name, version=definition.version), "success")
    return redirect(url_for("pages.design_draft", draft_id=draft.id))


@page
def new_decision_draft():
    """Create a new decision table draft from a one-rule starter (POST: key and name)."""
    return _new_draft(decision_drafts.create_decision_draft, _("已新建决策表草稿“%(name)s”"))


@page
def new_process_draft():
    """Create a new process draft from a diagram with only its start event (POST: key and name)."""
    return _new_draft(decision_drafts.create_process_draft, _("已新建流程草稿“%(name)s”,请在下方流程图中设计"))


def _new_draft(create, done: str):
    designer_only()
    try:
        draft = create(db.session, request_clock(), g.actor, request.form.get("key", ""), request.form.get("name", ""))
    except FormInvalid as problem:
        db.session.rollback()
        details = problem.details if isinstance(problem.details, dict) else {}
        reasons = ";".join(engine_text(m) for ms in details.values() for m in ms)
        flash(engine_text(problem.message_zh) + ":" + reasons, "danger")
        return redirect(url_for("pages.designer_home"))
    flash(done % {"name": draft.name}, "success")
    return redirect(url_for("pages.design_draft", draft_id=draft.id))


def _vocabulary() -> dict:
    """What the properties panel offers: the registered regulations' words with their Chinese labels."""
    return {
        "roles": [[k, v] for k, v in REGISTRY.roles().items()],
        "scopes": [[k, v] for k, v in REGISTRY.scopes().items()],
        "stages": [[k, v] for k, v in REGISTRY.stage_labels().items()],
        "dueRules": [[k, v] for k, v in REGISTRY.due_rules().items()],
        "forms": [[key, forms.describe(key).title_zh] for key in sorted(REGISTRY.form_keys())],
        # in the reader's language (webui/engine_text.py lists every registered effect's label)
        "effects": [[name, engine_text(spec.label_zh, patterns=False) or spec.summary]
                    for name, spec in sorted(REGISTRY.effects().items())],
        "processes": [[p.key, p.name] for p in designs.deployed_processes(db.session)
                      if p.latest.kind == DefinitionKind.PROCESS],
        "decisions": [[p.key, p.name] for p in designs.deployed_processes(db.session)
                      if p.latest.kind == DefinitionKind.DECISION],
    }


@page
def design_draft(draft_id: int):
    """Open a draft: the modeler for its author while editable, otherwise the read-only review page."""
    draft = designs.get_draft(db.session, g.actor, draft_id)
    base = designs.get_definition(db.session, draft.base_definition_id) if draft.base_definition_id else None
    names = _names([draft.author_id, draft.reviewer_id])
    decision = table_in(draft.xml)
    common = {"draft": draft, "base": base, "names": names, "labels": DESIGN_STATUS_LABELS, "decision": decision}
    if draft.author_id == g.user.id and draft.status in designs.EDITABLE:
        if designs.is_decision_draft(draft):
            style_nonce = new_style_nonce()
            response = make_response(render_template("pages/designer_decision.html", style_nonce=style_nonce,
                                                      stored=designs.stored_problems(draft), **common))
            response.headers["Content-Security-Policy"] = decision_editor_csp(style_nonce)
            return response
        vocabulary = _vocabulary()
        vocabulary["forms"] += data_form_vocabulary(draft)
        stored = designs.stored_problems(draft)
        warnings = (draft.check_result or {}).get("warnings") or [] if stored is not None else []
        return render_template("pages/designer_modeler.html", vocabulary=vocabulary, stored=stored,
                               stored_warnings=warnings, form_editor=form_editor_data(draft), **common)
    published = (designs.get_definition(db.session, draft.published_definition_id)
                 if draft.published_definition_id else None)
    # The last check of this very XML, kept with the draft: reading a draft never runs the check (issue 11 §5).
    problems = None if draft.status == DesignStatus.PUBLISHED else designs.stored_problems(draft)
    return render_template("pages/designer_review.html", problems=problems, published=published,
                           changes=change_rows(designs.changes_from_base(db.session, draft)), fresh=is_fresh(),
                           data_forms=form_review(db.session, draft), **common)


#: a body that is not JSON at all is a bad request (400); JSON without the XML is unprocessable (422)
MALFORMED_JSON = "malformed_json"


def _json_error(problem, status: int | None = None):
    details = problem.details if isinstance(problem.details, list) else []
    response = jsonify({"ok": False, "message": problem.message_zh, "problems": details})
    response.status_code = status or (400 if problem.code == MALFORMED_JSON else problem.status)
    return response


def _posted_xml() -> str:
    body = request.get_json(silent=True)
    if body is None and request.get_data(cache=True).strip():
        # Unparsable (or nested past the parser's stack, issue 14 §3.13): bad input, 400.
        raise FormInvalid(_("请求体不是有效的JSON"), code=MALFORMED_JSON)
    if not isinstance(body, dict) or not isinstance(body.get("xml"), str):
        raise FormInvalid(_("请求须为JSON,并包含流程图XML(xml)"))
    return body["xml"]


@page
def save_design_draft(draft_id: int):
    """Store the modeler's XML (JSON in, JSON out; the script sends the CSRF token in X-CSRFToken)."""
    designer_only()  # before reading the body: a stranger learns nothing from a 422
    try:
        draft = designs.save_draft(db.session, request_clock(), g.actor, draft_id, _posted_xml())
    except (DefinitionRejected, ConcurrencyConflict, FormInvalid) as problem:
        db.session.rollback()
        return _json_error(problem)
    return jsonify({"ok": True, "message": _("已保存"), "status": draft.status,
                    "status_label": DESIGN_STATUS_LABELS[DesignStatus(draft.status)]})


@page
def check_design_draft(draft_id: int):
    """Save the posted XML (if any, and if the author may), then run every check and return the problems."""
    draft = designs.get_draft(db.session, g.actor, draft_id)
    try:
        if request.is_json:
            designs.save_draft(db.session, request_clock(), g.actor, draft.id, _posted_xml())
        prepared = design_checks.prepare_check(db.session, g.actor, draft.id)
        # The save and the reads commit here: no transaction (on SQLite, no write lock) while the check runs.
        end_read_transaction()
        problems = design_checks.run_check(prepared)
        design_checks.record_check(db.session, request_clock(), g.actor, prepared, problems)
    except (DefinitionRejected, ConcurrencyConflict, FormInvalid) as problem:
        db.session.rollback()
        return _json_error(problem)
    return jsonify({"ok": not problems, "message": _("检查通过,可以提交发布") if not problems
                    else _("发现%(n)s处问题", n=len(problems)), "problems": [p.to_dict() for p in problems],
                    "warnings": (draft.check_result or {}).get("warnings") or []})


@page
def submit_design_draft(draft_id: int):
    """Submit a checked draft for publication by another designer."""
    try:
        designs.submit_for_publication(db.session, request_clock(), g.actor, draft_id)
    except (DefinitionRejected, ConcurrencyConflict) as problem:
        db.session.rollback()
        flash(engine_text(problem.message_zh), "danger")
        return redirect(url_for("pages.design_draft", draft_id=draft_id))
    flash(_("已提交发布,等待另一名流程设计人员复核"), "success")
    return redirect(url_for("pages.design_draft", draft_id=draft_id))


@page
def approve_design_draft(draft_id: int):
    """Publish a submitted draft as the next version (another designer, fresh password, checks re-run)."""
    draft = designs.get_draft(db.session, g.actor, draft_id)
    if not is_fresh():
        flash(FRESH_MESSAGE, "warning")
        return reauth_redirect(url_for("pages.design_draft", draft_id=draft.id))
    try:
        definition = designs.approve_publication(db.session, request_clock(), g.actor, draft.id)
    except (DefinitionRejected, ConcurrencyConflict) as problem:
        db.session.rollback()
        flash(engine_text(problem.message_zh), "danger")
        return redirect(url_for("pages.design_draft", draft_id=draft_id))
    flash(_("已发布“%(name)s”第%(version)s版;此后登记的案件使用新版本,办理中的案件仍按原版本运行,可在“迁移”页将其迁移到新版本",
            name=definition.name, version=definition.version), "success")
    return redirect(url_for("pages.design_process", key=definition.key, version=definition.version))


@page
def reject_design_draft(draft_id: int):
    """Send a submitted draft back to its author with a reason."""
    try:
        designs.reject_publication(db.session, request_clock(), g.actor, draft_id, request.form.get("reason", ""))
    except (FormInvalid, ConcurrencyConflict) as problem:
        db.session.rollback()
        flash(engine_text(problem.message_zh), "danger")
        return redirect(url_for("pages.design_draft", draft_id=draft_id))
    flash(_("已退回编写人修改"), "info")
    return redirect(url_for("pages.designer_home"))


@page
def design_draft_xml(draft_id: int):
    """Serve a draft's XML to the modeler or viewer."""
    draft = designs.get_draft(db.session, g.actor, draft_id)
    return xml_download(draft.xml, f"draft-{draft.id}.bpmn")


@page
def design_process(key: str):
    """List the deployed versions of one process and show one of them read-only."""
    designer_only()
    versions = designs.process_versions(db.session, key)
    wanted = request.args.get("version", "")
    shown = next((v for v in versions if str(v.version) == wanted), versions[0])
    drafts = [d for d in designs.list_drafts(db.session) if d.key == key]
    return render_template("pages/designer_process.html", versions=versions, shown=shown, key=key,
                           decision=table_in(shown.xml),
                           names=_names([v.deployed_by_id for v in versions] + [d.author_id for d in drafts]),
                           drafts=drafts, labels=DESIGN_STATUS_LABELS, compare=_compare_pair(versions, shown),
                           running=instance_migration.instances_per_version(db.session, key))


def _compare_pair(versions, shown) -> tuple[int, int]:
    """The versions the compare form offers first: the shown one against its predecessor (or the newest)."""
    if shown.version > 1:
        return shown.version - 1, shown.version
    return shown.version, versions[0].version


@page
def design_definition_xml(definition_id: int):
    """Serve the XML of a deployed version to the viewer."""
    designer_only()
    definition = designs.get_definition(db.session, definition_id)
    return xml_download(definition.xml, f"{definition.key}-v{definition.version}.bpmn")
