"""The task page: case summary, diagram, the step's form, opinion, attachments, draft, submit; claim/release."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response
from flask import flash
from flask import g
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement
from sqlalchemy import select

import engine
from engine.authentication import LoginRefused
from engine.authentication import LoginThrottled
from engine.authentication import confirm_password
from engine.clock import local_today
from engine.data_forms import acting_units
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
from engine.operations.tasks import Completion
from engine.permissions import cadres_of_units_filter
from engine.permissions import can_read_case
from engine.permissions import load_task_for
from engine.permissions import task_actions
from engine.queries import task_diagram
from engine.supervision_queries import supervision_notes
from forms.base import FieldDescription
from forms.base import FormDescription
from processes.measures.clues import nameable_cadre_filter
from processes.measures.execution import lead_talker_candidates
from processes.measures.execution import talker_candidates
from webui.engine_text import engine_text
from webui.extensions import db
from webui.extensions import wall_clock
from webui.pages.auth import is_fresh
from webui.pages.auth import mark_fresh
from webui.pages.auth import needs_fresh_login
from webui.pages.auth import page
from webui.pages.decision_basis import decision_basis
from webui.pages.form_pickers import file_choices
from webui.pages.form_pickers import person_choices
from webui.pages.form_pickers import unit_choices
from webui.pages.inputs import CONTROL_FIELDS
from webui.pages.inputs import OPINION_FIELD
from webui.pages.inputs import REAUTH_FIELD
from webui.pages.inputs import form_payload
from webui.pages.inputs import typed_values
from webui.pages.landing import next_step_for
from webui.pages.landing import what_comes_next
from webui.pages.supervision import NOTE_KINDS
from webui.presenters import Lookup
from webui.presenters import present_task_detail
from webui.uow import record_refusal
from webui.uow import request_clock

#: why a decision came back unsubmitted when the password was not given with it (SECURITY.md 21)
PASSWORD_NEEDED_ZH = ("审批、决定类事项提交前须再次验证密码(距上次验证已超过15分钟)。"
                      "本次尚未提交,您填写的内容已保留,请输入密码后重新提交。")

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
        # the cadres of the units the user does this step in, as the server checks (engine.data_forms)
        return cadre_choices(cadres_of_units_filter(db.session, acting_units(g.user, task)))
    return file_choices(task)


def _lookup() -> Lookup:
    return Lookup(db.session, local_today(request_clock()))


def cadre_choices(condition: ColumnElement[bool] | None = None) -> list[tuple[int, str]]:
    """The cadres ``condition`` selects (every cadre without one), as (id, "姓名(单位职务)")."""
    units = {u.id: u.name for u in db.session.execute(select(Unit)).scalars()}
    stmt = select(Cadre).order_by(Cadre.unit_id, Cadre.id)
    if condition is not None:
        stmt = stmt.where(condition)
    return [(c.id, f"{c.name}({units.get(c.unit_id, '')}{c.position_title})")
            for c in db.session.execute(stmt).scalars()]


def clue_subject_choices() -> list[tuple[int, str]]:
    """The cadres the signed-in clerk may name as a clue's subject (第三、十四条; the server refuses any other)."""
    return cadre_choices(nameable_cadre_filter(db.session, g.user))


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
            status: int = 200, needs_fresh: bool = False, upload_error: str | None = None):
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
            pickers[field.name] = clue_subject_choices()
        elif field.name in PEOPLE_FIELDS and case is not None:
            pickers[field.name] = talker_choices(case, lead=field.name == "lead_talker_id")
        elif field.kind in ("person", "unit", "cadre", "file"):
            pickers[field.name] = data_form_choices(field.kind, task)
        elif field.kind == "int_list" and field.name not in PEOPLE_FIELDS:
            pickers[field.name] = person_choices()  # a data form's people field (forms.data.fields.PeopleRef)
    readable = case is not None and can_read_case(db.session, g.user, case)
    return render_template(
        "pages/task.html", task=detail, task_row=task, form=description, values=values, errors=errors or {},
        message=message, draft=draft, pickers=pickers, case_row=case,
        case_readable=readable, basis=decision_basis(db.session, task) if readable else None,
        attachments=attachments_of(db.session, task.subject_type, task.subject_id) if task.subject_type else [],
        diagram={"definition": definition, "active": [task.bpmn_id] if task.status == "open" else [], "done": done},
        needs_fresh=needs_fresh or (needs_fresh_login(task) and not is_fresh()), reauth_field=REAUTH_FIELD,
        max_upload_mb=MAX_ATTACHMENT_BYTES // (1024 * 1024),
        accepted=ACCEPTED_LABEL, upload_error=upload_error, max_upload_bytes=MAX_ATTACHMENT_BYTES,
        notes=_notes_on(task), note_kinds=NOTE_KINDS,
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
    flash(_("已签收,该事项已进入“我的待办”"), "success")
    return redirect(url_for("pages.show_task", task_id=task_id))


@page
def unclaim(task_id: int):
    """Give a claimed task back to my roles' queue."""
    engine.unclaim_task(db.session, request_clock(), g.actor, task_id)
    flash(_("已退回组内待办"), "info")
    return redirect(url_for("pages.inbox", tab="groups"))


def _someone_else_got_there(task_id: int, problem: EngineError):
    db.session.rollback()
    flash(_("%(problem)s。以下为案件当前情况。", problem=engine_text(problem.message_zh)), "warning")
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
        flash(_("已暂存,尚未提交"), "info")
        return redirect(url_for("pages.show_task", task_id=task_id))
    if needs_fresh_login(task) and not is_fresh():
        refused = _confirm_in_place(task, description)
        if refused is not None:
            return refused
    try:
        completion = engine.complete_task(db.session, request_clock(), g.actor, task_id,
                                          form_payload(description.fields), opinion)
    except (FormInvalid, RuleViolation) as problem:
        db.session.rollback()
        if isinstance(problem, RuleViolation):
            record_refusal(problem)
        typed = {**typed_values(description.fields), OPINION_FIELD: request.form.get(OPINION_FIELD, "")}
        errors = field_errors(problem, description.fields)
        task = load_task_for(db.session, g.user, task_id)
        return _render(task, values=typed, errors=errors, message=problem.message_zh, status=422)
    except (TaskAlreadyCompleted, ConcurrencyConflict) as problem:
        return _someone_else_got_there(task_id, problem)
    return _land_after(completion)


def _land_after(completion: Completion):
    """Say what was done and go on to the user's next step in the case, else back to the inbox (issue 15 §8)."""
    numbers = "、".join(f"{d.title}({d.number})" for d in completion.documents)
    done = (_("「%(step)s」已办理,生成文书:%(documents)s", step=completion.task.name, documents=numbers) if numbers
            else _("「%(step)s」已办理", step=completion.task.name))
    case_id = completion.task.case_id
    if completion.incident is not None:
        flash(done, "success")
        # Recorded all the same: the process waits at the failing element and supervisors have been told.
        flash(_("您的办理已记录。流程在后续环节出现故障而暂停:%(reason)s督办人员已收到故障通知,处理后流程将继续。",
                reason=engine_text(completion.incident.message)), "warning")
        # The case page shows where the process is held.
        if completion.subject is not None and can_read_case(db.session, g.user, completion.subject):
            return redirect(url_for("pages.show_case", case_id=completion.subject.id))
        return redirect(url_for("pages.inbox"))
    following = next_step_for(db.session, g.user, case_id) if case_id else None
    if following is not None:
        flash(_("%(done)s。请继续办理本案件的下一项:「%(step)s」", done=done, step=following.name), "success")
        return redirect(url_for("pages.show_task", task_id=following.id))
    flash(_("%(done)s。%(next)s", done=done, next=what_comes_next(db.session, case_id)) if case_id else done + _("。"),
          "success")
    return redirect(url_for("pages.inbox"))


def field_errors(problem: FormInvalid | RuleViolation, fields: list[FieldDescription]) -> dict[str, list[str]]:
    """The sentences to set under each field: a form's own messages, or, for a rule of the Measures, a pointer
    to the refusal above on every field it names (its details are facts such as dates, not messages:
    issue 15 §7 saw a date printed one character per line)."""
    details = problem.details if isinstance(problem.details, dict) else {}
    if isinstance(problem, RuleViolation):
        names = {f.name for f in fields}
        return {name: [f"不符合{problem.article}的规定,见上方说明。"] for name in details if name in names}
    return {name: [messages] if isinstance(messages, str) else list(messages) for name, messages in details.items()}


def _kept(task: HumanTask, description: FormDescription, message: str, status: int,
          errors: dict | None = None):
    """Render the step again with everything the user typed, and why it was not submitted."""
    typed = {**typed_values(description.fields), OPINION_FIELD: request.form.get(OPINION_FIELD, "")}
    return _render(task, values=typed, errors=errors, message=message, status=status, needs_fresh=True)


def _confirm_in_place(task: HumanTask, description: FormDescription):
    """Check the password typed with a leader's decision; on failure keep the decision and ask again.

    The decision is never accepted without a fresh password (SECURITY.md 21), and what the leader typed is
    never thrown away (issue 15 §1): the page comes back filled in, saying why it was not submitted.
    """
    password = request.form.get(REAUTH_FIELD, "")
    if not password:
        return _kept(task, description, PASSWORD_NEEDED_ZH, 401, {REAUTH_FIELD: ["请输入您的登录密码"]})
    try:
        confirm_password(db.session, request_clock(), wall_clock(), g.user, password, request.remote_addr)
    except (LoginRefused, LoginThrottled) as refused:
        db.session.commit()  # issue 14 §3.5: the failure is audited and counted by the throttle
        message = f"{refused.message_zh}。本次尚未提交,您填写的内容已保留,请重新输入密码后提交。"
        return _kept(task, description, message, refused.status, {REAUTH_FIELD: [refused.message_zh]})
    mark_fresh()
    # The proven password stands on its own (audited, counted): a form error after it must not undo it.
    db.session.commit()
    return None


def _wants_json() -> bool:
    """The task page's script uploads with fetch and asks for JSON; a plain form post wants a page."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"


def upload_refusal(filename: str, problem: FormInvalid) -> str:
    """Say why a file was refused and what is accepted (issue 15 §5)."""
    limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
    named = f"「{filename}」" if filename else "文件"
    if ACCEPTED_LABEL in problem.message_zh:
        # the type is told by the content, not the name: a renamed file is refused too
        return f"{named}未上传:{problem.message_zh}(按文件内容识别),单个不超过{limit}MB。"
    return f"{named}未上传:{problem.message_zh}。可上传{ACCEPTED_LABEL}文件,单个不超过{limit}MB。"


@page
def upload_attachment(task_id: int):
    """File a scanned reply, photo or PDF with the case at this step.

    Asked with fetch, it answers JSON and the step's form is never left (issue 15 §5); a plain post comes
    back to the task page. A refused file is said in place, naming the accepted types, never a bare 422 page.
    """
    upload = request.files.get("file")
    # No file is the engine's "请选择要上传的文件", after it has checked the task is the user's to see (404).
    filename, content = (upload.filename, upload.stream.read(MAX_ATTACHMENT_BYTES + 1)) if upload else ("", b"")
    try:
        row = add_attachment(db.session, request_clock(), g.actor, task_id, filename or "", content,
                             request.form.get("remark", ""))
    except FormInvalid as problem:
        db.session.rollback()
        message = upload_refusal(filename or "", problem)
        if _wants_json():
            return jsonify({"ok": False, "message": message}), 422
        return _render(load_task_for(db.session, g.user, task_id), message=None, status=422, upload_error=message)
    if _wants_json():
        return jsonify({"ok": True, "message": _("已上传附件「%(name)s」", name=row.filename), "filename": row.filename,
                        "size_kb": round(row.size / 1024, 1), "remark": (row.extra or {}).get("remark", ""),
                        "url": url_for("pages.download_attachment", attachment_id=row.id)}), 201
    flash(_("已上传附件「%(name)s」", name=row.filename), "success")
    return redirect(url_for("pages.show_task", task_id=task_id) + "#attachments")
