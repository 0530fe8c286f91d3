"""Import a county's organisation from one Excel workbook: units with their tree and document-number prefixes,
accounts, roles per unit, and the link from an account to its cadre record (issue 14 §1; 第三、十四、三十三条).

The checks are the cadre import's: every bad cell is reported by sheet, row and column, and nothing is
imported when one is bad. Three sheets, found by name:

- 单位: 单位编码, 单位名称, 单位类别, 上级单位编码 (blank only for the root: the county, kind 县,
  or in a database of the old shape the county commission; engine.county), 文号前缀.
  A code already in the database updates that unit's name, kind and prefix; the tree itself never moves.
- 用户: 用户名, 姓名, 所在单位编码, 邮箱 (optional), 干部姓名 (optional: the person's cadre record, found by
  name in their own unit, so that they never see a case about themself, 第三十三条). Existing accounts are
  left as they are. A new account gets a random initial password, returned once for handing over in person.
- 角色: 用户名, 角色 (a label of the users page, or its code), 单位编码. Roles already held are skipped.
"""
from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.authentication import hash_password
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.models.people import Cadre
from engine.models.people import RoleAssignment
from engine.models.people import Unit
from engine.models.people import User
from engine.operations.admin import SYSTEM_USERNAME
from engine.operations.admin import USERNAME_PATTERN
from engine.operations.cadres import _admin_unit_paths
from engine.operations.cadres import _text
from engine.operations.role_grants import FOUR_EYES_ROLES
from engine.operations.role_grants import request_role_grant
from engine.registry import REGISTRY
from engine.spreadsheets import XLSX_INVALID_ZH
from engine.spreadsheets import _check_package
from engine.vocabulary import Role
from engine.vocabulary import UnitKind

UNITS, USERS, ROLES = "单位", "用户", "角色"
UNIT_HEADERS = ("单位编码", "单位名称", "单位类别", "上级单位编码", "文号前缀")
USER_HEADERS = ("用户名", "姓名", "所在单位编码", "邮箱", "干部姓名")
ROLE_HEADERS = ("用户名", "角色", "单位编码")
_REQUIRED = {UNITS: UNIT_HEADERS[:3] + UNIT_HEADERS[4:], USERS: USER_HEADERS[:3], ROLES: ROLE_HEADERS}
MAX_ROWS = 5000
#: the unit kinds people write in the sheet (the administration page's labels)
UNIT_KIND_LABELS = {"县": UnitKind.COUNTY, "纪委": UnitKind.COMMISSION, "县委": UnitKind.COUNTY_COMMITTEE,
                    "乡镇": UnitKind.TOWN,
                    "县直单位": UnitKind.DEPARTMENT, "组织部门": UnitKind.ORGANISATION, "人事部门": UnitKind.PERSONNEL,
                    "村(社区)": UnitKind.VILLAGE}


def _role_by_text() -> dict[str, str]:
    """A role as the sheet may write it: its Chinese label or its code, of the engine or any regulation."""
    roles = REGISTRY.roles()
    return {**{label: role for role, label in roles.items()}, **{role: role for role in roles}}

_LENGTH = {"code": Unit.__table__.c.code.type.length, "name": Unit.__table__.c.name.type.length,
           "prefix": Unit.__table__.c.doc_prefix.type.length, "display": User.__table__.c.display_name.type.length,
           "email": User.__table__.c.email.type.length}
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WHITESPACE = re.compile(r"\s+")


@dataclass
class OrganisationImport:
    """What an import did; ``passwords`` holds each new account's initial password, shown once."""

    units_created: int = 0
    units_updated: int = 0
    users_created: int = 0
    roles_granted: int = 0
    #: leaders', designers' and auditors' roles an administrator's import asked for: they wait for a second one
    roles_requested: int = 0
    #: such roles the installation's command line gave directly (username, role, unit code), named in the audit
    four_eyes_granted: list[tuple[str, str, str]] = field(default_factory=list)
    cadres_linked: int = 0
    passwords: dict[str, str] = field(default_factory=dict)


class _Problems:
    """Errors as people find them in Excel: 用户表 第3行 C列(所在单位编码)."""

    def __init__(self) -> None:
        self.found: list[tuple[str, int, int, str, str]] = []

    def add(self, sheet: str, columns: dict[str, int], row: int, header: str, message: str) -> None:
        index = columns.get(header, 0)
        self.found.append((sheet, row, index, f"{sheet}表 第{row}行 {get_column_letter(index + 1)}列({header})",
                           message))

    def raise_if_any(self) -> None:
        if not self.found:
            return
        order = {UNITS: 0, USERS: 1, ROLES: 2}
        details: dict[str, list[str]] = {}
        for *_, key, message in sorted(self.found, key=lambda p: (order.get(p[0], 9), p[1], p[2])):
            details.setdefault(key, []).append(message)
        rows = len({(sheet, row) for sheet, row, *_ in self.found})
        raise FormInvalid(f"有{rows}行数据有误,未导入任何内容;请按提示修改后重新上传", details=details)


def _read_sheets(data: bytes) -> dict[str, list[tuple[int, tuple[Any, ...]]]]:
    _check_package(data)  # size, zip bomb, DOCTYPE: as every workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl reports a malformed package with many exception types
        raise FormInvalid(XLSX_INVALID_ZH) from None
    sheets: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
    try:
        for sheet in book.worksheets:
            title = _WHITESPACE.sub("", sheet.title)
            if title not in (UNITS, USERS, ROLES):
                continue
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if any(v is not None and str(v).strip() for v in values):
                    rows.append((number, tuple(values)))
                    if len(rows) > MAX_ROWS:
                        raise FormInvalid(f"「{title}」表超过{MAX_ROWS}行,请分批导入", code="too_many_rows")
            sheets[title] = rows
    except FormInvalid:
        raise
    except Exception:  # noqa: BLE001 - rows are parsed lazily, so a malformed sheet fails only here
        raise FormInvalid(XLSX_INVALID_ZH) from None
    finally:
        book.close()
    if UNITS not in sheets and USERS not in sheets and ROLES not in sheets:
        raise FormInvalid("工作簿中没有名为「单位」「用户」「角色」的工作表")
    return sheets


def _columns(sheet: str, rows: list[tuple[int, tuple[Any, ...]]], known: tuple[str, ...]) -> dict[str, int]:
    number, header = rows[0]
    columns = {}
    for index, value in enumerate(header):
        title = _WHITESPACE.sub("", _text(value))
        if title in known and title not in columns:
            columns[title] = index
    missing = [title for title in _REQUIRED[sheet] if title not in columns]
    if missing:
        raise FormInvalid("表头与导入说明不符", details={
            f"{sheet}表 第{number}行(表头)": [f"缺少「{title}」列" for title in missing]})
    return columns


def _cells(values: tuple[Any, ...], columns: dict[str, int]) -> dict[str, str]:
    return {title: _text(values[index]) if index < len(values) else "" for title, index in columns.items()}


@dataclass
class _UnitRow:
    number: int
    code: str
    name: str
    kind: str
    parent_code: str
    prefix: str


def import_organisation(session: Session, clock: Clock, actor: Actor, data: bytes) -> OrganisationImport:
    """Create or update units, create accounts, grant roles and link cadres from one workbook, all or nothing.

    :raise NotPermitted: the actor is neither the system (the command line) nor an administrator.
    :raise FormInvalid: not a valid workbook, a header unlike the description above, or bad cells; ``details``
        then maps "用户表 第N行 X列(表头)" to the problems of that cell.
    """
    admin_paths = _admin_unit_paths(session, actor)
    sheets = _read_sheets(data)
    problems = _Problems()
    result = OrganisationImport()
    units = {u.code: u for u in session.execute(select(Unit)).scalars()}
    roots = [u for u in units.values() if u.parent_id is None]

    # --- units ---------------------------------------------------------------------------------------------
    unit_rows: dict[str, _UnitRow] = {}
    unit_columns: dict[str, int] = {}
    if sheets.get(UNITS):
        unit_columns = _columns(UNITS, sheets[UNITS], UNIT_HEADERS)
        for number, values in sheets[UNITS][1:]:
            cell = _cells(values, unit_columns)
            row = _UnitRow(number, cell["单位编码"], cell["单位名称"], cell["单位类别"], cell.get("上级单位编码", ""),
                           cell["文号前缀"])

            def bad(header: str, message: str, number: int = number) -> None:
                problems.add(UNITS, unit_columns, number, header, message)

            if not row.code or not _CODE.match(row.code) or len(row.code) > _LENGTH["code"]:
                bad("单位编码", f"须为1–{_LENGTH['code']}位字母、数字或 . _ -")
            elif row.code in unit_rows:
                bad("单位编码", f"与第{unit_rows[row.code].number}行重复")
            if not row.name or len(row.name) > _LENGTH["name"]:
                bad("单位名称", f"不能为空,且不超过{_LENGTH['name']}个字")
            if row.kind not in UNIT_KIND_LABELS:
                bad("单位类别", f"「{row.kind}」不是可选的单位类别:{'、'.join(UNIT_KIND_LABELS)}")
            if not row.prefix or len(row.prefix) > _LENGTH["prefix"] or re.search(r"\s", row.prefix):
                bad("文号前缀", f"不能为空,不超过{_LENGTH['prefix']}个字,且不能含空格")
            if row.code and row.code not in unit_rows:
                unit_rows[row.code] = row
        for row in unit_rows.values():
            existing = units.get(row.code)
            parent = units.get(row.parent_code) if row.parent_code else None
            if existing is not None:
                current = existing.parent.code if existing.parent_id else ""
                if row.parent_code != current:
                    problems.add(UNITS, unit_columns, row.number, "上级单位编码",
                                 f"已有单位「{existing.name}」的上级是「{current or '(无)'}」,导入不移动单位")
                elif not any(existing.path.startswith(p) for p in admin_paths):
                    problems.add(UNITS, unit_columns, row.number, "单位编码", "不在您管理的单位范围内")
            elif not row.parent_code:
                if roots or sum(1 for r in unit_rows.values() if not r.parent_code and r.code not in units) > 1:
                    problems.add(UNITS, unit_columns, row.number, "上级单位编码",
                                 "只能有一个根单位(县,或尚未设县时的县纪委);其他单位须填写上级单位编码")
            elif parent is None and row.parent_code not in unit_rows:
                problems.add(UNITS, unit_columns, row.number, "上级单位编码",
                             f"「{row.parent_code}」不是已有或本表中的单位")
            elif parent is not None and not any(parent.path.startswith(p) for p in admin_paths):
                problems.add(UNITS, unit_columns, row.number, "上级单位编码", "不在您管理的单位范围内")
        _check_cycles(unit_rows, units, problems, unit_columns)
    known_codes = set(units) | set(unit_rows)

    # --- users ---------------------------------------------------------------------------------------------
    user_rows: list[tuple[int, dict[str, str]]] = []
    user_columns: dict[str, int] = {}
    existing_users = {u.username: u for u in session.execute(select(User)).scalars()}
    seen_users: dict[str, int] = {}
    cadres_wanted: dict[tuple[str, str], int] = {}
    if sheets.get(USERS):
        user_columns = _columns(USERS, sheets[USERS], USER_HEADERS)
        for number, values in sheets[USERS][1:]:
            cell = _cells(values, user_columns)
            cell["用户名"] = cell["用户名"].lower()

            def bad(header: str, message: str, number: int = number) -> None:
                problems.add(USERS, user_columns, number, header, message)

            name = cell["用户名"]
            if not USERNAME_PATTERN.match(name) or name == SYSTEM_USERNAME:
                bad("用户名", "2–64位小写字母、数字或 . _ -,以字母或数字开头")
            elif name in seen_users:
                bad("用户名", f"与第{seen_users[name]}行重复")
            elif name in existing_users:
                bad("用户名", f"用户名「{name}」已被使用")
            seen_users.setdefault(name, number)
            if not cell["姓名"] or len(cell["姓名"]) > _LENGTH["display"]:
                bad("姓名", f"不能为空,且不超过{_LENGTH['display']}个字")
            if cell["所在单位编码"] not in known_codes:
                bad("所在单位编码", f"「{cell['所在单位编码']}」不是已有或「单位」表中的单位")
            elif cell["所在单位编码"] in units and not any(
                    units[cell["所在单位编码"]].path.startswith(p) for p in admin_paths):
                bad("所在单位编码", "不在您管理的单位范围内")
            email = cell.get("邮箱", "")
            if email and (len(email) > _LENGTH["email"] or not _EMAIL.match(email)):
                bad("邮箱", "邮箱地址格式不正确")
            cadre_name = _WHITESPACE.sub("", cell.get("干部姓名", ""))
            if cadre_name:
                key = (cell["所在单位编码"], cadre_name)
                if key in cadres_wanted:
                    bad("干部姓名", f"与第{cadres_wanted[key]}行关联同一名干部")
                cadres_wanted.setdefault(key, number)
            cell["干部姓名"] = cadre_name
            user_rows.append((number, cell))
    cadres = _find_cadres(session, units, user_rows, user_columns, problems)

    # --- roles ---------------------------------------------------------------------------------------------
    role_rows: list[tuple[int, str, Role, str]] = []
    if sheets.get(ROLES):
        role_columns = _columns(ROLES, sheets[ROLES], ROLE_HEADERS)
        usernames = set(existing_users) | {cell["用户名"] for _, cell in user_rows}
        seen_roles: dict[tuple[str, str, str], int] = {}
        for number, values in sheets[ROLES][1:]:
            cell = _cells(values, role_columns)
            name, role_text, code = cell["用户名"].lower(), cell["角色"], cell["单位编码"]

            def bad(header: str, message: str, number: int = number) -> None:
                problems.add(ROLES, role_columns, number, header, message)

            if name not in usernames or name == SYSTEM_USERNAME:
                bad("用户名", f"「{name}」不是已有或「用户」表中的用户")
            role = _role_by_text().get(role_text)
            if role is None:
                bad("角色", f"「{role_text}」不是可选的角色:{'、'.join(REGISTRY.roles().values())}")
            if code not in known_codes:
                bad("单位编码", f"「{code}」不是已有或「单位」表中的单位")
            elif code in units and not any(units[code].path.startswith(p) for p in admin_paths):
                bad("单位编码", "不在您管理的单位范围内")
            key = (name, str(role), code)
            if key in seen_roles:
                bad("角色", f"与第{seen_roles[key]}行重复")
            seen_roles.setdefault(key, number)
            if role is not None:
                role_rows.append((number, name, role, code))
    problems.raise_if_any()

    # --- write: units top-down, then accounts, then roles ---------------------------------------------------
    created_units = []
    pending = dict(unit_rows)
    while pending:
        for code, row in list(pending.items()):
            if row.parent_code and row.parent_code not in units:
                continue  # its parent is created in a later round
            del pending[code]
            unit = units.get(code)
            if unit is not None:
                wanted = {"name": row.name, "kind": str(UNIT_KIND_LABELS[row.kind]), "doc_prefix": row.prefix}
                if any(getattr(unit, k) != v for k, v in wanted.items()):
                    for k, v in wanted.items():
                        setattr(unit, k, v)
                    result.units_updated += 1
                continue
            parent = units.get(row.parent_code) if row.parent_code else None
            unit = Unit(code=code, name=row.name, kind=UNIT_KIND_LABELS[row.kind],
                        parent_id=parent.id if parent else None, doc_prefix=row.prefix, path="/")
            session.add(unit)
            session.flush()
            unit.path = f"{parent.path if parent else '/'}{unit.id}/"
            units[code] = unit
            created_units.append(unit.id)
    result.units_created = len(created_units)
    new_users: dict[str, User] = {}
    for _number, cell in user_rows:
        password = secrets.token_urlsafe(12)
        cadre = cadres.get((cell["所在单位编码"], cell["干部姓名"])) if cell["干部姓名"] else None
        user = User(username=cell["用户名"], display_name=cell["姓名"], unit_id=units[cell["所在单位编码"]].id,
                    password_hash=hash_password(password), active=True, email=cell.get("邮箱") or None,
                    cadre_id=cadre.id if cadre else None)
        session.add(user)
        new_users[user.username] = user
        result.passwords[user.username] = password
        result.cadres_linked += cadre is not None
    session.flush()
    result.users_created = len(new_users)
    accounts = {**existing_users, **new_users}
    for _number, name, role, code in role_rows:
        user = accounts[name]
        if user.holds(role, units[code].id):
            continue
        if role in FOUR_EYES_ROLES and not actor.is_system:
            # issue 14 §3.12: an administrator's workbook cannot do what the users page may not: a leader's,
            # designer's or auditor's role waits for a second administrator, as on the users page.
            request_role_grant(session, clock, actor, user, role, units[code])
            result.roles_requested += 1
            continue
        user.roles.append(RoleAssignment(role=role, unit_id=units[code].id))
        result.roles_granted += 1
        if role in FOUR_EYES_ROLES:
            # The command line is the installation's own bootstrap: there is one administrator, so no second
            # one to approve, and whoever runs it holds the server. What it gave is named in the audit event.
            result.four_eyes_granted.append((name, str(role), code))
    session.flush()
    audit.record(session, clock, actor, "organisation.imported", "unit", None,
                 role=None if actor.is_system else Role.ADMIN,
                 after={"units_created": created_units, "units_updated": result.units_updated,
                        "users_created": sorted(u.id for u in new_users.values()),
                        "roles_granted": result.roles_granted, "roles_requested": result.roles_requested,
                        "four_eyes_roles_granted_by_installation": [list(g) for g in result.four_eyes_granted],
                        "cadres_linked": result.cadres_linked})
    return result


def _check_cycles(rows: dict[str, _UnitRow], units: dict[str, Unit], problems: _Problems,
                  columns: dict[str, int]) -> None:
    for row in rows.values():
        seen, code = set(), row.code
        while code in rows and code not in units:
            if code in seen:
                problems.add(UNITS, columns, row.number, "上级单位编码", "上级单位形成了循环")
                break
            seen.add(code)
            code = rows[code].parent_code


def _find_cadres(session: Session, units: dict[str, Unit], user_rows: list[tuple[int, dict[str, str]]],
                 columns: dict[str, int], problems: _Problems) -> dict[tuple[str, str], Cadre]:
    """Find each named cadre in the user's own unit: one, not linked to another account already."""
    found: dict[tuple[str, str], Cadre] = {}
    for number, cell in user_rows:
        name, code = cell["干部姓名"], cell["所在单位编码"]
        if not name:
            continue
        unit = units.get(code)
        matches = [] if unit is None else list(session.execute(select(Cadre).where(
            Cadre.unit_id == unit.id, Cadre.name == name)).scalars())
        if len(matches) != 1:
            where = unit.name if unit is not None else code
            message = (f"「{where}」没有名为「{name}」的干部(请先导入干部名册)" if not matches
                       else f"「{where}」有{len(matches)}名叫「{name}」的干部,无法确定关联哪一位")
            problems.add(USERS, columns, number, "干部姓名", message)
            continue
        holder = session.execute(select(func.count()).select_from(User).where(
            User.cadre_id == matches[0].id)).scalar_one()
        if holder:
            problems.add(USERS, columns, number, "干部姓名", f"干部「{name}」已关联其他账号")
            continue
        found[(code, name)] = matches[0]
    return found
