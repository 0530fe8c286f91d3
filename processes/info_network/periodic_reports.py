"""The quarterly analysis and half-year summary as files: an Excel workbook and a DOCX in the GB/T 9704 layout.

Both carry the same figures as the page (:func:`processes.info_network.periodic.period_statistics`) and the
centre's written analysis when there is one (「001 三、1」 每季度进行预警分析,每半年进行工作总结). The DOCX is
laid out by the Measures' document machinery (processes/measures/rendering.py ``render_docx``: A4, GB/T
9704-2012 margins, 仿宋 三号 body, page numbers "— n —"); its wording is this module's own. It is a report the
centre keeps and hands up, not a document issued outward, so it has no red masthead and no seal (GB/T
9704-2012 7.2, 7.3.5.2: ``internal``).
"""
from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles import Font

from engine.clock import LOCAL_TZ
from engine.models import Unit
from engine.spreadsheets import NOTE_FONT
from engine.spreadsheets import workbook_bytes
from engine.spreadsheets import write_cell
from engine.spreadsheets import write_header
from processes.info_network.periodic import Analysis
from processes.info_network.periodic import PeriodStatistics
from processes.info_network.reporting import STATE_LABELS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.measures.rendering import ComposedDocument
from processes.measures.rendering import issuer_short_name
from processes.measures.rendering import render_docx
from processes.measures.rendering import zh_date

__all__ = ["ANALYSIS_HEADINGS", "SHEETS", "period_docx", "period_document", "period_workbook", "summary_rows"]

#: the sheets of the workbook and their columns (title, width in characters)
SHEETS: dict[str, list[tuple[str, int]]] = {
    "汇总": [("项目", 28), ("数值", 40)],
    "按类别": [("信息类别(002 二(一))", 56), ("条数", 10)],
    "按来源": [("信息来源(002 二(二))", 56), ("条数", 10)],
    "按等级": [("预警等级(002 四)", 20), ("条数", 10)],
    "按单位": [("单位", 24), ("信息条数", 10), ("扣减分数", 10), *[(label, 10) for label in COLOUR_LABELS.values()],
             ("分层追责", 10)],
    "月度报送": [("月份", 12), *[(label, 10) for label in STATE_LABELS.values()]],
    "逾期与未报": [("月份", 12), ("单位", 24), ("状态", 12), ("逾期天数", 10)],
    "分析": [("部分", 24), ("内容", 90)],
}
#: the three parts of the centre's analysis (forms/info_periodic.py), in reading order
ANALYSIS_HEADINGS: dict[str, str] = {"overview": "总体情况分析", "problems": "突出问题和苗头性、倾向性问题",
                                     "suggestions": "对策建议和下一阶段工作安排"}
NOT_WRITTEN = "县预警中心尚未撰写本期分析。"


def _month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def summary_rows(stats: PeriodStatistics) -> list[tuple[str, str]]:
    """The period's headline figures, as the summary sheet and the DOCX's table list them."""
    period = stats.period
    return [
        ("统计期间", f"{period.label}({zh_date(period.first_day)}至{zh_date(period.last_day)})"),
        ("预警信息", f"{stats.total_items}条"),
        ("已定级", f"{stats.total_items - stats.by_level['未定级']}条"),
        ("扣分", f"{stats.deductions}次,共{stats.points}分"),
        *[(label, f"{count}次") for label, count in stats.colours.items()],
        ("启动分层追责", f"{stats.accountability}次"),
        ("月度报送逾期或未报", f"{stats.late_reports}单位次"),
    ]


def period_workbook(stats: PeriodStatistics, analysis: Analysis | None) -> bytes:
    """Return the period's figures as an .xlsx, one sheet per breakdown (:data:`SHEETS`)."""
    book = Workbook()
    book.remove(book.active)
    title = f"{stats.period.label}{stats.period.kind_label}统计"
    rows: dict[str, list[list]] = {
        "汇总": [list(row) for row in summary_rows(stats)],
        "按类别": [[label, count] for label, count in stats.by_category.items()],
        "按来源": [[label, count] for label, count in stats.by_source.items()],
        "按等级": [[label, count] for label, count in stats.by_level.items()],
        "按单位": [[u.unit_name, u.items, u.points, *u.colours.values(), u.accountability] for u in stats.units],
        "月度报送": [[_month(m.month), *[m.counts[state] for state in STATE_LABELS]] for m in stats.months],
        "逾期与未报": [[_month(m.month), row.unit_name, row.label, row.days_late or None]
                       for m in stats.months for row in m.late],
        "分析": ([[heading, analysis.text.get(key, "")] for key, heading in ANALYSIS_HEADINGS.items()]
                 if analysis is not None and analysis.completed_at is not None else []),
    }
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        write_cell(sheet, 1, 1, f"{title}——{name}").font = Font(bold=True, size=14)
        write_header(sheet, 2, columns)
        for number, values in enumerate(rows[name], start=3):
            for column, value in enumerate(values, start=1):
                cell = write_cell(sheet, number, column, value)
                if name == "分析":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if not rows[name]:
            write_cell(sheet, 3, 1, NOT_WRITTEN if name == "分析" else "(无)").font = NOTE_FONT
        sheet.freeze_panes = "A3"
    return workbook_bytes(book)


def _listed(counts: dict[str, int], unit: str = "条") -> str:
    """「A 2条、B 1条」 of the non-zero counts; 「无」 when every count is zero."""
    parts = [f"{label}{count}{unit}" for label, count in counts.items() if count]
    return "、".join(parts) if parts else "无"


def period_document(stats: PeriodStatistics, analysis: Analysis | None, root: Unit | None,
                    today: dt.date) -> ComposedDocument:
    """Compose the period's report: figures in prose, then the centre's analysis, dated the day it was written."""
    period = stats.period
    levels = {label: count for label, count in stats.by_level.items() if label != "未定级"}
    paragraphs = [
        "一、基本情况",
        f"{period.label}({zh_date(period.first_day)}至{zh_date(period.last_day)}),共收到预警信息"
        f"{stats.total_items}条。按信息类别分:{_listed(stats.by_category)}。按信息来源分:{_listed(stats.by_source)}。",
        "二、分级情况",
        f"按预警等级分:{_listed(levels)};尚未定级{stats.by_level['未定级']}条。",
        "三、扣分与预警处置",
        f"本期共扣分{stats.deductions}次,扣减{stats.points}分;"
        f"{'发出' + _listed(stats.colours, '次') if any(stats.colours.values()) else '未发出颜色预警'};"
        f"启动分层追责{stats.accountability}次。",
    ]
    if stats.units:
        paragraphs.append("按单位分:" + ";".join(
            f"{u.unit_name}信息{u.items}条、扣减{u.points}分" for u in stats.units) + "。")
    paragraphs.append("四、信息报送情况")
    late = [f"{_month(m.month)}{row.unit_name}{row.label}" + (f"(逾期{row.days_late}天)" if row.days_late else "")
            for m in stats.months for row in m.late]
    paragraphs.append(f"各月报送中逾期或未报{len(late)}单位次:{';'.join(late)}。" if late
                      else "各单位均按时报送月度预警信息。")
    written = analysis is not None and analysis.completed_at is not None
    numbers = ("五", "六", "七")
    if written:
        for number, (key, heading) in zip(numbers, ANALYSIS_HEADINGS.items(), strict=True):
            paragraphs += [f"{number}、{heading}", analysis.text.get(key, "")]
    else:
        paragraphs += ["五、分析意见", NOT_WRITTEN]
    paragraphs.append("附:主要统计数据")
    issued_on = analysis.completed_at.astimezone(LOCAL_TZ).date() if written else today
    issuer = f"{issuer_short_name(root)}预警中心"
    return ComposedDocument(
        issuing_body=issuer, number=f"{zh_date(period.first_day)}至{zh_date(period.last_day)}",
        title=f"{period.label}廉情预警{'分析报告' if period.kind == 'quarter' else '工作总结'}",
        recipient="", paragraphs=paragraphs, table=summary_rows(stats), closing=[], issuer=issuer,
        date_line=zh_date(issued_on), seal_note="", article="001 三、1", kind="info_period_analysis",
        issued_on=issued_on, created_at=analysis.completed_at if written else None, internal=True)


def period_docx(stats: PeriodStatistics, analysis: Analysis | None, root: Unit | None, today: dt.date) -> bytes:
    """The period's report as DOCX bytes (GB/T 9704 layout of ``render_docx``)."""
    return render_docx(period_document(stats, analysis, root, today))
