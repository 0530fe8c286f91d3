"""The county centre's quarterly analysis and half-year summary (issue 13 §2; 「001 三、1」 每季度进行预警分析,
每半年进行工作总结): the period's figures with charts, the centre's written analysis, Excel and DOCX.

Thin: processes/info_network/periodic.py decides who reads (the centre and supervisors; anyone else 403) and
counts; periodic_reports.py writes the files. A period that is not ``2030-Q1``/``2030-H1`` comes back on the
page in Chinese (422); a download with one gets the error page (422).
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Response
from flask import g
from flask import render_template
from flask import request
from flask_babel import gettext

from engine.clock import local_today
from engine.county import county_commission_id
from engine.errors import FormInvalid
from engine.models import Unit
from processes.info_network.periodic import KIND_LABELS
from processes.info_network.periodic import Period
from processes.info_network.periodic import check_periodic_reader
from processes.info_network.periodic import default_period
from processes.info_network.periodic import parse_period
from processes.info_network.periodic import period_analysis
from processes.info_network.periodic import period_statistics
from processes.info_network.periodic import recent_periods
from processes.info_network.periodic_reports import ANALYSIS_HEADINGS
from processes.info_network.periodic_reports import period_docx
from processes.info_network.periodic_reports import period_workbook
from processes.info_network.reporting import STATE_LABELS
from webui.engine_text import N_
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.document_downloads import DOCX_MIMETYPE
from webui.uow import request_clock

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: how the pages name a period in the reader's language (Period.label is the documents' Chinese, 「001 三、1」)
_PERIOD_NAMES: dict[tuple[str, int], str] = {
    ("quarter", 1): N_("%(year)s年第一季度"), ("quarter", 2): N_("%(year)s年第二季度"),
    ("quarter", 3): N_("%(year)s年第三季度"), ("quarter", 4): N_("%(year)s年第四季度"),
    ("half", 1): N_("%(year)s年上半年"), ("half", 2): N_("%(year)s年下半年"),
}


def period_name(period: Period) -> str:
    """``2030年第一季度`` in Chinese, ``Q1 2030`` in English."""
    return gettext(_PERIOD_NAMES[(period.kind, period.index)], year=period.year)


def _labels(labels: list[str]) -> list[str]:
    return [engine_text(label, patterns=False) for label in labels]


def _period() -> Period:
    text = request.args.get("period")
    return default_period(request_clock()) if text in (None, "") else parse_period(text)


def _charts(stats) -> dict:
    """The charts' data (labels and counts), read by js/info_periodic.js from a JSON block."""
    return {
        "category": {"labels": _labels(list(stats.by_category)), "counts": list(stats.by_category.values())},
        "source": {"labels": _labels(list(stats.by_source)), "counts": list(stats.by_source.values())},
        "level": {"labels": _labels(list(stats.by_level)), "counts": list(stats.by_level.values())},
        "months": {"labels": [f"{m.month.year}-{m.month.month:02d}" for m in stats.months],
                   "states": list(STATE_LABELS),
                   "counts": {state: [m.counts[state] for m in stats.months] for state in STATE_LABELS}},
    }


@page
def info_periodic():
    """One period's figures, charts and the centre's analysis (the last finished quarter by default)."""
    check_periodic_reader(g.user)
    clock = request_clock()
    periods = recent_periods(clock)
    try:
        period = _period()
    except FormInvalid:
        # the package's message (统计期间应为…) is written in the template, where the catalogue translates it
        return render_template("pages/info_periodic.html", stats=None, period=None, periods=periods,
                               period_text=(request.args.get("period") or "")[:16], error=True,
                               kind_labels=KIND_LABELS, period_name=period_name), 422
    stats = period_statistics(db.session, clock, g.user, period)
    analysis = period_analysis(db.session, period)
    if period not in periods:
        periods = [period, *periods]
    return render_template("pages/info_periodic.html", stats=stats, period=period, periods=periods,
                           period_text=period.code, error=None, analysis=analysis, headings=ANALYSIS_HEADINGS,
                           charts=_charts(stats), state_labels=STATE_LABELS, kind_labels=KIND_LABELS,
                           period_name=period_name)


def _download(content: bytes, mimetype: str, ascii_name: str, name: str) -> Response:
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(name)}"})


@page
def info_periodic_xlsx():
    """The period's figures as an Excel workbook, one sheet per breakdown."""
    check_periodic_reader(g.user)
    clock = request_clock()
    period = _period()
    stats = period_statistics(db.session, clock, g.user, period)
    return _download(period_workbook(stats, period_analysis(db.session, period)), XLSX_MIMETYPE,
                     f"info-{period.code}.xlsx", f"{period.label}{period.kind_label}.xlsx")


@page
def info_periodic_docx():
    """The period's report as a DOCX in the GB/T 9704 layout: figures in prose, the centre's analysis."""
    check_periodic_reader(g.user)
    clock = request_clock()
    period = _period()
    stats = period_statistics(db.session, clock, g.user, period)
    # the centre sits in the county commission, which is no longer the tree's root (the county is)
    commission = db.session.get(Unit, county_commission_id(db.session))
    content = period_docx(stats, period_analysis(db.session, period), commission, local_today(clock))
    return _download(content, DOCX_MIMETYPE, f"info-{period.code}.docx", f"{period.label}{period.kind_label}.docx")
