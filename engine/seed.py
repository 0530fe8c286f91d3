"""The demo county: a commission, three towns, three departments, users for every role, thirty cadres.

Idempotent: running it twice changes nothing. Every demo user's password is ``DEMO_PASSWORD``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from engine.actors import SYSTEM
from engine.clock import Clock
from engine.models.people import Cadre
from engine.models.people import RoleAssignment
from engine.models.people import Unit
from engine.models.people import User
from engine.operations.definitions import deploy_files
from engine.registry import REGISTRY
from engine.vocabulary import PositionKind as P
from engine.vocabulary import Role as R
from engine.vocabulary import UnitKind

DEMO_PASSWORD = "lianjing2026"
#: SECURITY.md 22: scrypt with N = 2^17 (Werkzeug's default is weaker)
PASSWORD_METHOD = "scrypt:131072:8:1"


@dataclass(frozen=True)
class _UnitSeed:
    code: str
    name: str
    kind: str
    parent: str | None
    prefix: str


UNITS = [
    # The county itself is the root; the commission, the county party committee, the towns and the county-level
    # departments are its units (issue 15: the unit tree as it is). The commission's roles reach the whole
    # county and the county-level steps are done in it (engine.county).
    _UnitSeed("shouxian", "寿县", UnitKind.COUNTY, None, "寿"),
    _UnitSeed("county", "寿县纪委", UnitKind.COMMISSION, "shouxian", "寿纪预"),
    _UnitSeed("county-committee", "中共寿县县委", UnitKind.COUNTY_COMMITTEE, "shouxian", "寿委"),
    # 县委组织部 is a working department of the county party committee, so it sits under 中共寿县县委.
    _UnitSeed("org-dept", "县委组织部", UnitKind.ORGANISATION, "county-committee", "寿组"),
    _UnitSeed("personnel", "县人力资源和社会保障局", UnitKind.PERSONNEL, "shouxian", "寿人社"),
    _UnitSeed("town-zhengyang", "正阳关镇", UnitKind.TOWN, "shouxian", "正纪预"),
    _UnitSeed("town-wabu", "瓦埠镇", UnitKind.TOWN, "shouxian", "瓦纪预"),
    _UnitSeed("town-anfeng", "安丰镇", UnitKind.TOWN, "shouxian", "安纪预"),
    _UnitSeed("dept-finance", "县财政局", UnitKind.DEPARTMENT, "shouxian", "寿财纪"),
    _UnitSeed("dept-housing", "县住房和城乡建设局", UnitKind.DEPARTMENT, "shouxian", "寿建纪"),
    _UnitSeed("dept-education", "县教育体育局", UnitKind.DEPARTMENT, "shouxian", "寿教纪"),
]

# (username, name, unit code, [(role, unit code)], cadre key or None)
USERS = [
    ("system", "系统", "county", [], None),
    ("admin", "系统管理员", "county", [(R.ADMIN, "county")], None),
    ("wang.clerk", "王文书(预警办)", "county", [(R.WARNING_OFFICE, "county")], None),
    ("xu.clerk", "徐敏(预警办)", "county", [(R.WARNING_OFFICE, "county")], None),
    ("li.deputy", "李建国(分管副书记)", "county", [(R.DEPUTY_SECRETARY, "county")], None),
    ("zhang.secretary", "张正清(纪委书记)", "county", [(R.SECRETARY, "county")], None),
    ("zhao.committee", "赵明(常委会秘书)", "county", [(R.STANDING_COMMITTEE, "county")], None),
    ("wu.partychief", "吴卫东(县委书记)", "county-committee", [(R.PARTY_CHIEF, "county")], None),
    ("zheng.org", "郑红(组织部)", "org-dept", [(R.ORGANISATION_DEPT, "org-dept")], None),
    ("he.personnel", "何静(人社局)", "personnel", [(R.PERSONNEL_DEPT, "personnel")], None),
    ("chen.supervisor", "陈督办", "county", [(R.SUPERVISOR, "county")], None),
    ("liu.auditor", "刘审计", "county", [(R.AUDITOR, "county")], None),
    ("sun.designer", "孙设计", "county", [(R.DESIGNER, "county")], None),
    ("zhou.designer", "周设计", "county", [(R.DESIGNER, "county")], None),
    ("zy.office", "正阳关镇纪委干事", "town-zhengyang", [(R.WARNING_OFFICE, "town-zhengyang")], None),
    (
        "zy.secretary",
        "正阳关镇纪委书记",
        "town-zhengyang",
        [(R.SECRETARY, "town-zhengyang"), (R.DEPUTY_SECRETARY, "town-zhengyang")],
        None,
    ),
    (
        "zy.partychief",
        "正阳关镇党委书记",
        "town-zhengyang",
        [(R.PARTY_CHIEF, "town-zhengyang"), (R.UNIT_PARTY_COMMITTEE, "town-zhengyang")],
        "town-zhengyang/1",
    ),
    ("wb.office", "瓦埠镇纪委干事", "town-wabu", [(R.WARNING_OFFICE, "town-wabu")], None),
    (
        "wb.secretary",
        "瓦埠镇纪委书记",
        "town-wabu",
        [(R.SECRETARY, "town-wabu"), (R.DEPUTY_SECRETARY, "town-wabu")],
        None,
    ),
    ("af.office", "安丰镇纪委干事", "town-anfeng", [(R.WARNING_OFFICE, "town-anfeng")], None),
    (
        "af.secretary",
        "安丰镇纪委书记",
        "town-anfeng",
        [(R.SECRETARY, "town-anfeng"), (R.DEPUTY_SECRETARY, "town-anfeng")],
        None,
    ),
    ("cz.office", "财政局纪检组干事", "dept-finance", [(R.WARNING_OFFICE, "dept-finance")], None),
    (
        "cz.secretary",
        "财政局纪检组长",
        "dept-finance",
        [(R.SECRETARY, "dept-finance"), (R.DEPUTY_SECRETARY, "dept-finance")],
        None,
    ),
    ("zj.office", "住建局纪检组干事", "dept-housing", [(R.WARNING_OFFICE, "dept-housing")], None),
    ("jy.office", "教体局纪检组干事", "dept-education", [(R.WARNING_OFFICE, "dept-education")], None),
]

_TOWN_CADRES = [("党委书记", P.PRINCIPAL_LEADER, True), ("镇长", P.PRINCIPAL_LEADER, True),
                ("党委副书记", P.GROUP_MEMBER, True), ("副镇长", P.GROUP_MEMBER, True),
                ("财政所所长", P.OTHER, False), ("国土所所长", P.OTHER, False)]
_DEPT_CADRES = [("局长", P.PRINCIPAL_LEADER, True), ("副局长", P.GROUP_MEMBER, True),
                ("纪检组长", P.GROUP_MEMBER, True), ("办公室主任", P.OTHER, False)]
_SURNAMES = "周吴郑孙钱冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢"
_GIVEN = ["志强", "海燕", "文军", "立新", "红梅", "国华", "建平", "晓东", "玉兰", "德明", "春生", "秀英",
          "永刚", "丽萍", "学军", "桂芳", "长青", "卫国", "淑珍", "振华", "雪梅", "保国", "金凤", "俊杰",
          "爱民", "凤英", "宏伟", "小红", "忠诚", "新民"]


def _cadre_specs() -> list[tuple[str, str, str, str, str, bool]]:
    """Return (key, name, unit code, title, position kind, county-managed) for the thirty demo cadres."""
    specs = []
    index = 0
    for unit in UNITS:
        table = {UnitKind.TOWN: _TOWN_CADRES, UnitKind.DEPARTMENT: _DEPT_CADRES}.get(unit.kind)
        if table is None:
            continue
        for position, (title, kind, county_managed) in enumerate(table, start=1):
            name = _SURNAMES[index] + _GIVEN[index]
            specs.append((f"{unit.code}/{position}", name, unit.code, title, kind, county_managed))
            index += 1
    return specs


def seed_demo(session: Session, clock: Clock, *, password_hash: str | None = None) -> dict[str, int]:
    """Create the demo county if it is not there yet; return counts of what was created."""
    created = {"units": 0, "users": 0, "cadres": 0}
    units: dict[str, Unit] = {u.code: u for u in session.execute(select(Unit)).scalars()}
    for seed in UNITS:
        if seed.code in units:
            continue
        if seed.kind == UnitKind.COUNTY and units:
            # a demo database made before keeps its root: the county the migration 0018 put above the
            # commission (code county-root), or the commission itself if not yet migrated (engine.county)
            units[seed.code] = next(u for u in units.values() if u.parent_id is None)
            continue
        parent = units.get(seed.parent) if seed.parent else None
        unit = Unit(code=seed.code, name=seed.name, kind=seed.kind, parent_id=parent.id if parent else None,
                    doc_prefix=seed.prefix, path="/")
        session.add(unit)
        session.flush()
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        units[seed.code] = unit
        created["units"] += 1
    cadres: dict[str, Cadre] = {}
    existing_cadres = {(c.unit_id, c.position_title, c.name): c for c in session.execute(select(Cadre)).scalars()}
    for key, name, unit_code, title, kind, county_managed in _cadre_specs():
        unit = units[unit_code]
        cadre = existing_cadres.get((unit.id, title, name))
        if cadre is None:
            cadre = Cadre(name=name, unit_id=unit.id, position_title=title, position_kind=kind,
                          managed_by_unit_id=units["county"].id if county_managed else unit.id)
            session.add(cadre)
            created["cadres"] += 1
        cadres[key] = cadre
    session.flush()
    hashed = password_hash or generate_password_hash(DEMO_PASSWORD, method=PASSWORD_METHOD)
    known = {u.username for u in session.execute(select(User)).scalars()}
    for username, display, unit_code, roles, cadre_key in USERS:
        if username in known:
            continue
        user = User(username=username, display_name=display, unit_id=units[unit_code].id,
                    password_hash="" if username == "system" else hashed, active=username != "system",
                    cadre_id=cadres[cadre_key].id if cadre_key else None)
        user.roles = [RoleAssignment(role=role, unit_id=units[code].id) for role, code in roles]
        session.add(user)
        created["users"] += 1
    session.flush()
    return created


def add_people(session: Session, people: Iterable[tuple[str, str, str, Iterable[str]]], *,
               password_hash: str) -> int:
    """Add accounts (username, name, unit code, roles held in that unit) that do not exist yet; return how many.

    For a regulation's own demo people and test worlds: one account is never made twice, and a unit the county
    does not have is passed over (a county's real installation imports its people with ``import-org``).
    """
    units = {u.code: u.id for u in session.execute(select(Unit)).scalars()}
    known = set(session.execute(select(User.username)).scalars())
    added = 0
    for username, display, unit_code, roles in people:
        if username in known or unit_code not in units:
            continue
        user = User(username=username, display_name=display, unit_id=units[unit_code], password_hash=password_hash,
                    active=True)
        user.roles = [RoleAssignment(role=role, unit_id=units[unit_code]) for role in roles]
        session.add(user)
        known.add(username)
        added += 1
    session.flush()
    return added


def deploy_shipped_processes(session: Session, clock: Clock) -> list[tuple[str, int, bool]]:
    """Deploy the diagrams and decision tables of every registered regulation (code-reviewed, SECURITY.md 13)
    as the system actor.

    Their timer starts (the monthly report, the yearly re-identification) are deployed held: an installation
    resumes each on 系统管理 → 定时发起 once the people they give tasks to are in place, so nothing starts
    on an empty county the night it is installed. A later deploy keeps a running schedule running.
    """
    files = {path.name: path.read_bytes() for regulation in REGISTRY.regulations() if regulation.diagrams
             for pattern in ("*.bpmn", "*.dmn") for path in sorted(regulation.diagrams.glob(pattern))}
    return [(d.key, d.version, new) for d, new in deploy_files(session, clock, SYSTEM, files, schedules_paused=True)]
