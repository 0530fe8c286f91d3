"""What a county's own installation needs before anyone signs in: the engine's system actor and the first
administrator (issue 14 §1; SECURITY.md 22, 29).

The demo seed is not needed for either: a real county starts from an empty database, creates its first
administrator here, and loads its organisation from Excel (``engine.operations.organisation``).
"""
from __future__ import annotations

import re

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import SYSTEM
from engine.authentication import MIN_PASSWORD_LENGTH
from engine.authentication import hash_password
from engine.clock import Clock
from engine.county import county_commission_id
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.models.people import RoleAssignment
from engine.models.people import Unit
from engine.models.people import User
from engine.operations.admin import SYSTEM_USERNAME
from engine.operations.admin import USERNAME_PATTERN
from engine.vocabulary import Role
from engine.vocabulary import UnitKind

_DISPLAY_NAME_LENGTH = User.__table__.c.display_name.type.length
_UNIT_NAME_LENGTH = Unit.__table__.c.name.type.length
_UNIT_CODE_LENGTH = Unit.__table__.c.code.type.length
_PREFIX_LENGTH = Unit.__table__.c.doc_prefix.type.length


def ensure_system_actor(session: Session) -> bool:
    """Create the engine's own account (timers, deployments from the command line) if it is missing.

    It belongs to no unit, holds no role and cannot sign in. Return whether it was created.
    """
    if session.execute(select(User.id).where(User.username == SYSTEM_USERNAME)).first() is not None:
        return False
    session.add(User(username=SYSTEM_USERNAME, display_name="系统", unit_id=None, password_hash="", active=False))
    session.flush()
    return True


def create_first_admin(session: Session, clock: Clock, *, username: str, display_name: str, password: str,
                       unit_name: str | None = None, unit_code: str | None = None,
                       doc_prefix: str | None = None, county_name: str | None = None,
                       county_code: str | None = None) -> User:
    """Create the installation's first administrator in the county commission (engine.county).

    With no unit yet, the commission is created from ``unit_name``, ``unit_code`` and ``doc_prefix``; with
    ``county_name`` and ``county_code`` it is created under the county itself, the root of the tree as it is
    (issue 15), else it is the root (the old shape). The organisation import fills in the rest of the tree. With
    units already imported, the administrator is made in the topmost commission. Further administrators are made by an
    administrator on the users page, so this refuses once any account holds the admin role.

    :raise ConcurrencyConflict: an administrator exists already.
    :raise FormInvalid: a value is missing or invalid; ``details`` maps each option to its problems.
    """
    if session.execute(select(RoleAssignment.id).where(RoleAssignment.role == Role.ADMIN)).first() is not None:
        raise ConcurrencyConflict("已有系统管理员,请由其在「系统管理→用户」中添加其他管理员", code="admin_exists")
    problems: dict[str, list[str]] = {}
    name = (username or "").strip().lower()
    shown = (display_name or "").strip()
    if not USERNAME_PATTERN.match(name) or name == SYSTEM_USERNAME:
        problems["username"] = ["2–64位小写字母、数字或 . _ -,以字母或数字开头,且不能是 system"]
    elif session.execute(select(User.id).where(func.lower(User.username) == name)).first() is not None:
        problems["username"] = [f"用户名「{name}」已被使用"]
    if not shown or len(shown) > _DISPLAY_NAME_LENGTH:
        problems["display_name"] = [f"姓名不能为空,且不超过{_DISPLAY_NAME_LENGTH}个字"]
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems["password"] = [f"密码至少{MIN_PASSWORD_LENGTH}位"]
    elif password.lower() == name:
        problems["password"] = ["密码不能与用户名相同"]
    roots = session.execute(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id)).scalars().all()
    if len(roots) > 1:
        problems["unit"] = ["数据库中有多个根单位,无法确定县纪委"]
    root = roots[0] if roots else None
    if root is None:
        _check_root_unit(unit_name, unit_code, doc_prefix, problems)
        _check_county(county_name, county_code, unit_code, problems)
    if problems:
        raise FormInvalid("创建管理员的信息有误", details=problems)
    if root is None:
        county = None
        if (county_name or "").strip():
            county = _create_unit(session, clock, county_code.strip(), county_name.strip(), UnitKind.COUNTY, None,
                                  doc_prefix.strip())
        root = _create_unit(session, clock, unit_code.strip(), unit_name.strip(), UnitKind.COMMISSION, county,
                            doc_prefix.strip())
    else:
        root = session.get(Unit, county_commission_id(session))
    admin = User(username=name, display_name=shown, unit_id=root.id, password_hash=hash_password(password),
                 active=True)
    admin.roles = [RoleAssignment(role=Role.ADMIN, unit_id=root.id)]
    session.add(admin)
    session.flush()
    audit.record(session, clock, SYSTEM, "user.created", "user", admin.id, role=Role.ADMIN,
                 after={"username": name, "display_name": shown, "unit_id": root.id, "active": True,
                        "roles": [{"role": Role.ADMIN.value, "unit_id": root.id}], "first_admin": True})
    return admin


def _create_unit(session: Session, clock: Clock, code: str, name: str, kind: str, parent: Unit | None,
                 prefix: str) -> Unit:
    unit = Unit(code=code, name=name, kind=kind, parent_id=parent.id if parent else None, doc_prefix=prefix,
                path="/")
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    audit.record(session, clock, SYSTEM, "unit.created", "unit", unit.id,
                 after={"code": unit.code, "name": unit.name, "kind": unit.kind, "doc_prefix": unit.doc_prefix,
                        "parent_id": unit.parent_id})
    return unit


def _check_county(county_name: str | None, county_code: str | None, unit_code: str | None,
                  problems: dict[str, list[str]]) -> None:
    name, code = ((value or "").strip() for value in (county_name, county_code))
    if not name and not code:
        return  # the commission is the root (the old shape, engine.county)
    if not name or len(name) > _UNIT_NAME_LENGTH:
        problems["county_name"] = [f"请给出县的名称,如 寿县(不超过{_UNIT_NAME_LENGTH}个字)"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", code) or len(code) > _UNIT_CODE_LENGTH:
        problems["county_code"] = ["请给出县的代码(小写字母、数字或 . _ -)"]
    elif code == (unit_code or "").strip():
        problems["county_code"] = ["县的代码不能与县纪委的代码相同"]


def _check_root_unit(unit_name: str | None, unit_code: str | None, doc_prefix: str | None,
                     problems: dict[str, list[str]]) -> None:
    name, code, prefix = ((value or "").strip() for value in (unit_name, unit_code, doc_prefix))
    if not name or len(name) > _UNIT_NAME_LENGTH:
        problems["unit_name"] = [f"尚无单位:请给出县纪委的名称(不超过{_UNIT_NAME_LENGTH}个字)"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", code) or len(code) > _UNIT_CODE_LENGTH:
        problems["unit_code"] = ["尚无单位:请给出县纪委的代码(小写字母、数字或 . _ -)"]
    if not prefix or len(prefix) > _PREFIX_LENGTH or re.search(r"\s", prefix):
        problems["doc_prefix"] = [f"尚无单位:请给出县纪委的文号前缀(不超过{_PREFIX_LENGTH}个字,不含空格)"]
