"""The network's layout page, invited officers' terms, reporting an item, and recording an item's feedback.

Thin (issue 13 §1): ``processes/info_network`` (network.py, officers.py, items.py, feedback.py) decides who
may do what and writes the audit record; these views load, call and render. A refusal the user can act on
comes back in Chinese with nothing written (422/409 on the page); who may not act at all gets the 403 page.
"""
from __future__ import annotations

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
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import Cadre
from engine.models import RoleAssignment
from engine.models import Unit
from engine.models import User
from engine.operations.admin import SYSTEM_USERNAME
from processes.info_network.access import REPORTER_ROLES
from processes.info_network.items import create_item
from processes.info_network.items import record_feedback
from processes.info_network.network import INVITED_ROLE
from processes.info_network.network import NODE_KIND_LABELS
from processes.info_network.network import layout
from processes.info_network.network import may_lay_out
from processes.info_network.network import name_officer
from processes.info_network.network import remove_officer
from processes.info_network.network import set_node
from processes.info_network.network_models import InvitedAppointment
from processes.info_network.officers import ASSESSMENT_LABELS
from processes.info_network.officers import CONSTITUENCY_LABELS
from processes.info_network.officers import NOT_MANAGER
from processes.info_network.officers import RECORD_KIND_LABELS
from processes.info_network.officers import add_record
from processes.info_network.officers import appoint
from processes.info_network.officers import end_term
from processes.info_network.officers import may_manage
from processes.info_network.officers import records_of
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import SOURCE_LABELS
from webui.engine_text import engine_labels
from webui.engine_text import engine_problems
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.info_network import readable_item
from webui.pages.inputs import row_id
from webui.uow import request_clock


def _managed_units() -> list[Unit]:
    """The units whose invited officers the user manages (「002 一(三)2」 谁选聘、谁负责)."""
    units = db.session.execute(select(Unit).order_by(Unit.path, Unit.id)).scalars().all()
    return [u for u in units if may_manage(db.session, g.user, u.id)]


def _check_viewer() -> tuple[bool, list[Unit]]:
    lays_out, managed = may_lay_out(db.session, g.user), _managed_units()
    if not lays_out and not managed:
        raise NotPermitted("只有系统管理员、县预警中心或单位预警信息办公室可以查看预警网络布局")
    return lays_out, managed


def _render(errors: dict[str, list[str]] | None = None, message: str | None = None, status: int = 200):
    lays_out, managed = _check_viewer()
    nodes = layout(db.session)
    # accounts that may become invited officers: active, holding no role but the restricted one (officers.appoint)
    busy = select(RoleAssignment.user_id).where(RoleAssignment.role != INVITED_ROLE)
    people = select(User).where(User.active.is_(True), User.username != SYSTEM_USERNAME)
    candidates = db.session.execute(people.where(User.id.not_in(busy)).order_by(User.display_name)).scalars().all()
    users = db.session.execute(people.order_by(User.unit_id, User.display_name)).scalars().all() if lays_out else []
    return render_template(
        "pages/info_network.html", nodes=nodes, lays_out=lays_out, managed=managed,
        managed_ids={u.id for u in managed}, kind_labels=NODE_KIND_LABELS, constituency_labels=CONSTITUENCY_LABELS,
        candidates=candidates, users=users, errors=errors or {}, message=message,
        form=request.form if request.method == "POST" else {}), status


@page
def info_network():
    """The network over the unit tree: each unit's node kind, officers, offices and invited officers."""
    return _render()


def _refused(problem: FormInvalid | RuleViolation):
    db.session.rollback()
    if isinstance(problem, FormInvalid):
        return _render(engine_problems(problem.details), engine_text(problem.message_zh), 422)
    return _render(None, engine_text(problem.message_zh), problem.status)


@page
def set_network_node():
    """Place a unit in the network as a kind of node, or take it out (empty kind)."""
    _check_viewer()
    try:
        set_node(db.session, request_clock(), g.actor, row_id(request.form.get("unit_id")),
                 request.form.get("kind") or None)
    except (FormInvalid, RuleViolation) as problem:
        return _refused(problem)
    flash(_("网络节点已保存"), "success")
    return redirect(url_for("pages.info_network"))


@page
def name_network_officer():
    """Name an information officer of a unit: one or two per unit (「002 一(三)1」)."""
    _check_viewer()
    try:
        name_officer(db.session, request_clock(), g.actor, row_id(request.form.get("unit_id")),
                     row_id(request.form.get("user_id")))
    except (FormInvalid, RuleViolation) as problem:
        return _refused(problem)
    flash(_("预警信息员已指定"), "success")
    return redirect(url_for("pages.info_network"))


@page
def remove_network_officer():
    """Take an information officer's role in a unit away."""
    _check_viewer()
    remove_officer(db.session, request_clock(), g.actor, row_id(request.form.get("unit_id")),
                   row_id(request.form.get("user_id")))
    flash(_("预警信息员已撤下"), "success")
    return redirect(url_for("pages.info_network"))


@page
def appoint_invited_officer():
    """The unit's office (or the centre) appoints an invited officer for a term (「002 一(三)2」)."""
    data = {"user_id": row_id(request.form.get("user_id")), "constituency": request.form.get("constituency"),
            "term_start": request.form.get("term_start"), "term_end": request.form.get("term_end")}
    try:
        appointment = appoint(db.session, request_clock(), g.actor, row_id(request.form.get("unit_id")), data)
    except (FormInvalid, RuleViolation) as problem:
        return _refused(problem)
    flash(_("特邀预警信息员已选聘"), "success")
    return redirect(url_for("pages.invited_officer", appointment_id=appointment.id))


def _appointment(appointment_id: int) -> InvitedAppointment:
    appointment = db.session.get(InvitedAppointment, appointment_id)
    if appointment is None:
        raise NotFound("特邀预警信息员的聘任记录不存在")
    if not may_manage(db.session, g.user, appointment.appointing_unit_id):
        raise NotPermitted(NOT_MANAGER)
    return appointment


def _render_officer(appointment: InvitedAppointment, errors: dict | None = None, message: str | None = None,
                    status: int = 200):
    return render_template(
        "pages/info_invited.html", appointment=appointment, officer=db.session.get(User, appointment.user_id),
        unit=db.session.get(Unit, appointment.appointing_unit_id),
        records=records_of(db.session, [appointment.id])[appointment.id], constituency_labels=CONSTITUENCY_LABELS,
        record_kinds=RECORD_KIND_LABELS, assessment_labels=ASSESSMENT_LABELS, errors=errors or {}, message=message,
        form=request.form if request.method == "POST" else {}), status


@page
def invited_officer(appointment_id: int):
    """One invited officer's term with its trainings and assessments; the appointing side only."""
    return _render_officer(_appointment(appointment_id))


@page
def record_invited_training(appointment_id: int):
    """Record a training or an assessment (「002 一(三)2」 培训、考核)."""
    appointment = _appointment(appointment_id)
    data = {key: request.form.get(key) for key in ("kind", "held_on", "content", "result")}
    try:
        add_record(db.session, request_clock(), g.actor, appointment.id, data)
    except (FormInvalid, RuleViolation) as problem:
        db.session.rollback()
        details = engine_problems(problem.details) if isinstance(problem, FormInvalid) else {}
        return _render_officer(_appointment(appointment_id), details, engine_text(problem.message_zh),
                               422 if isinstance(problem, FormInvalid) else problem.status)
    flash(_("记录已保存"), "success")
    return redirect(url_for("pages.invited_officer", appointment_id=appointment.id))


@page
def end_invited_term(appointment_id: int):
    """End the term and take the restricted role away."""
    appointment = _appointment(appointment_id)
    try:
        end_term(db.session, request_clock(), g.actor, appointment.id, request.form.get("reason"))
    except (FormInvalid, RuleViolation) as problem:
        db.session.rollback()
        details = engine_problems(problem.details) if isinstance(problem, FormInvalid) else {}
        return _render_officer(_appointment(appointment_id), details, engine_text(problem.message_zh),
                               422 if isinstance(problem, FormInvalid) else problem.status)
    flash(_("聘期已结束"), "success")
    return redirect(url_for("pages.invited_officer", appointment_id=appointment.id))


def _render_new_item(errors: dict | None = None, message: str | None = None, status: int = 200):
    invited_only = {r.role for r in g.user.roles} == {INVITED_ROLE}
    return render_template(
        "pages/info_item_new.html", category_labels=engine_labels(CATEGORY_LABELS),
        source_labels=engine_labels(SOURCE_LABELS),
        units=db.session.execute(select(Unit).order_by(Unit.path, Unit.id)).scalars().all(),
        cadres=db.session.execute(select(Cadre).order_by(Cadre.name)).scalars().all(),
        invited_only=invited_only, errors=errors or {}, message=message,
        form=request.form if request.method == "POST" else {}), status


@page
def new_info_item():
    """Report an information item (「002 一(三)」 officers and invited officers, 「002 二」 its category and source)."""
    if not {r.role for r in g.user.roles} & REPORTER_ROLES:
        raise NotPermitted("只有预警信息员、特邀信息员、预警信息办公室或县预警中心可以报送预警信息")
    if request.method == "GET":
        return _render_new_item()
    subject = request.form.get("subject_kind")
    data = {"category": request.form.get("category"), "source": request.form.get("source"),
            "facts": request.form.get("facts"),
            "unit_id": row_id(request.form.get("unit_id")) if subject == "unit" else None,
            "cadre_id": row_id(request.form.get("cadre_id")) if subject == "cadre" else None}
    try:
        item = create_item(db.session, request_clock(), g.actor, data)
    except FormInvalid as problem:
        db.session.rollback()
        return _render_new_item(engine_problems(problem.details), engine_text(problem.message_zh), 422)
    flash(_("预警信息已报送"), "success")
    return redirect(url_for("pages.info_item", item_id=item.id))


@page
def record_info_feedback(item_id: int):
    """The county centre records the kind of feedback given (「001 第一篇(四)三是」); the reporter is told."""
    readable_item(item_id)
    try:
        record_feedback(db.session, request_clock(), g.actor, item_id, request.form.get("feedback", ""))
    except (FormInvalid, RuleViolation) as problem:
        db.session.rollback()
        flash(engine_text(problem.message_zh), "warning")
        return redirect(url_for("pages.info_item", item_id=item_id))
    flash(_("反馈方式已记录,已通知报送人"), "success")
    return redirect(url_for("pages.info_item", item_id=item_id))

