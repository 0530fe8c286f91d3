"""Excel workbooks: the ledger (一案一例台帐, 第二十六条) for export, and the cadre roster template for import."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.clock import local_today
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.queries import list_cases
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS

#: more rows than a county ever has; the last row says so if the cap is reached
MAX_EXPORT_ROWS = 50_000
_PAGE = 100
_STATUS_LABELS = {"open": "办理中", "closed": "已办结"}
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_DATE_FORMAT = "yyyy-mm-dd"

LEDGER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("案件编号", 22), ("线索编号", 22), ("预警对象", 10), ("单位", 18), ("职务", 14), ("预警类型", 10),
    ("线索来源", 16), ("当前阶段", 12), ("状态", 8), ("登记日期", 12), ("批准日期", 12), ("接到通知日期", 13),
    ("原定期限", 12), ("现行期限", 12), ("已延期(天)", 10), ("延期上限", 12), ("逾期", 6), ("结果", 14),
    ("办结日期", 12),
)
#: the import template's columns (engine/operations/cadres.py reads the same headers)
CADRE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("姓名", 12), ("单位编码", 18), ("职务", 16), ("职务类别", 14), ("管理单位编码", 18),
)


def _label(mapping: dict, value: Any) -> str:
    if value is None:
        return ""
    return {str(k): v for k, v in mapping.items()}.get(str(value), str(value))


def _header(sheet, row: int, columns: tuple[tuple[str, int], ...]) -> None:
    for index, (title, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width


def _ledger_row(case: Case, clue: Clue, cadre: Cadre, units: dict[int, str]) -> list[Any]:
    return [
        case.number, clue.number, cadre.name, units.get(cadre.unit_id, ""), cadre.position_title,
        _label(WARNING_TYPE_LABELS, case.warning_type) or "待定", _label(SOURCE_CHANNEL_LABELS, clue.source_channel),
        _label(STAGE_LABELS, case.stage), _STATUS_LABELS.get(case.status, case.status), case.opened_on,
        case.approved_on, case.received_on, case.original_due_date, case.current_due_date,
        case.extension_days_used or 0, case.extension_cap_date, "是" if case.overdue else "否",
        _label(OUTCOME_LABELS, case.outcome), case.closed_on,
    ]


def export_ledger(session: Session, clock: Clock, user: User, **filters: Any) -> bytes:
    """Return the ledger of every case ``user`` may read (same filters as ``list_cases``) as an .xlsx."""
    today = local_today(clock)
    book = Workbook()
    sheet = book.active
    sheet.title = "一案一例台帐"
    sheet.cell(row=1, column=1, value=f"一案一例台帐(导出于 {today.year}年{today.month}月{today.day}日)").font = \
        Font(bold=True, size=14)
    _header(sheet, 2, LEDGER_COLUMNS)
    sheet.freeze_panes = "A3"
    units = {u.id: u.name for u in session.execute(select(Unit)).scalars()}
    row = 3
    page = 1
    while row - 3 < MAX_EXPORT_ROWS:
        result = list_cases(session, user, page=page, per_page=_PAGE, **filters)
        if not result.items:
            break
        clues = {c.id: c for c in session.execute(
            select(Clue).where(Clue.id.in_([case.clue_id for case in result.items]))).scalars()}
        cadres = {c.id: c for c in session.execute(
            select(Cadre).where(Cadre.id.in_([case.cadre_id for case in result.items]))).scalars()}
        for case in result.items:
            for column, value in enumerate(_ledger_row(case, clues[case.clue_id], cadres[case.cadre_id], units), 1):
                cell = sheet.cell(row=row, column=column, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = _DATE_FORMAT
            row += 1
        if len(result.items) < _PAGE:
            break
        page += 1
    if row - 3 >= MAX_EXPORT_ROWS:
        sheet.cell(row=row, column=1, value=f"仅导出前{MAX_EXPORT_ROWS}条,请缩小筛选范围后分批导出")
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(LEDGER_COLUMNS))}{max(row - 1, 2)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cadre_template() -> bytes:
    """Return the cadre import template: the header row, one example row and the allowed position kinds."""
    book = Workbook()
    sheet = book.active
    sheet.title = "干部名册"
    _header(sheet, 1, CADRE_COLUMNS)
    sheet.append(["张三", "town-zhengyang", "副镇长", POSITION_KIND_LABELS[next(iter(POSITION_KIND_LABELS))],
                  "county"])
    notes = book.create_sheet("填写说明")
    notes.append(["职务类别只能填写:" + "、".join(POSITION_KIND_LABELS.values())])
    notes.append(["单位编码、管理单位编码见系统管理—组织机构;管理单位为对该干部有管理权限的单位(第三、十四条),不填则为所在单位。"])
    notes.append(["同一单位中同名的干部视为同一人,导入时更新其职务。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
