"""System administration: org units' document prefixes, accounts and their roles, the holiday calendar.

Only holders of the admin role act here, and only on the units under the unit where they hold it (and the
people working there). Every change writes one audit event with what was there before and after
(SECURITY.md 26); no event carries password material. An administrator may not take away their own last
admin role nor deactivate their own account: the deployment would be left without anyone to undo it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.authentication import MIN_PASSWORD_LENGTH
from engine.authentication import end_sessions
from engine.authentication import hash_password
from engine.authentication import revoke_tokens_of
from engine.calendars import deadline_settings
from engine.calendars import enter_year_schedule
from engine.calendars import load_calendar
from engine.clock import Clock
from engine.clock import local_today
from engine.county import reach_paths
from engine.deadlines import DeadlineSettings
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.people import Cadre
from engine.models.people import RoleAssignment
from engine.models.people import Unit
from engine.models.people import User
from engine.models.role_grants import RoleGrantRequest
from engine.models.settings import CalendarDay
from engine.models.settings import CalendarYear
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus
from engine.operations.role_grants import FOUR_EYES_ROLES
from engine.operations.role_grants import request_role_grant
from engine.queries import Page
from engine.queries import paginate
from engine.registry import REGISTRY
from engine.vocabulary import Role

#: the engine's own account (timers, seeding): never listed, changed or signed in with
SYSTEM_USERNAME = "system"
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_PREFIX_LENGTH = Unit.__table__.c.doc_prefix.type.length
_DISPLAY_NAME_LENGTH = User.__table__.c.display_name.type.length
_EMAIL_LENGTH = User.__table__.c.email.type.length
_SOURCE_LENGTH = CalendarYear.__table__.c.source.type.length
_DAY_NAME_LENGTH = CalendarDay.__table__.c.name.type.length
#: the years an administrator may enter a holiday schedule for
FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR = 2000, 2100
_DAY_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:~|～|至|到)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$")


# --- scope ---------------------------------------------------------------------------------------------


def admin_unit_paths(session: Session, user: User) -> list[str]:
    """Return the paths of the units ``user`` administers.

    :raise NotPermitted: the user holds no admin role.
    """
    unit_ids = {r.unit_id for r in user.roles if r.role == Role.ADMIN}
    if not unit_ids:
        raise NotPermitted("只有系统管理员可以进行系统管理")
    # an administrator of the county commission administers the whole county (engine.county)
    return reach_paths(session, unit_ids)


def _within(paths: list[str], unit: Unit) -> bool:
    return any(unit.path.startswith(p) for p in paths)


def _units_within(paths: list[str]):
    return select(Unit.id).where(or_(*[Unit.path.startswith(p) for p in paths]))


def _acting_user(actor: Actor) -> User:
    if actor.user is None:
        raise NotPermitted("系统管理须由管理员本人操作")
    return actor.user


def load_unit_for_admin(session: Session, user: User, unit_id: int) -> Unit:
    """Load a unit the admin manages, or raise NotFound (outside their units it does not exist for them)."""
    paths = admin_unit_paths(session, user)
    unit = session.get(Unit, unit_id)
    if unit is None or not _within(paths, unit):
        raise NotFound("单位不存在或不在您管理的范围内")
    return unit


def load_user_for_admin(session: Session, admin: User, user_id: int) -> User:
    """Load an account of a unit the admin manages, or raise NotFound."""
    paths = admin_unit_paths(session, admin)
    user = session.get(User, user_id)
    if user is None or user.username == SYSTEM_USERNAME or not _within(paths, user.unit):
        raise NotFound("用户不存在或不在您管理的范围内")
    return user


def _roles_of(user: User) -> list[dict]:
    return sorted(({"role": r.role, "unit_id": r.unit_id} for r in user.roles),
                  key=lambda r: (r["role"], r["unit_id"]))


# --- reading ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    """One unit of the tree as the administration page lists it."""

    unit: Unit
    depth: int
    users: int
    active_users: int
    cadres: int


def unit_tree(session: Session, user: User) -> list[UnitRow]:
    """Return the units the admin manages, parents before their children, with people counted."""
    paths = admin_unit_paths(session, user)
    units = session.execute(select(Unit).where(Unit.id.in_(_units_within(paths)))).scalars().all()
    users = dict(session.execute(select(User.unit_id, func.count()).where(User.username != SYSTEM_USERNAME)
                                 .group_by(User.unit_id)).all())
    active = dict(session.execute(select(User.unit_id, func.count()).where(
        User.username != SYSTEM_USERNAME, User.active.is_(True)).group_by(User.unit_id)).all())
    cadres = dict(session.execute(select(Cadre.unit_id, func.count()).group_by(Cadre.unit_id)).all())
    top = min(u.path.count("/") for u in units) if units else 0

    def order(unit: Unit) -> tuple:
        # ids along the path, so "/1/10/" sorts after "/1/2/" and children follow their parent
        return tuple(int(p) for p in unit.path.strip("/").split("/") if p.isdigit())

    return [UnitRow(u, u.path.count("/") - top, users.get(u.id, 0), active.get(u.id, 0), cadres.get(u.id, 0))
            for u in sorted(units, key=order)]


def list_users(session: Session, admin: User, *, unit_id: int | None = None, q: str | None = None,
               active: bool | None = None, page: int = 1, per_page: int = 50) -> Page:
    """Return a page of the accounts in the admin's units, by unit then user name."""
    paths = admin_unit_paths(session, admin)
    stmt = select(User).join(Unit, Unit.id == User.unit_id).where(
        User.unit_id.in_(_units_within(paths)), User.username != SYSTEM_USERNAME)
    if unit_id:
        stmt = stmt.where(User.unit_id == unit_id)
    if q:
        stmt = stmt.where(or_(User.username.contains(q.lower()), User.display_name.contains(q)))
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    return paginate(session, stmt.order_by(Unit.path, User.username), page, per_page)


@dataclass(frozen=True)
class CalendarStatus:
    """Whether the official holiday schedule of a year that deadlines run in is known."""

    year: int
    #: "entered" (an administrator entered it), "built_in" (the shipped State Council data) or "provisional"
    status: str
    entered: CalendarYear | None
    entered_by: User | None
    holidays: int
    workdays: int
    #: open cases whose current deadline falls in this year
    open_cases: int
    #: of those, how many carry a deadline marked provisional
    provisional_cases: int


@dataclass(frozen=True)
class CalendarOverview:
    """The calendar page: the counting rule and each year deadlines touch."""

    settings: DeadlineSettings
    years: list[CalendarStatus]
    provisional_cases: int


def calendar_overview(session: Session, clock: Clock, user: User) -> CalendarOverview:
    """Return the deadline settings and, for every year in use, whether its schedule is official."""
    admin_unit_paths(session, user)
    today = local_today(clock)
    calendar = load_calendar(session)
    entered = {y.year: y for y in session.execute(select(CalendarYear)).scalars()}
    years = {today.year, today.year + 1, *entered}
    open_cases = REGISTRY.open_deadlines(session)
    task_days = session.execute(select(HumanTask.due_date).where(
        HumanTask.status == TaskStatus.OPEN, HumanTask.due_date.is_not(None)).distinct()).scalars().all()
    for due, cap, _ in open_cases:
        years.update(d.year for d in (due, cap) if d is not None)
    years.update(d.year for d in task_days)
    day_counts: dict[tuple[int, str], int] = {
        (year, kind): n for year, kind, n in session.execute(
            select(CalendarDay.year, CalendarDay.kind, func.count()).group_by(CalendarDay.year, CalendarDay.kind))}
    rows = []
    for year in sorted(years):
        schedule = entered.get(year)
        status = "entered" if schedule else ("built_in" if calendar.is_known_year(year) else "provisional")
        in_year = [(due, provisional) for due, _, provisional in open_cases if due is not None and due.year == year]
        rows.append(CalendarStatus(
            year, status, schedule, session.get(User, schedule.entered_by_id) if schedule else None,
            day_counts.get((year, "holiday"), 0), day_counts.get((year, "workday"), 0),
            len(in_year), sum(1 for _, provisional in in_year if provisional)))
    return CalendarOverview(deadline_settings(session), rows, sum(1 for *_, p in open_cases if p))


# --- changes ---------------------------------------------------------------------------------------------


def update_unit(session: Session, clock: Clock, actor: Actor, unit_id: int, *, doc_prefix: str) -> Unit:
    """Change the issuing-body prefix of a unit's document numbers (DOMAIN.md §7, e.g. 寿纪预〔2026〕3号)."""
    unit = load_unit_for_admin(session, _acting_user(actor), unit_id)
    prefix = (doc_prefix or "").strip()
    if not prefix:
        raise FormInvalid("请填写文号前缀", details={"doc_prefix": ["不能为空"]})
    if len(prefix) > _PREFIX_LENGTH or re.search(r"\s", prefix):
        raise FormInvalid("文号前缀无效", details={"doc_prefix": [f"不超过{_PREFIX_LENGTH}个字,且不能含空格"]})
    if prefix == unit.doc_prefix:
        return unit
    before = {"doc_prefix": unit.doc_prefix}
    unit.doc_prefix = prefix
    session.flush()
    audit.record(session, clock, actor, "unit.updated", "unit", unit.id, role=Role.ADMIN,
                 before=before, after={"doc_prefix": prefix})
    return unit


def create_user(session: Session, clock: Clock, actor: Actor, *, username: str, display_name: str, unit_id: int | None,
                password: str, email: str | None = None) -> User:
    """Open an account in a unit the admin manages, with an initial password (SECURITY.md 22); no roles yet.

    :raise FormInvalid: a field is missing or invalid; ``details`` maps the field to its problems.
    """
    admin = _acting_user(actor)
    paths = admin_unit_paths(session, admin)
    name = (username or "").strip().lower()
    shown = (display_name or "").strip()
    mail = (email or "").strip() or None
    problems: dict[str, list[str]] = {}
    if not USERNAME_PATTERN.match(name):
        problems["username"] = ["2–64位小写字母、数字或 . _ -,以字母或数字开头"]
    elif session.execute(select(User.id).where(func.lower(User.username) == name)).first() is not None:
        problems["username"] = [f"用户名「{name}」已被使用"]
    if not shown:
        problems["display_name"] = ["不能为空"]
    elif len(shown) > _DISPLAY_NAME_LENGTH:
        problems["display_name"] = [f"不能超过{_DISPLAY_NAME_LENGTH}个字"]
    unit = session.get(Unit, unit_id) if unit_id else None
    if unit is None or not _within(paths, unit):
        problems["unit_id"] = ["请选择您管理范围内的单位"]
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems["password"] = [f"初始密码至少{MIN_PASSWORD_LENGTH}位"]
    elif name and password.lower() == name:
        problems["password"] = ["初始密码不能与用户名相同"]
    if mail is not None and (len(mail) > _EMAIL_LENGTH or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", mail)):
        problems["email"] = ["邮箱地址格式不正确"]
    if problems:
        raise FormInvalid("新建用户的信息有误,请修改后重新提交", details=problems)
    user = User(username=name, display_name=shown, unit_id=unit.id, password_hash=hash_password(password),
                active=True, email=mail)
    session.add(user)
    session.flush()
    audit.record(session, clock, actor, "user.created", "user", user.id, role=Role.ADMIN,
                 after={"username": name, "display_name": shown, "unit_id": unit.id, "email": mail, "active": True})
    return user


def grant_role(session: Session, clock: Clock, actor: Actor, user_id: int, *, role: str, unit_id: int | None
               ) -> RoleAssignment | RoleGrantRequest:
    """Give an account a role in a unit (who may act where, as the regulations assign roles; SECURITY.md 24, 26).

    A role of ``FOUR_EYES_ROLES`` is not given but asked for: the request waits for a second administrator.

    :raise FormInvalid: unknown role, unit outside the admin's units, or a role the user already holds there.
    """
    admin = _acting_user(actor)
    user = load_user_for_admin(session, admin, user_id)
    paths = admin_unit_paths(session, admin)
    problems: dict[str, list[str]] = {}
    # every role of the engine and of each registered regulation (the network's 信息员, the risk register's
    # 单位主要领导…): a county assigns them all here, not only the Measures' roles
    if role not in REGISTRY.roles():
        problems["role"] = ["请选择角色"]
    unit = session.get(Unit, unit_id) if unit_id else None
    if unit is None or not _within(paths, unit):
        problems["unit_id"] = ["请选择您管理范围内的单位"]
    if not problems and user.holds(role, unit.id):
        problems["role"] = [f"{user.display_name}已在{unit.name}担任{REGISTRY.roles()[role]}"]
    if problems:
        raise FormInvalid("授予角色的信息有误", details=problems)
    if role in FOUR_EYES_ROLES:
        # issue 14 §3.12: a leader's, designer's or auditor's role waits for a second administrator
        return request_role_grant(session, clock, actor, user, role, unit)
    before = _roles_of(user)
    assignment = RoleAssignment(role=role, unit_id=unit.id)
    user.roles.append(assignment)
    session.flush()
    audit.record(session, clock, actor, "role.granted", "user", user.id, role=Role.ADMIN,
                 before={"roles": before},
                 after={"roles": _roles_of(user), "granted": {"id": assignment.id, "role": role, "unit_id": unit.id}})
    return assignment


@dataclass(frozen=True)
class RevokedRole:
    """A role taken away: whose, which, where."""

    user: User
    role: str
    unit: Unit


def revoke_role(session: Session, clock: Clock, actor: Actor, assignment_id: int) -> RevokedRole:
    """Take a role away from an account; an admin keeps at least one admin role of their own.

    :raise NotFound: no such assignment in the admin's units.
    :raise NotPermitted: it is the actor's own last admin role.
    """
    admin = _acting_user(actor)
    paths = admin_unit_paths(session, admin)
    assignment = session.get(RoleAssignment, assignment_id)
    if assignment is None:
        raise NotFound("角色不存在或不在您管理的范围内")
    unit = session.get(Unit, assignment.unit_id)
    user = assignment.user
    if user.username == SYSTEM_USERNAME or not _within(paths, unit) or not _within(paths, user.unit):
        raise NotFound("角色不存在或不在您管理的范围内")
    if user.id == admin.id and assignment.role == Role.ADMIN and \
            sum(1 for r in user.roles if r.role == Role.ADMIN) == 1:
        raise NotPermitted("不能撤销您本人唯一的系统管理员角色,请由其他管理员操作", code="own_last_admin_role")
    before = _roles_of(user)
    revoked = {"id": assignment.id, "role": assignment.role, "unit_id": assignment.unit_id}
    user.roles.remove(assignment)
    session.flush()
    audit.record(session, clock, actor, "role.revoked", "user", user.id, role=Role.ADMIN,
                 before={"roles": before}, after={"roles": _roles_of(user), "revoked": revoked})
    return RevokedRole(user, revoked["role"], unit)


def set_user_active(session: Session, clock: Clock, actor: Actor, user_id: int, active: bool) -> User:
    """Let an account sign in again, or stop it from signing in (its sessions end on the next request).

    :raise NotPermitted: an admin deactivating their own account.
    """
    admin = _acting_user(actor)
    user = load_user_for_admin(session, admin, user_id)
    if user.id == admin.id and not active:
        raise NotPermitted("不能停用您本人的账号", code="own_account")
    if user.active == active:
        return user
    user.active = active
    if not active:
        # issue 14 §3.4, §3.6: sessions and tokens die with the account, and stay dead if it is reactivated
        end_sessions(user)
        revoke_tokens_of(session, clock, clock, actor, user, "deactivated")
    session.flush()
    audit.record(session, clock, actor, "user.activated" if active else "user.deactivated", "user", user.id,
                 role=Role.ADMIN, before={"active": not active}, after={"active": active})
    return user


def _parse_days(text: str, field: str, year: int | None, problems: dict[str, list[str]]) -> dict[dt.date, str]:
    """Read lines "2027-01-01 元旦" or "2027-02-10~2027-02-16 春节" into days with their names."""
    days: dict[dt.date, str] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        found = _DAY_LINE.match(line)
        try:
            first = dt.date.fromisoformat(_iso(found.group(1))) if found else None
            last = dt.date.fromisoformat(_iso(found.group(2))) if found and found.group(2) else first
        except ValueError:
            first = last = None
        if first is None:
            problems.setdefault(field, []).append(
                f"第{number}行「{line[:30]}」:应为“YYYY-MM-DD 名称”或“YYYY-MM-DD~YYYY-MM-DD 名称”"
            )
            continue
        name = found.group(3).strip()[:_DAY_NAME_LENGTH]
        if last < first or (last - first).days > 31:
            problems.setdefault(field, []).append(f"第{number}行:起止日期有误")
            continue
        day = first
        while day <= last:
            if year is not None and day.year != year:
                problems.setdefault(field, []).append(f"第{number}行:{day.isoformat()}不在{year}年")
                break
            days[day] = name
            day += dt.timedelta(days=1)
    return days


def _iso(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


@dataclass(frozen=True)
class EnteredSchedule:
    """A saved year's schedule written back as the lines the entry form takes (so it can be read and corrected)."""

    year: int
    source: str
    holidays: str
    workdays: str


def _day_lines(days: list[CalendarDay]) -> str:
    """Write days as form lines: consecutive days of one name as ``2027-02-10~2027-02-16 春节``."""
    lines: list[str] = []
    run: list[CalendarDay] = []
    for day in sorted(days, key=lambda d: d.day):
        if run and (day.name != run[-1].name or day.day - run[-1].day != dt.timedelta(days=1)):
            lines.append(_run_line(run))
            run = []
        run.append(day)
    if run:
        lines.append(_run_line(run))
    return "\n".join(lines)


def _run_line(run: list[CalendarDay]) -> str:
    span = run[0].day.isoformat() if len(run) == 1 else f"{run[0].day.isoformat()}~{run[-1].day.isoformat()}"
    return f"{span} {run[0].name}".rstrip()


def entered_schedule(session: Session, user: User, year: int) -> EnteredSchedule | None:
    """Return a saved year's schedule as the entry form writes it, or None when the year was never entered."""
    admin_unit_paths(session, user)
    saved = session.get(CalendarYear, year)
    if saved is None:
        return None
    days = session.execute(select(CalendarDay).where(CalendarDay.year == year)).scalars().all()
    return EnteredSchedule(year, saved.source, _day_lines([d for d in days if d.kind == "holiday"]),
                           _day_lines([d for d in days if d.kind == "workday"]))


def enter_calendar_year(session: Session, clock: Clock, actor: Actor, *, year: int | str, source: str,
                        holidays: str, workdays: str) -> CalendarYear:
    """Enter (or replace) a year's official holiday and make-up working-day schedule (DOMAIN.md §2).

    Deadlines falling in a year without a known schedule count weekends only and are marked provisional;
    entering the year computes again the open cases' deadlines that fall in it
    (each regulation's ``calendar_entered`` listener, e.g. processes/measures/provisional_deadlines.py).

    :raise FormInvalid: bad year, missing source, unreadable lines, or a day both holiday and working day.
    """
    admin = _acting_user(actor)
    admin_unit_paths(session, admin)
    problems: dict[str, list[str]] = {}
    number = int(year) if str(year).strip().isdigit() else None
    if number is None or not FIRST_CALENDAR_YEAR <= number <= LAST_CALENDAR_YEAR:
        problems["year"] = [f"请填写{FIRST_CALENDAR_YEAR}–{LAST_CALENDAR_YEAR}之间的年份"]
    text = (source or "").strip()
    if not text:
        problems["source"] = ["请填写依据的国务院办公厅通知"]
    elif len(text) > _SOURCE_LENGTH:
        problems["source"] = [f"不能超过{_SOURCE_LENGTH}个字"]
    rest = _parse_days(holidays, "holidays", number, problems)
    work = _parse_days(workdays, "workdays", number, problems)
    if not rest and "holidays" not in problems:
        problems["holidays"] = ["请至少填写一天法定节假日"]
    both = sorted(set(rest) & set(work))
    if both:
        problems.setdefault("workdays", []).append(
            "以下日期同时填为节假日和调休上班日:" + "、".join(d.isoformat() for d in both))
    if problems:
        raise FormInvalid("节假日安排有误,未保存", details=problems)
    existing = session.get(CalendarYear, number)
    before = None
    if existing is not None:
        old = session.execute(select(CalendarDay).where(CalendarDay.year == number)).scalars().all()
        before = {"source": existing.source,
                  "holidays": sorted(d.day.isoformat() for d in old if d.kind == "holiday"),
                  "workdays": sorted(d.day.isoformat() for d in old if d.kind == "workday")}
    schedule = enter_year_schedule(session, year=number, holidays=rest, workdays=work, entered_by_id=admin.id,
                                   entered_at=clock.now(), source=text)
    session.flush()
    audit.record(session, clock, actor, "calendar.year_entered", "calendar_year", number, role=Role.ADMIN,
                 before=before, after={"source": text, "holidays": sorted(d.isoformat() for d in rest),
                                       "workdays": sorted(d.isoformat() for d in work)})
    # DOMAIN.md §2: deadlines counted on weekends only until now are computed again, in this transaction, by
    # each regulation that keeps deadlines on its subjects.
    for listener in REGISTRY.calendar_listeners():
        listener(session, clock, actor, number)
    return schedule
