"""Import the cadre roster from Excel: every row checked, all or nothing, one audit event (第三、十四、三十四条).

A row whose name and unit match a cadre on the roster **updates** that cadre (position, position kind and,
when the row names one, the managing unit); every other row creates a cadre. The organisation department
keeps the roster as a spreadsheet and re-imports the whole of it when positions change, so updating is
what a re-import means, and refusing it would force them to delete rows by hand. Still refused: the same
name twice in one unit within the file, and a row matching two cadres already on the roster (the system
cannot tell which one is meant).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.county import county_commission_id
from engine.county import reach_paths
from engine.county import root_path
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.registry import REGISTRY
from engine.spreadsheets import CADRE_EXAMPLE
from engine.spreadsheets import CADRE_KIND
from engine.spreadsheets import CADRE_MANAGER_CODE
from engine.spreadsheets import CADRE_MANAGER_NAME
from engine.spreadsheets import CADRE_NAME
from engine.spreadsheets import CADRE_TEMPLATE_HEADERS
from engine.spreadsheets import CADRE_TITLE
from engine.spreadsheets import CADRE_UNIT_CODE
from engine.spreadsheets import CADRE_UNIT_NAME
from engine.spreadsheets import MAX_CADRE_ROWS
from engine.spreadsheets import SheetProblems
from engine.spreadsheets import read_sheet
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import Role

MAX_IMPORT_ROWS = MAX_CADRE_ROWS
_KNOWN_HEADERS = (*CADRE_TEMPLATE_HEADERS, CADRE_UNIT_NAME, CADRE_MANAGER_NAME)
_KIND_BY_LABEL = {label: str(kind) for kind, label in POSITION_KIND_LABELS.items()}
_NAME_LENGTH = Cadre.__table__.c.name.type.length
_TITLE_LENGTH = Cadre.__table__.c.position_title.type.length
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CadreImport:
    """What an import did: cadres created, updated, and matched with nothing to change."""

    created: int
    updated: int
    unchanged: int = 0


@dataclass(frozen=True)
class _Row:
    number: int
    name: str
    unit: Unit
    title: str
    kind: str
    #: None: keep the managing unit of a cadre on the roster, or the cadre's own unit for a new one
    manager: Unit | None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a numeric unit code comes back from Excel as 1001.0
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _cell(values: tuple[Any, ...], columns: dict[str, int], header: str) -> str:
    index = columns.get(header)
    return _text(values[index]) if index is not None and index < len(values) else ""


def _admin_unit_paths(session: Session, actor: Actor) -> list[str]:
    """Return the paths of the units the actor administers; the system actor administers the root."""
    if actor.is_system:
        return ["/"]
    unit_ids = {r.unit_id for r in actor.user.roles if r.role == Role.ADMIN}
    if not unit_ids:
        raise NotPermitted("只有系统管理员可以导入干部名册")
    # an administrator of the county commission administers the whole county (engine.county)
    return reach_paths(session, unit_ids)


def _columns(number: int, header: tuple[Any, ...]) -> dict[str, int]:
    """Map each known header to its column index, or refuse a header that is not the template's."""
    columns: dict[str, int] = {}
    problems: list[str] = []
    for index, value in enumerate(header):
        title = _WHITESPACE.sub("", _text(value))
        if title not in _KNOWN_HEADERS:
            continue  # extra columns such as 备注 are the department's own notes
        if title in columns:
            problems.append(f"「{title}」列出现了两次")
        columns[title] = index
    for title in (CADRE_NAME, CADRE_TITLE, CADRE_KIND):
        if title not in columns:
            problems.append(f"缺少「{title}」列")
    if CADRE_UNIT_CODE not in columns and CADRE_UNIT_NAME not in columns:
        problems.append(f"缺少「{CADRE_UNIT_CODE}」或「{CADRE_UNIT_NAME}」列")
    if CADRE_UNIT_CODE in columns and CADRE_UNIT_NAME in columns:
        problems.append(f"「{CADRE_UNIT_CODE}」和「{CADRE_UNIT_NAME}」只能保留一列")
    if CADRE_MANAGER_CODE in columns and CADRE_MANAGER_NAME in columns:
        problems.append(f"「{CADRE_MANAGER_CODE}」和「{CADRE_MANAGER_NAME}」只能保留一列")
    if problems:
        raise FormInvalid("表头与导入模板不符,请使用下载的导入模板", details={f"第{number}行(表头)": problems})
    return columns


class _UnitFinder:
    """Look units up by code or by name, saying why a cell names no single unit."""

    def __init__(self, units: list[Unit]):
        self.by_code = {u.code: u for u in units}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_name.setdefault(unit.name, []).append(unit)

    def find(self, header: str, text: str) -> tuple[Unit | None, str | None]:
        if header in (CADRE_UNIT_CODE, CADRE_MANAGER_CODE):
            unit = self.by_code.get(text)
            return unit, None if unit else f"「{text}」不是已有的单位编码"
        matches = self.by_name.get(text, [])
        if len(matches) > 1:
            return None, f"名为「{text}」的单位有{len(matches)}个,请改用单位编码"
        return (matches[0], None) if matches else (None, f"「{text}」不是已有的单位名称")


def _parse(number: int, values: tuple[Any, ...], columns: dict[str, int], units: _UnitFinder,
           admin_paths: list[str], problems: SheetProblems, commission_id: int) -> _Row | None:
    """Check one row; report every problem of it and return it only when it has none."""
    def cell(header: str) -> str:
        return _cell(values, columns, header)

    before = len(problems.found)
    # Names padded for alignment ("张  三") are the same person as "张三".
    name = _WHITESPACE.sub("", cell(CADRE_NAME))
    title = cell(CADRE_TITLE)
    kind_label = cell(CADRE_KIND)
    for header, text, limit in ((CADRE_NAME, name, _NAME_LENGTH), (CADRE_TITLE, title, _TITLE_LENGTH)):
        if not text:
            problems.add(number, header, "不能为空")
        elif len(text) > limit:
            problems.add(number, header, f"不能超过{limit}个字")
    kind = _KIND_BY_LABEL.get(kind_label)
    if not kind_label:
        problems.add(number, CADRE_KIND, "不能为空")
    elif kind is None:
        problems.add(number, CADRE_KIND, f"「{kind_label}」不是可选的职务类别:{'、'.join(_KIND_BY_LABEL)}")

    unit_header = CADRE_UNIT_CODE if CADRE_UNIT_CODE in columns else CADRE_UNIT_NAME
    unit = None
    if not cell(unit_header):
        problems.add(number, unit_header, "不能为空")
    else:
        unit, message = units.find(unit_header, cell(unit_header))
        if message:
            problems.add(number, unit_header, message)
        elif not any(unit.path.startswith(p) for p in admin_paths):
            problems.add(number, unit_header, f"「{unit.name}」不在您管理的单位范围内,无权导入其干部")

    manager_header = CADRE_MANAGER_CODE if CADRE_MANAGER_CODE in columns else CADRE_MANAGER_NAME
    manager = None
    if cell(manager_header):
        manager, message = units.find(manager_header, cell(manager_header))
        if message:
            problems.add(number, manager_header, message)
        elif unit is not None and not unit.path.startswith(
                root_path(manager.path) if manager.id == commission_id else manager.path):
            # A clue is reported up to the managing unit (第十四条), so it must sit on the way up; the county
            # commission is above every unit of the county in that line (engine.county).
            problems.add(number, manager_header,
                         f"「{manager.name}」不是「{unit.name}」或其上级单位,不能作为管理单位(第三、十四条)")
    if len(problems.found) > before:
        return None
    return _Row(number, name, unit, title, kind, manager)


def import_cadres(session: Session, clock: Clock, actor: Actor, data: bytes) -> CadreImport:
    """Create or update cadres from the first sheet of an .xlsx; one bad row refuses the whole file.

    Columns (see ``engine.spreadsheets.cadre_template``): 姓名, 单位编码 or 单位名称, 职务, 职务类别 (a label of
    ``PositionKind``), and optionally 管理单位编码 or 管理单位名称 — the unit with management authority
    (第三、十四条), the cadre's own unit or one above it. Blank, it is the cadre's own unit for a new cadre and
    left as it is for a cadre already on the roster. Other columns are ignored.

    :raise NotPermitted: the actor holds no admin role.
    :raise FormInvalid: not a valid .xlsx, a header unlike the template's, more than ``MAX_IMPORT_ROWS``
        rows, or bad rows; ``details`` then maps "第N行 X列(表头)" to the problems of that cell.
    """
    admin_paths = _admin_unit_paths(session, actor)
    rows = read_sheet(data, max_rows=MAX_IMPORT_ROWS + 1)
    if not rows:
        raise FormInvalid("表格是空的,请按导入模板填写后上传")
    header_number, header = rows[0]
    columns = _columns(header_number, header)
    body = rows[1:]
    if not body:
        raise FormInvalid("表格中只有表头,没有干部数据")
    problems = SheetProblems(columns, "有{rows}行数据有误,未导入任何干部;请按提示修改后重新上传")
    units = _UnitFinder(list(session.execute(select(Unit)).scalars()))
    commission_id = county_commission_id(session)
    parsed: list[_Row] = []
    first_seen: dict[tuple[str, str], int] = {}
    unit_header = CADRE_UNIT_CODE if CADRE_UNIT_CODE in columns else CADRE_UNIT_NAME
    for number, values in body:
        if tuple(_text(v) for v in values[:len(CADRE_EXAMPLE)]) == CADRE_EXAMPLE:
            problems.add(number, CADRE_NAME, "这是模板中的示例行,请删除后再导入")
            continue
        # Duplicates are keyed on the cells as written, so a duplicate of a row with other errors is found too.
        key = (_WHITESPACE.sub("", _cell(values, columns, CADRE_NAME)), _cell(values, columns, unit_header))
        duplicate_of = first_seen.setdefault(key, number) if all(key) else number
        if duplicate_of != number:
            problems.add(number, CADRE_NAME, f"与第{duplicate_of}行重复(同一单位同名的干部只能出现一次)")
        row = _parse(number, values, columns, units, admin_paths, problems, commission_id)
        if row is not None and duplicate_of == number:
            parsed.append(row)

    on_roster: dict[tuple[str, int], list[Cadre]] = {}
    unit_ids = {row.unit.id for row in parsed}
    if unit_ids:
        for cadre in session.execute(select(Cadre).where(Cadre.unit_id.in_(unit_ids))).scalars():
            on_roster.setdefault((cadre.name, cadre.unit_id), []).append(cadre)
    for row in parsed:
        matches = on_roster.get((row.name, row.unit.id), [])
        if len(matches) > 1:
            problems.add(row.number, CADRE_NAME, f"系统中「{row.unit.name}」已有{len(matches)}名叫「{row.name}」的干部,"
                                                 "无法确定更新哪一位,请先在系统中核对")
    problems.raise_if_any()

    created: list[Cadre] = []
    changes: dict[str, dict[str, list[Any]]] = {}
    changed_posts: list[tuple[Cadre, dict[str, list[Any]]]] = []
    unchanged = 0
    for row in parsed:
        matches = on_roster.get((row.name, row.unit.id))
        if not matches:
            cadre = Cadre(name=row.name, unit_id=row.unit.id, position_title=row.title, position_kind=row.kind,
                          managed_by_unit_id=(row.manager or row.unit).id)
            session.add(cadre)
            created.append(cadre)
            continue
        cadre = matches[0]
        wanted = {"position_title": row.title, "position_kind": row.kind}
        if row.manager is not None:
            wanted["managed_by_unit_id"] = row.manager.id
        diff = {field: [getattr(cadre, field), value] for field, value in wanted.items()
                if getattr(cadre, field) != value}
        if not diff:
            unchanged += 1
            continue
        for field, (_, value) in diff.items():
            setattr(cadre, field, value)
        changes[str(cadre.id)] = diff
        changed_posts.append((cadre, diff))
    session.flush()
    for cadre, diff in changed_posts:
        # a regulation whose records follow the post looks again (issue 12 §2), in this same transaction
        REGISTRY.cadre_post_changed(session, clock, actor, cadre, diff)
    audit.record(session, clock, actor, "cadres.imported", "cadre", None, role=None if actor.is_system else Role.ADMIN,
                 after={"rows": len(parsed), "created": len(created), "updated": len(changes),
                        "unchanged": unchanged, "created_ids": [c.id for c in created], "changes": changes})
    return CadreImport(len(created), len(changes), unchanged)
