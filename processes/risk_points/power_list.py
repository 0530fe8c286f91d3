"""A unit's power list (权力清单) in Excel: export, the import template, and the all-or-nothing import.

「000 第二篇 二」 (找准廉政风险点): 认真梳理权力 … 制定职权目录,制作权力运行图 — a unit lists its powers before it
looks for their risks; 「004 十」第三步 asks it to 清权确权 (confirm each power and its basis). The fields are those
of DOMAIN.md §5; an item is major (集体决策) or ordinary: 「000 第五篇 二(五)」 凡属重大决策、重要干部任免、重要建设项目
安排和大额度资金的使用等,都要经过领导集体内部充分讨论作出决策.

Import, following the cadre roster's import (engine/operations/cadres.py): the first sheet, row 1 the header
(the export's and the template's columns; other columns are ignored), every row checked, each problem keyed by
its cell as Excel shows it (第3行 E列(设定依据)); one bad row and nothing is written (FormInvalid, 422).

**Matching**: a row is the item of the unit with the same 编码 (the unit's own numbering, unique within the unit,
migration 0014): that item is updated; a row with a new 编码 creates an item. An import never deletes: an item
missing from the file stays (risk points may name it), and so does a field whose optional column the file leaves
out. Refused: the same 编码 or the same 权力名称 twice in the file, and a new 编码 whose 权力名称 is already another
item's (the same power listed twice under two numbers).

Power items have no version table: each created or changed item is one audit event (``power_item.created`` /
``power_item.revised``) holding the item before and after, who, when and why, in the hash-chained log.
A changed item flags the risk points registered on it for re-identification (reidentification.py, 「004 六」).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.models import Unit
from engine.models import User
from engine.spreadsheets import NOTE_FONT
from engine.spreadsheets import SheetProblems
from engine.spreadsheets import read_sheet
from engine.spreadsheets import workbook_bytes
from engine.spreadsheets import write_cell
from engine.spreadsheets import write_header
from processes.risk_points import reidentification
from processes.risk_points.access import check_editable
from processes.risk_points.access import check_readable
from processes.risk_points.models import PowerItem
from processes.risk_points.models import PowerItemVersion
from processes.risk_points.models import RiskPoint

#: most data rows one import may hold (a county bureau lists tens to a few hundred powers)
MAX_POWER_ROWS = 2_000
#: longest text a free-text cell may hold (Excel allows 32,767 characters; a power list needs far fewer)
LONG_TEXT = 2_000
#: the major / ordinary column's two values (「000 第五篇 二(五)」: major matters are decided collectively)
MAJOR_LABEL = "重大事项(集体决策)"
ORDINARY_LABEL = "一般事项"
KIND_BY_LABEL = {MAJOR_LABEL: True, ORDINARY_LABEL: False}
DEFAULT_REASON = "导入权力清单"
_PHONE = re.compile(r"\+?[0-9]+(-[0-9]+)*")
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Column:
    """One column of the power list sheet: the item's field, its Chinese header, width and rules."""

    field: str
    header: str
    width: int
    limit: int
    required: bool = False
    kind: str = "text"  # text | code | major | phone


#: DOMAIN.md §5's fields in the order a published power list shows them
COLUMNS: tuple[Column, ...] = (
    Column("code", "编码", 12, PowerItem.__table__.c.code.type.length, True, "code"),
    Column("name", "权力名称", 28, PowerItem.__table__.c.name.type.length, True),
    Column("major", "事项类别", 18, 0, True, "major"),
    Column("service_object", "服务对象", 16, PowerItem.__table__.c.service_object.type.length),
    # 「004 十」第三步 清权确权: a power is confirmed by what sets it, so its basis is required
    Column("legal_basis", "设定依据", 36, LONG_TEXT, True),
    Column("charging_basis", "收费依据及标准", 18, LONG_TEXT),
    Column("handling_body", "办理机构及地点", 24, PowerItem.__table__.c.handling_body.type.length),
    # 「004 六」明确岗位职责: each power belongs to an office that answers for it
    Column("responsible_office", "责任科室", 14, PowerItem.__table__.c.responsible_office.type.length, True),
    Column("responsible_person", "责任人", 12, PowerItem.__table__.c.responsible_person.type.length),
    Column("time_limit", "办理时限", 14, PowerItem.__table__.c.time_limit.type.length),
    Column("contact_phone", "联系电话", 16, PowerItem.__table__.c.contact_phone.type.length, kind="phone"),
    Column("supervision_phone", "监督电话", 16, PowerItem.__table__.c.supervision_phone.type.length, kind="phone"),
    Column("procedure", "办理流程", 36, LONG_TEXT),
    Column("remarks", "备注", 20, LONG_TEXT),
)
HEADERS = tuple(c.header for c in COLUMNS)
FIELDS = tuple(c.field for c in COLUMNS)

#: the template's example row; it obeys every rule below (tests/risk_points/test_power_list.py), and the import
#: still refuses it as written, so a forgotten example never enters a unit's list (as the cadre roster does)
EXAMPLE: dict[str, str] = {
    "code": "CZ-XK-001", "name": "政府采购方式变更审批", "major": MAJOR_LABEL, "service_object": "县直各预算单位",
    "legal_basis": "《中华人民共和国政府采购法》第二十七条", "charging_basis": "不收费",
    "handling_body": "县财政局政府采购股(县政务服务中心二楼)", "responsible_office": "政府采购股",
    "responsible_person": "政府采购股股长", "time_limit": "5个工作日", "contact_phone": "0554-4022001",
    "supervision_phone": "12388", "procedure": "单位申请→政府采购股审核→分管领导审批→局党组集体研究→办结",
    "remarks": "",
}


@dataclass(frozen=True)
class PowerListImport:
    """What an import did: items created, changed, and matched with nothing to change."""

    created: int
    updated: int
    unchanged: int


def snapshot(item: PowerItem) -> dict[str, Any]:
    """The item's fields as an audit event records them."""
    return {"unit_id": item.unit_id, **{name: getattr(item, name) for name in FIELDS},
            "flow_chart_key": item.flow_chart_key}


def record_item_version(session: Session, clock: Clock, actor: Actor, item: PowerItem, reason: str, *,
                        first: bool = False) -> None:
    """Make what was just done to ``item`` its next version (its first when ``first``), with who, when and why:
    the power list changes as powers do (「000 第二篇 二」 清权确权), and every change is kept (issue 12 §2)."""
    if not first:
        item.version += 1
    session.flush()
    session.add(PowerItemVersion(power_item_id=item.id, version=item.version, content=snapshot(item),
                                 changed_by_id=actor.user_id, changed_at=clock.now(), reason=reason))


def list_power_items(session: Session, unit_id: int) -> list[tuple[PowerItem, int]]:
    """Return a unit's power items by code, each with how many risk points name it (issue 12 §1)."""
    counts = dict(session.execute(select(RiskPoint.power_item_id, func.count())
                                  .where(RiskPoint.unit_id == unit_id, RiskPoint.power_item_id.is_not(None))
                                  .group_by(RiskPoint.power_item_id)).all())
    items = session.execute(select(PowerItem).where(PowerItem.unit_id == unit_id)
                            .order_by(PowerItem.code)).scalars()
    return [(item, counts.get(item.id, 0)) for item in items]


# --- writing workbooks -------------------------------------------------------------------------------------------


def _sheet_header(book: Workbook, title: str):
    sheet = book.active
    sheet.title = title
    write_header(sheet, 1, [(c.header, c.width) for c in COLUMNS])
    sheet.freeze_panes = "C2"
    return sheet


def _kinds_dropdown(sheet, last_row: int) -> None:
    kinds = DataValidation(type="list", formula1=f'"{MAJOR_LABEL},{ORDINARY_LABEL}"', allow_blank=False,
                           showErrorMessage=True, errorTitle="事项类别", error="请从下拉列表中选择事项类别")
    letter = get_column_letter(FIELDS.index("major") + 1)
    kinds.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(kinds)


def _cells(item: PowerItem) -> list[Any]:
    return [(MAJOR_LABEL if item.major else ORDINARY_LABEL) if name == "major" else getattr(item, name)
            for name in FIELDS]


def export_power_list(session: Session, user: User | None, unit_id: int) -> tuple[str, bytes]:
    """Return the file name and the .xlsx of a unit's power list: the import's columns, one row per item.

    Importing the file again changes nothing (tests/webui/test_pages_power_list.py).
    :raise NotFound: no such unit, or one whose register ``user`` may not read (None: the system).
    """
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("单位不存在")
    if user is not None:
        check_readable(session, user, unit_id)
    book = Workbook()
    sheet = _sheet_header(book, "权力清单")
    row = 2
    for item, _count in list_power_items(session, unit_id):
        for column, value in enumerate(_cells(item), start=1):
            write_cell(sheet, row, column, value)  # text stays text: a code "007" or a phone keeps its zeros
        row += 1
    _kinds_dropdown(sheet, max(row, 2) + MAX_POWER_ROWS)
    return f"{unit.name}权力清单.xlsx", workbook_bytes(book)


def power_list_template() -> bytes:
    """Return the import template: the header, the example row and a sheet of instructions."""
    book = Workbook()
    sheet = _sheet_header(book, "权力清单")
    for column, name in enumerate(FIELDS, start=1):
        write_cell(sheet, 2, column, EXAMPLE[name] or None).font = NOTE_FONT
    _kinds_dropdown(sheet, MAX_POWER_ROWS + 1)
    notes = book.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 110
    required = "、".join(c.header for c in COLUMNS if c.required)
    for line in (
        "第2行是示例,导入前请删除或改为本单位的权力事项(原样保留示例行的文件不会被导入)。",
        "只读取第一个工作表;第1行为表头,列的顺序可以调整,表头以外的列不读取。",
        f"{required}必填。事项类别只能填写:{MAJOR_LABEL}、{ORDINARY_LABEL}(重大决策、重要干部任免、"
        "重要项目安排和大额度资金使用须集体决策)。",
        "编码是本单位对权力事项的编号:系统中已有该编码的事项按本行更新,没有的新增;清单中未出现的事项保留不动。",
        "同一文件中编码、权力名称都不能重复;新编码的权力名称不能与本单位已有事项相同(同一权力不登记两次)。",
        "联系电话、监督电话只能含数字和连字符“-”,如 0554-4022001、12388;请把编码和电话列设为文本格式,以免丢失开头的0。",
        f"一次最多导入{MAX_POWER_ROWS}行;任何一行有误,整个文件都不导入,并逐格列出问题。",
    ):
        notes.append([line])
    return workbook_bytes(book)


# --- checking rows -----------------------------------------------------------------------------------------------


def _cell_text(value: Any) -> tuple[str, str | None]:
    """Return a cell as text, or a problem when its format cannot be a power list's text."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return "", "单元格格式不对:应为文字,不能是是非值(TRUE/FALSE)"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return "", "单元格格式不对:应为文字,不能是日期或时间"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or phone typed as a number comes back from Excel as 4022001.0
    return str(value).strip(), None


def check_row(values: Mapping[str, Any]) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """Check one row, given as field → cell value; return the item's fields, or None and each problem by field.

    The rules: required cells (编码, 权力名称, 事项类别, 设定依据 「004 十」第三步, 责任科室 「004 六」), each cell's
    length, 编码 without spaces, 事项类别 one of the two kinds 「000 第五篇 二(五)」, phones of digits and hyphens.
    """
    fields: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    for column in COLUMNS:
        text, problem = _cell_text(values.get(column.field))
        if problem:
            problems.setdefault(column.field, []).append(problem)
            continue
        if not text:
            if column.required:
                problems.setdefault(column.field, []).append("不能为空")
            fields[column.field] = None
            continue
        if column.kind == "major":
            if text not in KIND_BY_LABEL:
                problems.setdefault(column.field, []).append(
                    f"「{text}」不是可选的事项类别:{MAJOR_LABEL}、{ORDINARY_LABEL}")
                continue
            fields[column.field] = KIND_BY_LABEL[text]
            continue
        if len(text) > column.limit:
            problems.setdefault(column.field, []).append(f"不能超过{column.limit}个字")
        elif column.kind == "code" and _WHITESPACE.search(text):
            problems.setdefault(column.field, []).append("编码不能含空格")
        elif column.kind == "phone" and not (_PHONE.fullmatch(text) and 5 <= sum(ch.isdigit() for ch in text) <= 20):
            problems.setdefault(column.field, []).append(
                f"「{text}」不是有效的电话号码:只能含数字和连字符“-”,如0554-4022001、12388")
        fields[column.field] = text
    return (None if problems else fields), problems


class _Problems(SheetProblems):
    """The sheet's problems keyed by field, shown under the field's header: 第3行 E列(设定依据)."""

    def __init__(self, columns: dict[str, int]):
        super().__init__(columns, "有{rows}行数据有误,未导入任何权力事项;请按提示修改后重新上传")

    def add(self, row: int, column: str, message: str, *, header: str | None = None) -> None:
        super().add(row, column, message, header=header or HEADERS[FIELDS.index(column)])


def _columns(number: int, header: tuple[Any, ...]) -> dict[str, int]:
    """Map each field to its column index, or refuse a header that is not the template's."""
    by_header = {c.header: c.field for c in COLUMNS}
    columns: dict[str, int] = {}
    problems: list[str] = []
    for index, value in enumerate(header):
        title = re.sub(r"\s+", "", _cell_text(value)[0])
        if title not in by_header:
            continue
        if by_header[title] in columns:
            problems.append(f"「{title}」列出现了两次")
        columns[by_header[title]] = index
    for column in COLUMNS:
        if column.required and column.field not in columns:
            problems.append(f"缺少「{column.header}」列")
    if problems:
        raise FormInvalid("表头与导入模板不符,请使用下载的导入模板", details={f"第{number}行(表头)": problems})
    return columns


def _reason(reason: str | None) -> str:
    text = (reason or "").strip() or DEFAULT_REASON
    if len(text) > 500:
        raise FormInvalid("变更原因过长,未保存", details={"reason": ["最多500个字"]})
    return text


def import_power_list(session: Session, clock: Clock, actor: Actor, unit_id: int, data: bytes,
                      reason: str | None = None) -> PowerListImport:
    """Create or update a unit's power items from the first sheet of an .xlsx; one bad row refuses the file.

    :raise NotFound: no such unit, or one whose register the actor may not read (access.py).
    :raise NotPermitted: the actor reads the unit's register but may not change it (access.EDITOR_ROLES).
    :raise FormInvalid: not a valid .xlsx, a header unlike the template's, more than ``MAX_POWER_ROWS`` rows,
        or bad rows; ``details`` then maps "第N行 X列(表头)" to the problems of that cell.
    """
    if session.get(Unit, unit_id) is None:
        raise NotFound("单位不存在")
    if actor.user is not None:
        check_editable(session, actor.user, unit_id)
    reason = _reason(reason)
    rows = read_sheet(data, max_rows=MAX_POWER_ROWS + 1)
    if not rows:
        raise FormInvalid("表格是空的,请按导入模板填写后上传")
    header_number, header = rows[0]
    columns = _columns(header_number, header)
    body = rows[1:]
    if not body:
        raise FormInvalid("表格中只有表头,没有权力事项")

    problems = _Problems(columns)
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen_code: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    for number, cells in body:
        values = {name: cells[index] if index < len(cells) else None for name, index in columns.items()}
        code, name = _cell_text(values.get("code"))[0], _cell_text(values.get("name"))[0]
        if (code, name) == (EXAMPLE["code"], EXAMPLE["name"]):
            problems.add(number, "code", "这是模板中的示例行,请删除后再导入")
            continue
        fields, found = check_row(values)
        for name, messages in found.items():
            for message in messages:
                problems.add(number, name, message)
        # Duplicates are keyed on the cells as written, so a duplicate of a row with other errors is found too.
        for name, seen, message in (("code", seen_code, "与第{row}行编码重复(同一单位的编码只能出现一次)"),
                                    ("name", seen_name, "与第{row}行权力名称重复(同一权力只能登记一次)")):
            text = _cell_text(values.get(name))[0]
            if text and seen.setdefault(text, number) != number:
                problems.add(number, name, message.format(row=seen[text]))
                fields = None
        if fields is not None:
            # A column left out of the file leaves that field of an existing item as it is (a list kept
            # without 备注 does not erase the remarks entered before).
            parsed.append((number, {name: value for name, value in fields.items() if name in columns}))

    existing = {item.code: item for item in session.execute(
        select(PowerItem).where(PowerItem.unit_id == unit_id)).scalars()}
    by_name = {item.name: item for item in existing.values()}
    for number, fields in parsed:
        other = by_name.get(fields["name"])
        if fields["code"] not in existing and other is not None:
            problems.add(number, "name", f"本单位权力清单中已有同名事项(编码{other.code}),请使用该编码以更新它")
    problems.raise_if_any()

    created = updated = unchanged = 0
    for _number, fields in parsed:
        item = existing.get(fields["code"])
        if item is None:
            item = PowerItem(unit_id=unit_id, **fields)
            session.add(item)
            try:
                session.flush()
            except IntegrityError:
                # another import gave the unit the same code meanwhile (unique per unit): refuse, never a 500
                raise ConcurrencyConflict("权力清单已被他人同时修改,请刷新后重试") from None
            record_item_version(session, clock, actor, item, reason, first=True)
            audit.record(session, clock, actor, "power_item.created", "power_item", item.id,
                         after=snapshot(item), reason=reason)
            created += 1
            continue
        before = snapshot(item)
        changed = {name: value for name, value in fields.items() if getattr(item, name) != value}
        if not changed:
            unchanged += 1
            continue
        for name, value in changed.items():
            setattr(item, name, value)
        record_item_version(session, clock, actor, item, reason)
        audit.record(session, clock, actor, "power_item.revised", "power_item", item.id,
                     before=before, after=snapshot(item), reason=reason)
        # 「004 六」: the risks of a power change as the power does; its points are looked at again
        reidentification.power_item_changed(session, clock, actor, item,
                                            {name: [before[name], value] for name, value in changed.items()})
        updated += 1
    session.flush()
    return PowerListImport(created, updated, unchanged)
