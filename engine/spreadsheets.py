"""Excel workbooks: the ledger export (一案一例台帐, 第二十六条), the cadre roster template, and safe sheet reading.

Uploaded workbooks are untrusted: ``read_sheet`` caps their size, refuses zip bombs and XML with a DOCTYPE
(SECURITY.md 18, 28) before openpyxl parses anything. Written cells that hold text are always stored as
text, because openpyxl turns any string beginning with "=" into a formula.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.clock import local_today
from engine.errors import FormInvalid
from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import Clue
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.overdue import Deadline
from engine.overdue import current_deadlines
from engine.queries import MAX_PER_PAGE
from engine.queries import list_cases
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import PositionKind


class SheetProblems:
    """Problems of an uploaded sheet, keyed as people find them in Excel (第3行 C列(职务类别)); an import
    writes nothing while any is left. ``summary`` is the whole refusal with ``{rows}`` for the count of bad rows;
    each import writes its sentence out in full so the pages' translation table finds it word for word."""

    def __init__(self, columns: dict[str, int], summary: str):
        self.columns = columns
        self.summary = summary
        self.found: list[tuple[int, int, str, str]] = []

    def add(self, row: int, column: str, message: str, *, header: str | None = None) -> None:
        """Record ``message`` for ``row`` in ``column`` (a key of ``columns``), shown under ``header``."""
        index = self.columns[column]
        label = header or column
        self.found.append((row, index, f"第{row}行 {get_column_letter(index + 1)}列({label})", message))

    def raise_if_any(self) -> None:
        """:raise FormInvalid: every problem, by row then column."""
        if not self.found:
            return
        details: dict[str, list[str]] = {}
        for _, _, key, message in sorted(self.found, key=lambda p: (p[0], p[1])):
            details.setdefault(key, []).append(message)
        rows = len({row for row, *_ in self.found})
        raise FormInvalid(self.summary.format(rows=rows), details=details)


#: far more cases than a county has; past it the last row tells the reader to narrow the filters
MAX_EXPORT_ROWS = 50_000
#: largest workbook accepted for reading, and the most its parts may unpack to (zip bombs)
MAX_SHEET_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
DATE_FORMAT = "yyyy-mm-dd"
XLSX_INVALID_ZH = "文件不是有效的 Excel(.xlsx)文件"
CASE_STATUS_LABELS: dict[str, str] = {CaseStatus.OPEN: "办理中", CaseStatus.CLOSED: "已办结"}

TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
NOTE_FONT = Font(italic=True, color="808080")


@dataclass(frozen=True)
class _LedgerEntry:
    case: Case
    clue: Clue
    cadre: Cadre
    unit_names: dict[int, str]
    #: the deadline the case is held to today, and whether the case is overdue (engine.overdue)
    deadline: Deadline | None
    overdue: bool


@dataclass(frozen=True)
class LedgerColumn:
    """One column of the exported ledger: its Chinese title, width in characters, and value."""

    title: str
    width: int
    value: Callable[[_LedgerEntry], Any]


def _label(labels: dict[str, str], value: str | None) -> str:
    return "" if value is None else labels.get(value, value)


LEDGER_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("案件编号", 24, lambda e: e.case.number),
    LedgerColumn("线索编号", 24, lambda e: e.clue.number),
    LedgerColumn("预警对象", 10, lambda e: e.cadre.name),
    LedgerColumn("单位", 20, lambda e: e.unit_names.get(e.cadre.unit_id, "")),
    LedgerColumn("职务", 14, lambda e: e.cadre.position_title),
    LedgerColumn("承办单位", 20, lambda e: e.unit_names.get(e.case.handling_unit_id, "")),
    LedgerColumn("预警类型", 10, lambda e: _label(WARNING_TYPE_LABELS, e.case.warning_type) or "待定"),
    LedgerColumn("线索来源", 18, lambda e: _label(SOURCE_CHANNEL_LABELS, e.clue.source_channel)),
    LedgerColumn("当前阶段", 10, lambda e: _label(STAGE_LABELS, e.case.stage)),
    LedgerColumn("状态", 8, lambda e: _label(CASE_STATUS_LABELS, e.case.status)),
    LedgerColumn("登记日期", 12, lambda e: e.case.opened_on),
    LedgerColumn("批准日期", 12, lambda e: e.case.approved_on),
    # The date the subject received the notice or was talked to: the periods of 第二十八–三十条 run from it.
    LedgerColumn("接到通知日期", 13, lambda e: e.case.received_on),
    LedgerColumn("原定期限", 12, lambda e: e.case.original_due_date),
    LedgerColumn("整改/答复期限", 14, lambda e: e.case.current_due_date),
    LedgerColumn("已延期(天)", 11, lambda e: e.case.extension_days_used or 0),
    LedgerColumn("延期上限", 12, lambda e: e.case.extension_cap_date),
    LedgerColumn("逾期", 6, lambda e: "是" if e.overdue else "否"),
    # issue 14 §4, issue 15 §3: which deadline, under which article, since when: as the pages say it
    LedgerColumn("当前期限及依据", 40, lambda e: e.deadline.describe_zh() if e.deadline else ""),
    LedgerColumn("结果", 14, lambda e: _label(OUTCOME_LABELS, e.case.outcome)),
    LedgerColumn("办结日期", 12, lambda e: e.case.closed_on),
)


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell: text always as text (never a formula), dates in ``DATE_FORMAT``."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        # A name typed as "=HYPERLINK(...)" must reach the reader as text, never as a live formula.
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def write_header(sheet: Worksheet, row: int, columns: list[tuple[str, int]]) -> None:
    """Write a bold, shaded header row of (title, width in characters) columns and set the widths."""
    for index, (title, width) in enumerate(columns, start=1):
        cell = write_cell(sheet, row, index, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width


def workbook_bytes(book: Workbook) -> bytes:
    """Return the workbook as .xlsx bytes, its creator named as the platform (no clerk's name)."""
    book.properties.creator = "廉警"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_ledger(session: Session, clock: Clock, user: User, **filters: Any) -> bytes:
    """Return, as an .xlsx, every ledger entry ``user`` may read, filtered and sorted like ``list_cases`` (第二十六条).

    :param filters: the keyword filters of ``engine.queries.list_cases`` (``page``/``per_page`` are ignored).
    """
    filters = {k: v for k, v in filters.items() if k not in ("page", "per_page")}
    today = local_today(clock)
    book = Workbook()
    sheet = book.active
    sheet.title = "一案一例台帐"
    width = len(LEDGER_COLUMNS)
    title = write_cell(sheet, TITLE_ROW, 1, f"一案一例台帐(导出于 {today.year}年{today.month}月{today.day}日)")
    title.font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    write_header(sheet, HEADER_ROW, [(c.title, c.width) for c in LEDGER_COLUMNS])
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=2)
    unit_names = {unit_id: name for unit_id, name in session.execute(select(Unit.id, Unit.name))}

    row = FIRST_DATA_ROW
    seen: set[int] = set()
    total = 0
    page = 1
    # Paging through list_cases keeps one definition of "what this user may see with these filters".
    while len(seen) < MAX_EXPORT_ROWS:
        result = list_cases(session, user, page=page, per_page=MAX_PER_PAGE, today=today, **filters)
        total = result.total
        # Under READ COMMITTED a case registered meanwhile shifts the pages by one: skip what was written.
        cases = [c for c in result.items if c.id not in seen][:MAX_EXPORT_ROWS - len(seen)]
        if cases:
            clues = {c.id: c for c in session.execute(
                select(Clue).where(Clue.id.in_({c.clue_id for c in cases}))).scalars()}
            subjects = {c.id: c for c in session.execute(
                select(Cadre).where(Cadre.id.in_({c.cadre_id for c in cases}))).scalars()}
            deadlines = current_deadlines(session, today, [c.id for c in cases])
        for case in cases:
            deadline = deadlines.get(case.id) if case.status == CaseStatus.OPEN else None
            entry = _LedgerEntry(case, clues[case.clue_id], subjects[case.cadre_id], unit_names, deadline,
                                 case.status == CaseStatus.OPEN and (
                                     bool(case.overdue) or (deadline is not None and deadline.overdue)))
            for column, spec in enumerate(LEDGER_COLUMNS, start=1):
                write_cell(sheet, row, column, spec.value(entry))
            seen.add(case.id)
            row += 1
        if len(result.items) < result.per_page:
            break
        page += 1

    last_data_row = row - 1
    if not seen:
        write_cell(sheet, row, 1, "(没有符合条件的案件)").font = NOTE_FONT
    elif total > len(seen):
        note = write_cell(sheet, row, 1, f"共{total}条,仅导出前{len(seen)}条;请缩小筛选范围后分批导出。")
        note.font = Font(bold=True, color="C00000")
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(width)}{max(last_data_row, HEADER_ROW)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    return workbook_bytes(book)


#: the cadre roster's column titles (engine/operations/cadres.py reads them; units by code or by name)
CADRE_NAME = "姓名"
CADRE_UNIT_CODE = "单位编码"
CADRE_UNIT_NAME = "单位名称"
CADRE_TITLE = "职务"
CADRE_KIND = "职务类别"
CADRE_MANAGER_CODE = "管理单位编码"
CADRE_MANAGER_NAME = "管理单位名称"
CADRE_TEMPLATE_HEADERS = (CADRE_NAME, CADRE_UNIT_CODE, CADRE_TITLE, CADRE_KIND, CADRE_MANAGER_CODE)
#: most data rows one import may hold
MAX_CADRE_ROWS = 5_000
#: the example row of the template; the importer refuses it, so a forgotten example never becomes a cadre. It
#: follows its own rules: a deputy town head is a member of the leading group, not its principal leader, and
#: the county above the town holds the management authority (第三、十四条).
CADRE_EXAMPLE = ("张三", "town-zhengyang", "副镇长", POSITION_KIND_LABELS[PositionKind.GROUP_MEMBER], "county")
_CADRE_WIDTHS = (12, 20, 16, 14, 20)


def cadre_template() -> bytes:
    """Return the cadre import template: the header row, one example row and a sheet of instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = "干部名册"
    write_header(sheet, 1, list(zip(CADRE_TEMPLATE_HEADERS, _CADRE_WIDTHS, strict=True)))
    for column, value in enumerate(CADRE_EXAMPLE, start=1):
        write_cell(sheet, 2, column, value).font = NOTE_FONT
    sheet.freeze_panes = "A2"
    kinds = DataValidation(type="list", formula1='"' + ",".join(POSITION_KIND_LABELS.values()) + '"',
                           allow_blank=True, showErrorMessage=True, errorTitle="职务类别",
                           error="请从下拉列表中选择职务类别")
    kind_letter = get_column_letter(CADRE_TEMPLATE_HEADERS.index(CADRE_KIND) + 1)
    kinds.add(f"{kind_letter}2:{kind_letter}{MAX_CADRE_ROWS + 1}")
    sheet.add_data_validation(kinds)
    notes = book.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 100
    for line in (
        "第2行是示例,导入前请删除或改为真实数据(原样保留示例行的文件不会被导入)。",
        "只读取第一个工作表;第1行为表头,列的顺序可以调整,其他列(如备注)不读取。",
        f"姓名、单位编码、职务、职务类别必填。职务类别只能填写:{'、'.join(POSITION_KIND_LABELS.values())}。",
        "单位可填“单位编码”或“单位名称”(二者选一列);编码见系统管理—组织机构。",
        ("管理单位编码:对该干部有管理权限的单位(第三、十四条),须为干部所在单位或其上级单位;"
         "新干部不填则为所在单位,已有干部不填则保持不变。"),
        "同一单位中同名的干部视为同一人:系统中已有的更新其职务、职务类别和管理单位,没有的新增。",
        f"一次最多导入{MAX_CADRE_ROWS}行;任何一行有误,整个文件都不导入。",
    ):
        notes.append([line])
    return workbook_bytes(book)


def _check_package(data: bytes) -> None:
    """Refuse what openpyxl should never be handed: oversize files, zip bombs, XML with a DOCTYPE."""
    if len(data) > MAX_SHEET_BYTES:
        raise FormInvalid(f"文件过大(超过{MAX_SHEET_BYTES // (1024 * 1024)} MB),请分批导入")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            # zipfile stops each member at its declared size, so the declared sizes bound what is unpacked.
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise FormInvalid(XLSX_INVALID_ZH + "(解压后过大)")
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and _has_doctype(package, member):
                    raise FormInvalid(XLSX_INVALID_ZH + "(含有不允许的 DOCTYPE 声明)")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise FormInvalid(XLSX_INVALID_ZH) from None


def _has_doctype(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    with package.open(member) as stream:
        head = stream.read(4)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
            # Excel writes UTF-8 only. A UTF-16 or UTF-32 part, with a byte-order mark or without one (its
            # first characters then carry NUL bytes, issue 14 §3.15), would hide a DOCTYPE from a byte scan.
            return True
        chunk = head
        while chunk:
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = window[-16:]
            chunk = stream.read(64 * 1024)
    return False


def read_sheet(data: bytes, *, max_rows: int) -> list[tuple[int, tuple[Any, ...]]]:
    """Return the non-empty rows of the first worksheet, each with its row number as Excel shows it.

    :raise FormInvalid: not an .xlsx, unsafe, or more than ``max_rows`` non-empty rows.
    """
    _check_package(data)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl reports a malformed package with many exception types
        raise FormInvalid(XLSX_INVALID_ZH) from None
    try:
        if not book.worksheets:
            raise FormInvalid(XLSX_INVALID_ZH)
        # The read-only reader yields missing rows as empty tuples, so enumerate() gives Excel's row numbers.
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            if any(v is not None and str(v).strip() for v in values):
                rows.append((number, tuple(values)))
                if len(rows) > max_rows:
                    raise FormInvalid(f"表格超过{max_rows}行,请分批导入", code="too_many_rows")
    except FormInvalid:
        raise
    except Exception:  # noqa: BLE001 - rows are parsed lazily, so a malformed sheet fails only here
        raise FormInvalid(XLSX_INVALID_ZH) from None
    finally:
        book.close()
    return rows
