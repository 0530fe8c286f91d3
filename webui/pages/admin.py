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
from sqlalchemy import func
from sqlalchemy import select

from engine.errors import FormInvalid
from engine.models import Cadre
from engine.models import Unit
from engine.operations import admin as operations
from engine.operations.cadres import MAX_IMPORT_ROWS
from engine.operations.cadres import import_cadres
from engine.spreadsheets import MAX_SHEET_BYTES
from engine.spreadsheets import cadre_template
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import ROLE_LABELS
from engine.vocabulary import UnitKind
from webui.extensions import db
from webui.pages.auth import is_fresh
from webui.pages.auth import page
from webui.pages.auth import reauth_redirect
from webui.pages.auth import safe_next
from webui.uow import request_clock

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT_KIND_LABELS = {
    UnitKind.COMMISSION: "纪委", UnitKind.COUNTY_COMMITTEE: "县委", UnitKind.TOWN: "乡镇",
    UnitKind.DEPARTMENT: "县直单位", UnitKind.ORGANISATION: "组织部门", UnitKind.PERSONNEL: "人事部门",
    UnitKind.VILLAGE: "村(社区)",
}
CALENDAR_STATUS_LABELS = {"entered": "已录入(正式)", "built_in": "系统内置(正式)", "provisional": "未公布(暂定)"}
USERS_PER_PAGE = 50
FRESH_MESSAGE = "账号和角色变更前需再次验证密码,请确认后重新提交"


def _paths() -> list[str]:
    return operations.admin_unit_paths(db.session, g.user)


def _units() -> list[Unit]:
    return [row.unit for row in operations.unit_tree(db.session, g.user)]


def _back_to_users() -> str:
    """The users list the form was posted from (its filters travel in a hidden field), never another site."""
    default = url_for("pages.admin_users")
    target = safe_next(request.form.get("back"), default)
    return target if target.startswith(default) else default


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
    flash(f"「{unit.name}」的文号前缀已改为「{unit.doc_prefix}」", "success")
    return redirect(url_for("pages.admin_units") + f"#unit-{unit.id}")


# --- users and roles ---------------------------------------------------------------------------------------


def _render_users(*, errors: dict | None = None, values: dict | None = None, message: str | None = None,
                  status: int = 200):
    unit_id = request.args.get("unit_id", type=int)
    q = request.args.get("q", "").strip()[:64] or None
    active = {"true": True, "false": False}.get(request.args.get("active", ""))
    result = operations.list_users(db.session, g.user, unit_id=unit_id, q=q, active=active,
                                   page=request.args.get("page", 1, type=int), per_page=USERS_PER_PAGE)
    units = _units()
    return render_template(
        "pages/admin_users.html", users=result, units=units, unit_names={u.id: u.name for u in units},
        roles=[(str(r), label) for r, label in ROLE_LABELS.items()], filters={"unit_id": unit_id, "q": q or "",
                                                                              "active": request.args.get("active", "")},
        errors=errors or {}, values=values or {}, message=message, section="users",
        back=request.full_path.rstrip("?"), fresh=is_fresh(),
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
        flash(FRESH_MESSAGE, "warning")
        return reauth_redirect(url_for("pages.admin_users"))
    values = {k: request.form.get(k, "") for k in ("username", "display_name", "unit_id", "email")}
    try:
        user = operations.create_user(
            db.session, request_clock(), g.actor, username=values["username"], display_name=values["display_name"],
            unit_id=int(values["unit_id"]) if values["unit_id"].isdigit() else None,
            password=request.form.get("password", ""), email=values["email"])
    except FormInvalid as problem:
        db.session.rollback()
        errors = problem.details if isinstance(problem.details, dict) else {}
        return _render_users(errors=errors, values=values, message=problem.message_zh, status=422)
    flash(f"已新建用户「{user.display_name}」({user.username}),请为其授予角色", "success")
    return redirect(url_for("pages.admin_users", q=user.username))


@page
def grant_role(user_id: int):
    """Give an account a role in a unit (needs a fresh password check)."""
    user = operations.load_user_for_admin(db.session, g.user, user_id)
    if not is_fresh():
        flash(FRESH_MESSAGE, "warning")
        return reauth_redirect(_back_to_users())
    unit_text = request.form.get("unit_id", "")
    try:
        assignment = operations.grant_role(db.session, request_clock(), g.actor, user.id,
                                           role=request.form.get("role", ""),
                                           unit_id=int(unit_text) if unit_text.isdigit() else None)
    except FormInvalid as problem:
        db.session.rollback()
        messages = [m for ms in (problem.details or {}).values() for m in ms] if isinstance(problem.details, dict) else []
        flash(f"{problem.message_zh}:{';'.join(messages)}" if messages else problem.message_zh, "danger")
        return redirect(_back_to_users())
    unit = db.session.get(Unit, assignment.unit_id)
    flash(f"已授予{user.display_name}「{unit.name}·{ROLE_LABELS.get(assignment.role, assignment.role)}」角色", "success")
    return redirect(_back_to_users())


@page
def revoke_role(assignment_id: int):
    """Take a role away (needs a fresh password check; one's own last admin role stays)."""
    _paths()
    if not is_fresh():
        flash(FRESH_MESSAGE, "warning")
        return reauth_redirect(_back_to_users())
    revoked = operations.revoke_role(db.session, request_clock(), g.actor, assignment_id)
    flash(f"已撤销{revoked.user.display_name}的「{revoked.unit.name}·{ROLE_LABELS.get(revoked.role, revoked.role)}」"
          "角色", "success")
    return redirect(_back_to_users())


@page
def set_user_active(user_id: int):
    """Deactivate an account (it can no longer sign in) or activate it again."""
    user = operations.load_user_for_admin(db.session, g.user, user_id)
    if not is_fresh():
        flash(FRESH_MESSAGE, "warning")
        return reauth_redirect(_back_to_users())
    active = request.form.get("active") == "true"
    operations.set_user_active(db.session, request_clock(), g.actor, user.id, active)
    flash(f"已{'启用' if active else '停用'}账号「{user.display_name}」({user.username})", "success")
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
        return _render_cadres(errors={"文件": ["请选择要导入的 Excel(.xlsx)文件"]}, message="未选择文件", status=422)
    data = upload.stream.read(MAX_SHEET_BYTES + 1)
    try:
        result = import_cadres(db.session, request_clock(), g.actor, data)
    except FormInvalid as problem:
        db.session.rollback()
        errors = problem.details if isinstance(problem.details, dict) else {}
        return _render_cadres(errors=errors, message=problem.message_zh, status=422)
    flash(f"导入完成:新增{result.created}名,更新{result.updated}名,未变{result.unchanged}名", "success")
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
            errors = problem.details if isinstance(problem.details, dict) else {}
            message, status = problem.message_zh, 422
        else:
            flash(f"{schedule.year}年节假日安排已保存", "success")
            return redirect(url_for("pages.admin_settings"))
    overview = operations.calendar_overview(db.session, request_clock(), g.user)
    return render_template("pages/admin_settings.html", overview=overview, labels=CALENDAR_STATUS_LABELS,
                           errors=errors, values=values, message=message, section="settings"), status
