"""System administration pages: the org unit tree and document prefixes, accounts and roles, the cadre roster
import, the holiday calendar. Administrators only (others get 403); changes to accounts and roles need a
recent password check (SECURITY.md 21); every change is audited by ``engine.operations.admin``.
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
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select

from engine.authentication import locked_user_ids
from engine.authentication import revoke_tokens_of
from engine.authentication import unlock_account
from engine.errors import FormInvalid
from engine.models import Cadre
from engine.models import Unit
from engine.models.role_grants import RoleGrantRequest
from engine.operations import admin as operations
from engine.operations import role_grants
from engine.operations import user_cadres
from engine.operations.cadres import MAX_IMPORT_ROWS
from engine.operations.cadres import import_cadres
from engine.registry import REGISTRY
from engine.spreadsheets import MAX_SHEET_BYTES
from engine.spreadsheets import cadre_template
from engine.tokens import live_token_counts
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import UnitKind
from webui.engine_text import engine_problems
from webui.engine_text import engine_text
from webui.extensions import db
from webui.extensions import wall_clock
from webui.pages.auth import is_fresh
from webui.pages.auth import page
from webui.pages.auth import reauth_redirect
from webui.pages.auth import safe_next
from webui.pages.inputs import query_id
from webui.pages.inputs import query_page
from webui.pages.inputs import row_id
from webui.presenters import role_label
from webui.uow import request_clock

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT_KIND_LABELS = {
    UnitKind.COUNTY: _l("县"), UnitKind.COMMISSION: _l("纪委"), UnitKind.COUNTY_COMMITTEE: _l("县委"),
    UnitKind.TOWN: _l("乡镇"),
    UnitKind.DEPARTMENT: _l("县直单位"), UnitKind.ORGANISATION: _l("组织部门"), UnitKind.PERSONNEL: _l("人事部门"),
    UnitKind.VILLAGE: _l("村(社区)"),
}
CALENDAR_STATUS_LABELS = {"entered": _l("已录入(正式)"), "built_in": _l("系统内置(正式)"),
                          "provisional": _l("未公布(暂定)")}
USERS_PER_PAGE = 50


def _paths() -> list[str]:
    return operations.admin_unit_paths(db.session, g.user)


def _units() -> list[Unit]:
    return [row.unit for row in operations.unit_tree(db.session, g.user)]


def _back_to_users() -> str:
    """The users list the form was posted from (its filters travel in a hidden field), never another site."""
    default = url_for("pages.admin_users")
    target = safe_next(request.form.get("back"), default)
    return target if target.startswith(default) else default


def _ask_for_password_again():
    """Send the admin to confirm their password, then back to the list the form was on (SECURITY.md 21)."""
    flash(_("账号和角色变更前需再次验证密码,请确认后重新提交"), "warning")
    return reauth_redirect(_back_to_users())


# --- units -------------------------------------------------------------------------------------------------


@page
def admin_units():
    """Show the org unit tree with document number prefixes and how many people work in each unit."""
    rows = operations.unit_tree(db.session, g.user)
    return render_template("pages/admin_units.html", rows=rows, kinds={str(k): v for k, v in UNIT_KIND_LABELS.items()},
                           section="units")


@page
def update_unit(unit_id: int):
    """Change a unit's document number prefix (文号前缀)."""
    unit = operations.update_unit(db.session, request_clock(), g.actor, unit_id,
                                  doc_prefix=request.form.get("doc_prefix", ""))
    flash(_("「%(unit)s」的文号前缀已改为「%(prefix)s」", unit=unit.name, prefix=unit.doc_prefix), "success")
    return redirect(url_for("pages.admin_units") + f"#unit-{unit.id}")


# --- users and roles ---------------------------------------------------------------------------------------


def _render_users(*, errors: dict | None = None, values: dict | None = None, message: str | None = None,
                  status: int = 200):
    unit_id = query_id("unit_id")
    q = request.args.get("q", "").strip()[:64] or None
    active = {"true": True, "false": False}.get(request.args.get("active", ""))
    result = operations.list_users(db.session, g.user, unit_id=unit_id, q=q, active=active,
                                   page=query_page(), per_page=USERS_PER_PAGE)
    units = _units()
    linkable = user_cadres.cadres_by_unit(db.session, {u.unit_id for u in result.items if u.unit_id})
    linked = {c.id: c for c in db.session.execute(select(Cadre).where(
        Cadre.id.in_({u.cadre_id for u in result.items if u.cadre_id}))).scalars()}
    return render_template(
        "pages/admin_users.html", users=result, units=units, unit_names={u.id: u.name for u in units},
        linkable=linkable, linked=linked,
        roles=list(REGISTRY.roles().items()), filters={"unit_id": unit_id, "q": q or "",
                                                                              "active": request.args.get("active", "")},
        errors=errors or {}, values=values or {}, message=message, section="users",
        back=request.full_path.rstrip("?"), fresh=is_fresh(),
        locked=locked_user_ids(db.session, wall_clock(), list(result.items)),
        pending=role_grants.pending_grants(db.session),
        live_tokens=live_token_counts(db.session, wall_clock(), [u.id for u in result.items]),
    ), status


@page
def admin_users():
    """List the accounts of my units with their roles; forms to create, grant, revoke, (de)activate."""
    _paths()
    return _render_users()


@page
def create_user():
    """Open an account with an initial password (at least 10 characters, hashed with scrypt)."""
    _paths()
    if not is_fresh():
        flash(_("账号和角色变更前需再次验证密码,请确认后重新提交"), "warning")
        return reauth_redirect(url_for("pages.admin_users"))
    values = {k: request.form.get(k, "") for k in ("username", "display_name", "unit_id", "email")}
    try:
        user = operations.create_user(
            db.session, request_clock(), g.actor, username=values["username"], display_name=values["display_name"],
            unit_id=row_id(values["unit_id"]),
            password=request.form.get("password", ""), email=values["email"])
    except FormInvalid as problem:
        db.session.rollback()
        return _render_users(errors=engine_problems(problem.details), values=values,
                             message=engine_text(problem.message_zh), status=422)
    flash(_("已新建用户「%(name)s」(%(username)s),请为其授予角色", name=user.display_name, username=user.username),
          "success")
    return redirect(url_for("pages.admin_users", q=user.username))


@page
def grant_role(user_id: int):
    """Give an account a role in a unit (needs a fresh password check)."""
    user = operations.load_user_for_admin(db.session, g.user, user_id)
    if not is_fresh():
        return _ask_for_password_again()
    unit_text = request.form.get("unit_id", "")
    try:
        assignment = operations.grant_role(db.session, request_clock(), g.actor, user.id,
                                           role=request.form.get("role", ""),
                                           unit_id=row_id(unit_text))
    except FormInvalid as problem:
        db.session.rollback()
        messages = [m for ms in engine_problems(problem.details).values() for m in ms]
        message = engine_text(problem.message_zh)
        flash(_("%(message)s:%(problems)s", message=message, problems=_(";").join(messages)) if messages else message,
              "danger")
        return redirect(_back_to_users())
    unit = db.session.get(Unit, assignment.unit_id)
    if isinstance(assignment, RoleGrantRequest):
        flash(_("已申请授予%(user)s「%(unit)s·%(role)s」角色,须另一名系统管理员批准后生效", user=user.display_name,
                unit=unit.name, role=role_label(assignment.role)), "info")
        return redirect(_back_to_users())
    flash(_("已授予%(user)s「%(unit)s·%(role)s」角色", user=user.display_name, unit=unit.name,
            role=role_label(assignment.role)), "success")
    return redirect(_back_to_users())


@page
def decide_role_grant(request_id: int):
    """Approve or reject another administrator's request for a four-eyes role (issue 14 §3.12)."""
    _paths()
    if not is_fresh():
        return _ask_for_password_again()
    if request.form.get("decision") == "approve":
        assignment = role_grants.approve_role_grant(db.session, request_clock(), g.actor, request_id)
        flash(_("已批准授予「%(role)s」角色", role=role_label(assignment.role)), "success")
    else:
        role_grants.reject_role_grant(db.session, request_clock(), g.actor, request_id)
        flash(_("已驳回该授权申请"), "info")
    return redirect(_back_to_users())


@page
def revoke_role(assignment_id: int):
    """Take a role away (needs a fresh password check; one's own last admin role stays)."""
    _paths()
    if not is_fresh():
        return _ask_for_password_again()
    revoked = operations.revoke_role(db.session, request_clock(), g.actor, assignment_id)
    flash(_("已撤销%(user)s的「%(unit)s·%(role)s」角色", user=revoked.user.display_name, unit=revoked.unit.name,
            role=role_label(revoked.role)), "success")
    return redirect(_back_to_users())


@page
def set_user_active(user_id: int):
    """Deactivate an account (it can no longer sign in) or activate it again."""
    user = operations.load_user_for_admin(db.session, g.user, user_id)
    if not is_fresh():
        return _ask_for_password_again()
    active = request.form.get("active") == "true"
    operations.set_user_active(db.session, request_clock(), g.actor, user.id, active)
    if active:
        flash(_("已启用账号「%(name)s」(%(username)s)", name=user.display_name, username=user.username), "success")
    else:
        flash(_("已停用账号「%(name)s」(%(username)s)", name=user.display_name, username=user.username), "success")
    return redirect(_back_to_users())


@page
def unlock_user(user_id: int):
    """Unlock an account its failed sign-ins locked (issue 14 §3.7), audited."""
    user = operations.load_user_for_admin(db.session, g.user, user_id)
    unlock_account(db.session, request_clock(), wall_clock(), g.actor, user)
    flash(_("已解除账号「%(name)s」(%(username)s)的登录锁定", name=user.display_name, username=user.username),
          "success")
    return redirect(_back_to_users())


@page
def revoke_user_tokens(user_id: int):
    """Revoke every API token of an account (issue 14 §3.6), audited."""
    user = operations.load_user_for_admin(db.session, g.user, user_id)
    if not is_fresh():
        return _ask_for_password_again()
    count = revoke_tokens_of(db.session, request_clock(), wall_clock(), g.actor, user, "revoked_by_admin")
    flash(_("已撤销「%(name)s」的%(n)s个接口令牌", name=user.display_name, n=count), "success")
    return redirect(_back_to_users())


@page
def link_user_cadre(user_id: int):
    """Link an account to the person's cadre record, or unlink it (第三十三条: a subject never sees their case)."""
    user = operations.load_user_for_admin(db.session, g.user, user_id)
    if not is_fresh():
        return _ask_for_password_again()
    cadre_id = row_id(request.form.get("cadre_id", ""))
    if cadre_id is None:
        user_cadres.unlink_cadre(db.session, request_clock(), g.actor, user.id)
        flash(_("已解除「%(name)s」与干部名册的关联", name=user.display_name), "success")
        return redirect(_back_to_users())
    try:
        user_cadres.link_cadre(db.session, request_clock(), g.actor, user.id, cadre_id)
    except FormInvalid as problem:
        db.session.rollback()
        messages = [m for ms in engine_problems(problem.details).values() for m in ms]
        flash(_("%(message)s:%(problems)s", message=engine_text(problem.message_zh), problems=_(";").join(messages)),
              "danger")
        return redirect(_back_to_users())
    cadre = db.session.get(Cadre, cadre_id)
    flash(_("已将「%(name)s」关联到干部「%(cadre)s」:此后其看不到以该干部为对象的案件", name=user.display_name,
            cadre=cadre.name), "success")
    return redirect(_back_to_users())


# --- cadre roster ------------------------------------------------------------------------------------------


def _render_cadres(*, errors: dict | None = None, message: str | None = None, status: int = 200):
    counts = db.session.execute(select(Cadre.unit_id, func.count()).group_by(Cadre.unit_id)).all()
    names = {u.id: u for u in _units()}
    per_unit = sorted(((names[unit_id], n) for unit_id, n in counts if unit_id in names), key=lambda p: p[0].path)
    return render_template(
        "pages/admin_cadres.html", errors=errors or {}, message=message, per_unit=per_unit,
        total=sum(n for _, n in per_unit), max_rows=MAX_IMPORT_ROWS, max_mb=MAX_SHEET_BYTES // (1024 * 1024),
        kinds=list(POSITION_KIND_LABELS.values()), section="cadres",
    ), status


@page
def admin_cadres():
    """Show the roster import: template, upload, how many cadres each unit has."""
    _paths()
    return _render_cadres()


@page
def import_cadres_page():
    """Import the roster from an .xlsx: every row checked; one bad row and nothing is imported."""
    _paths()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render_cadres(errors={_("文件"): [_("请选择要导入的 Excel(.xlsx)文件")]}, message=_("未选择文件"),
                              status=422)
    data = upload.stream.read(MAX_SHEET_BYTES + 1)
    try:
        result = import_cadres(db.session, request_clock(), g.actor, data)
    except FormInvalid as problem:
        db.session.rollback()
        return _render_cadres(errors=engine_problems(problem.details), message=engine_text(problem.message_zh),
                              status=422)
    flash(_("导入完成:新增%(created)s名,更新%(updated)s名,未变%(unchanged)s名", created=result.created,
            updated=result.updated, unchanged=result.unchanged), "success")
    return redirect(url_for("pages.admin_cadres"))


@page
def cadre_template_xlsx():
    """Download the roster import template."""
    _paths()
    return Response(cadre_template(), mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": "attachment; filename=cadre-template.xlsx; "
                               "filename*=UTF-8''%E5%B9%B2%E9%83%A8%E5%90%8D%E5%86%8C%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"})


# --- calendar ----------------------------------------------------------------------------------------------


@page
def admin_settings():
    """Show the deadline rule and each year's holiday schedule; enter or correct a year's schedule."""
    _paths()
    errors: dict = {}
    values: dict = {}
    message = None
    status = 200
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in ("year", "source", "holidays", "workdays")}
        try:
            schedule = operations.enter_calendar_year(db.session, request_clock(), g.actor, **values)
        except FormInvalid as problem:
            db.session.rollback()
            errors = engine_problems(problem.details)
            message, status = engine_text(problem.message_zh), 422
        else:
            flash(_("%(year)s年节假日安排已保存", year=schedule.year), "success")
            return redirect(url_for("pages.admin_settings"))
    viewed = None
    year_text = request.args.get("year", "")
    if request.method == "GET" and year_text.isdigit() and len(year_text) == 4:
        # 查看: the saved schedule as it was entered, and the form filled with it for a correction
        viewed = operations.entered_schedule(db.session, g.user, int(year_text))
        if viewed is not None:
            values = {"year": str(viewed.year), "source": viewed.source, "holidays": viewed.holidays,
                      "workdays": viewed.workdays}
    overview = operations.calendar_overview(db.session, request_clock(), g.user)
    return render_template("pages/admin_settings.html", overview=overview, labels=CALENDAR_STATUS_LABELS,
                           errors=errors, values=values, message=message, viewed=viewed,
                           section="settings"), status
