"""The task page: case summary, diagram, the step's form, opinion, attachments, draft, submit; claim/release."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

import engine
from engine.clock import local_today
from engine.data_forms import describe_task_form
from engine.errors import ConcurrencyConflict
from engine.errors import EngineError
from engine.errors import FormInvalid
from engine.errors import RuleViolation
from engine.errors import TaskAlreadyCompleted
from engine.models import Cadre
from engine.models import Case
from engine.models import HumanTask
from engine.models import TaskComment
from engine.models import Unit
from engine.models import User
from engine.operations.attachments import ACCEPTED_LABEL
from engine.operations.attachments import MAX_ATTACHMENT_BYTES
from engine.operations.attachments import add_attachment
from engine.operations.attachments import attachments_of
from engine.operations.drafts import draft_of
from engine.operations.drafts import save_draft
from engine.permissions import can_read_case
from engine.permissions import load_task_for
from engine.permissions import task_actions
from engine.queries import task_diagram
from engine.supervision_queries import supervision_notes
from processes.measures.execution import lead_talker_candidates
from processes.measures.execution import talker_candidates
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import is_fresh
from webui.pages.auth import needs_fresh_login
from webui.pages.auth import page
from webui.pages.auth import reauth_redirect
from webui.pages.form_pickers import file_choices
from webui.pages.form_pickers import person_choices
from webui.pages.form_pickers import unit_choices
from webui.pages.inputs import CONTROL_FIELDS
from webui.pages.inputs import OPINION_FIELD
from webui.pages.inputs import form_payload
from webui.pages.inputs import typed_values
from webui.pages.supervision import NOTE_KINDS
from webui.presenters import Lookup
from webui.presenters import present_task_detail
from webui.uow import record_refusal
from webui.uow import request_clock

#: form fields whose value is a person or a cadre, rendered as a picker instead of a number box
CADRE_FIELDS = frozenset({"subject_cadre_id"})
PEOPLE_FIELDS = frozenset({"lead_talker_id", "co_talker_ids", "talker_ids"})


def data_form_choices(kind: str, task: HumanTask) -> list[tuple[int, str]]:
    """What a data form's reference field offers: people, units, cadres, or this step's attachments."""
    if kind == "person":
        return person_choices()
    if kind == "unit":
        return unit_choices()
    if kind == "cadre":
        return cadre_choices()
    return file_choices(task)


def _lookup() -> Lookup:
    return Lookup(db.session, local_today(request_clock()))


def cadre_choices() -> list[tuple[int, str]]:
    """Every cadre, as (id, "姓名(单位职务)")."""
    # The whole roster: a clue may concern any cadre; screening routes it by management authority (第十四条).
    units = {u.id: u.name for u in db.session.execute(select(Unit)).scalars()}
    cadres = db.session.execute(select(Cadre).order_by(Cadre.unit_id, Cadre.id)).scalars()
    return [(c.id, f"{c.name}({units.get(c.unit_id, '')}{c.position_title})") for c in cadres]


def talker_choices(case: Case, *, lead: bool = False) -> list[tuple[int, str]]:
    """The people the engine lets talk in this case (第二十条、第二十二条), or lead it, named with their unit.

    Never the subject, nor anyone the form would refuse (a designer, an auditor, another town's staff).
    """
    eligible = lead_talker_candidates(db.session, case) if lead else talker_candidates(db.session, case)[0]
    rows = db.session.execute(select(User.id, User.display_name, Unit.name).join(Unit, Unit.id == User.unit_id)
                              .where(User.id.in_(eligible)).order_by(User.unit_id, User.id)).all()
    return [(user_id, f"{name}({unit})") for user_id, name, unit in rows]


@dataclass(frozen=True)
class _Note:
    comment: TaskComment
    author: str


def _notes_on(task: HumanTask) -> list[_Note]:
    """The supervisor's reminders, reassignments and comments on this step: its performer must see them."""
    comments = supervision_notes(db.session, task.id)
    authors = dict(db.session.execute(select(User.id, User.display_name)
                                      .where(User.id.in_({c.author_id for c in comments}))).all())
    return [_Note(c, authors.get(c.author_id, "")) for c in comments]


def _render(task: HumanTask, *, values: dict | None = None, errors: dict | None = None, message: str | None = None,
            status: int = 200):
    lookup = _lookup()
    detail = present_task_detail(lookup, task, task_actions(g.user, task))
    description = describe_task_form(db.session, task)
    draft = draft_of(db.session, task, g.user.id)
    if values is None:
        values = dict(draft.data) if draft is not None else {}
    case = db.session.get(Case, task.case_id) if task.case_id else None
    definition, done = task_diagram(db.session, g.user, task.id)
    pickers = {}
    for field in description.fields:
        if field.name in CADRE_FIELDS:
            pickers[field.name] = cadre_choices()
        elif field.name in PEOPLE_FIELDS and case is not None:
            pickers[field.name] = talker_choices(case, lead=field.name == "lead_talker_id")
        elif field.kind in ("person", "unit", "cadre", "file"):
            pickers[field.name] = data_form_choices(field.kind, task)
    return render_template(
        "pages/task.html", task=detail, task_row=task, form=description, values=values, errors=errors or {},
        message=message, draft=draft, pickers=pickers, case_row=case,
        case_readable=case is not None and can_read_case(db.session, g.user, case),
        attachments=attachments_of(db.session, task.subject_type, task.subject_id) if task.subject_type else [],
        diagram={"definition": definition, "active": [task.bpmn_id] if task.status == "open" else [], "done": done},
        needs_fresh=needs_fresh_login(task) and not is_fresh(), max_upload_mb=MAX_ATTACHMENT_BYTES // (1024 * 1024),
        accepted=ACCEPTED_LABEL, notes=_notes_on(task), note_kinds=NOTE_KINDS,
    ), status


@page
def show_task(task_id: int):
    """Show a task the user may see (404 otherwise, SECURITY.md 24)."""
    task = load_task_for(db.session, g.user, task_id)
    return _render(task)


@page
def task_diagram_xml(task_id: int):
    """Serve the BPMN of the task's process, for the diagram viewer."""
    definition, _ = task_diagram(db.session, g.user, task_id)
    return Response(definition.xml, mimetype="application/xml")


@page
def claim(task_id: int):
    """Take a group task into my inbox."""
    engine.claim_task(db.session, request_clock(), g.actor, task_id)
    flash("已签收,该事项已进入“我的待办”", "success")
    return redirect(url_for("pages.show_task", task_id=task_id))


@page
def unclaim(task_id: int):
    """Give a claimed task back to my roles' queue."""
    engine.unclaim_task(db.session, request_clock(), g.actor, task_id)
    flash("已退回组内待办", "info")
    return redirect(url_for("pages.inbox", tab="groups"))


def _someone_else_got_there(task_id: int, problem: EngineError):
    db.session.rollback()
    flash(f"{problem.message_zh}。以下为案件当前情况。", "warning")
    task = db.session.get(HumanTask, task_id)
    if task is not None and task.case_id and can_read_case(db.session, g.user, db.session.get(Case, task.case_id)):
        return redirect(url_for("pages.show_case", case_id=task.case_id))
    return redirect(url_for("pages.show_task", task_id=task_id))


@page
def submit(task_id: int):
    """Save a draft, or submit the step's form: the workflow moves on in the same transaction."""
    task = load_task_for(db.session, g.user, task_id)
    description = describe_task_form(db.session, task)
    opinion = request.form.get(OPINION_FIELD, "").strip()
    if not opinion and any(f.name == "opinion" for f in description.fields):
        # the step's own form asks for the opinion (审批意见): it is the step's opinion too
        opinion = request.form.get("opinion", "").strip()
    if request.form.get("action") == "draft":
        typed = {k: v for k, v in request.form.items() if k not in CONTROL_FIELDS}
        for field in description.fields:
            if field.kind in ("multichoice", "int_list"):
                typed[field.name] = ",".join(request.form.getlist(field.name))
        save_draft(db.session, request_clock(), g.actor, task_id, typed)
        flash("已暂存,尚未提交", "info")
        return redirect(url_for("pages.show_task", task_id=task_id))
    if needs_fresh_login(task) and not is_fresh():
        flash("审批、决定类事项提交前需再次验证密码", "warning")
        return reauth_redirect(url_for("pages.show_task", task_id=task_id))
    try:
        completion = engine.complete_task(db.session, request_clock(), g.actor, task_id,
                                          form_payload(description.fields), opinion)
    except (FormInvalid, RuleViolation) as problem:
        db.session.rollback()
        if isinstance(problem, RuleViolation):
            record_refusal(problem)
        typed = {**typed_values(description.fields), OPINION_FIELD: request.form.get(OPINION_FIELD, "")}
        errors = problem.details if isinstance(problem.details, dict) else {}
        task = load_task_for(db.session, g.user, task_id)
        return _render(task, values=typed, errors=errors, message=problem.message_zh, status=422)
    except (TaskAlreadyCompleted, ConcurrencyConflict) as problem:
        return _someone_else_got_there(task_id, problem)
    numbers = "、".join(f"{d.title}({d.number})" for d in completion.documents)
    flash(f"「{completion.task.name}」已办理" + (f",生成文书:{numbers}" if numbers else ""), "success")
    if completion.incident is not None:
        # Recorded all the same: the process waits at the failing element and supervisors have been told.
        flash(_("您的办理已记录。流程在后续环节出现故障而暂停:%(reason)s督办人员已收到故障通知,处理后流程将继续。",
                reason=engine_text(completion.incident.message)), "warning")
    if completion.subject is not None and can_read_case(db.session, g.user, completion.subject):
        return redirect(url_for("pages.show_case", case_id=completion.subject.id))
    return redirect(url_for("pages.inbox"))


@page
def upload_attachment(task_id: int):
    """File a scanned reply, photo or PDF with the case at this step."""
    upload = request.files.get("file")
    # No file is the engine's "请选择要上传的文件", after it has checked the task is the user's to see (404).
    filename, content = (upload.filename, upload.stream.read(MAX_ATTACHMENT_BYTES + 1)) if upload else ("", b"")
    row = add_attachment(db.session, request_clock(), g.actor, task_id, filename or "", content,
                         request.form.get("remark", ""))
    flash(f"已上传附件「{row.filename}」", "success")
    return redirect(url_for("pages.show_task", task_id=task_id) + "#attachments")
