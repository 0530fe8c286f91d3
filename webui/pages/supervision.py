"""The supervisor's workspace (督办): the due board with remind / reassign / comment, the Measures' own
deadlines, step durations with a heatmap, quarterly statistics with their Excel export, and incidents.

Supervisors and the administrator act; auditors look (the ``page`` decorator refuses their POSTs); everyone
else gets 403. Every figure comes from ``engine.supervision_queries`` within the reader's case scope.
"""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from flask import Response
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema
from marshmallow import fields
from marshmallow import validate

from engine.clock import local_today
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import RuleViolation
from engine.incidents import ENGINE_KINDS
from engine.incidents import INCIDENT_KIND_LABELS
from engine.models import IncidentStatus
from engine.operations.oversight import MAX_COMMENT_CHARS
from engine.operations.oversight import MAX_MESSAGE_CHARS
from engine.operations.oversight import comment_on_task
from engine.operations.oversight import reassign_task
from engine.operations.oversight import remind_task
from engine.operations.oversight import retry_incident_as_overseer
from engine.supervision_queries import AGEING_BUCKETS
from engine.supervision_queries import CLUE_WAIT_DAYS
from engine.supervision_queries import UNTYPED
from engine.supervision_queries import UNTYPED_LABEL
from engine.supervision_queries import WHEN_DUE_SOON
from engine.supervision_queries import WHEN_OVERDUE
from engine.supervision_queries import assignee_choices
from engine.supervision_queries import check_may_oversee
from engine.supervision_queries import compliance_report
from engine.supervision_queries import due_board
from engine.supervision_queries import feedback_owed
from engine.supervision_queries import latest_definition
from engine.supervision_queries import may_oversee
from engine.supervision_queries import open_incidents
from engine.supervision_queries import process_names
from engine.supervision_queries import quarterly_statistics
from engine.supervision_queries import statistics_workbook
from engine.supervision_queries import statistics_years
from engine.supervision_queries import step_statistics
from engine.vocabulary import WARNING_TYPE_LABELS
from forms.fields import MAX_ID
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.auth import safe_next
from webui.pages.downloads import xml_download
from webui.pages.inputs import read_filters
from webui.pages.inputs import row_id
from webui.uow import record_refusal
from webui.uow import request_clock

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOARD_PAGE_SIZE = 50
#: the furthest back a "since" filter of the step durations may reach, and the clue wait the form offers
MAX_CLUE_DAYS = 365


class BoardQuery(Schema):
    """Filters of the due board; a bad value is dropped with a message above the list."""

    unit_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    warning_type = fields.String(validate=validate.OneOf([*map(str, WARNING_TYPE_LABELS), UNTYPED]))
    step = fields.String(validate=validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$"))
    when = fields.String(validate=validate.OneOf([WHEN_OVERDUE, WHEN_DUE_SOON]))
    bucket = fields.String(validate=validate.OneOf([b.key for b in AGEING_BUCKETS]))
    group = fields.String(validate=validate.OneOf(["unit", "warning_type", "step"]))
    page = fields.Integer(validate=validate.Range(min=1, max=100_000))


class ComplianceQuery(Schema):
    """How long a clue may wait for screening before it is listed (第三十三条)."""

    clue_days = fields.Integer(validate=validate.Range(min=0, max=MAX_CLUE_DAYS))


class StepsQuery(Schema):
    """Which process's diagram to colour, and since when completed steps count."""

    process = fields.String(validate=validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$"))
    since = fields.Date(format="%Y-%m-%d")


class StatisticsQuery(Schema):
    """The year of the quarterly statistics."""

    year = fields.Integer(validate=validate.Range(min=2000, max=2100))


def _back(default_endpoint: str = "pages.supervise") -> str:
    return safe_next(request.form.get("next"), url_for(default_endpoint))


#: what the supervisor is told instead of an error page: a refused rule, a bad form, someone faster
_REFUSALS = (FormInvalid, RuleViolation, ConcurrencyConflict)


def _refused(problem: FormInvalid | RuleViolation | ConcurrencyConflict):
    """Undo the action, record a refusal of a rule, and tell the supervisor why on the page they came from."""
    db.session.rollback()
    if isinstance(problem, RuleViolation):
        record_refusal(problem)
    flash(engine_text(problem.message_zh), "warning" if isinstance(problem, ConcurrencyConflict) else "danger")
    return redirect(_back())


#: the kinds of supervision note (TaskComment.extra["kind"]), as the board names them
NOTE_KINDS = {"reminder": _l("[提醒]"), "reassignment": _l("[改派]"), "comment": _l("[意见]")}
#: how the board's rows may be grouped: query value → (label, the row's group heading)
GROUPINGS = {
    "unit": (_l("按单位"), lambda r: r.unit_name),
    "warning_type": (_l("按预警类型"), lambda r: engine_text(r.warning_type_label)),
    "step": (_l("按环节"), lambda r: r.task.name),
}


def duration_label(value: dt.timedelta | None) -> str:
    """Say a step's duration the way people do: 3天4小时, 5小时, 20分钟."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s天%(hours)s小时", days=days, hours=hours) if hours else _("%(days)s天", days=days)
    if hours:
        return (
            _("%(hours)s小时%(minutes)s分钟", hours=hours, minutes=minutes)
            if minutes
            else _("%(hours)s小时", hours=hours)
        )
    return _("%(minutes)s分钟", minutes=minutes)


@page
def supervise():
    """The due board: every step overdue or due within 3 days, counted, charted, and acted on."""
    filters, problems = read_filters(BoardQuery)
    page_number = filters.pop("page", 1)
    group = filters.pop("group", None)
    board = due_board(db.session, request_clock(), g.user, page=page_number, per_page=BOARD_PAGE_SIZE, **filters)
    rows = board.rows.items
    if group:
        key = GROUPINGS[group][1]
        # A stable sort keeps the due-date order inside each group.
        groups = [(name, list(items)) for name, items in groupby(sorted(rows, key=key), key=key)]
    else:
        groups = [(None, rows)]
    acts = may_oversee(g.user, act=True)
    choices = assignee_choices(db.session, [r.task for r in board.rows.items]) if acts else {}
    charts = {
        "byUnit": {
            "param": "unit_id",
            "keys": [t.key for t in board.by_unit],
            "labels": [t.label for t in board.by_unit],
            "overdue": [t.overdue for t in board.by_unit],
            "dueSoon": [t.due_soon for t in board.by_unit],
        },
        "byStep": {
            "param": "step",
            "keys": [t.key for t in board.by_step],
            "labels": [t.label for t in board.by_step],
            "overdue": [t.overdue for t in board.by_step],
            "dueSoon": [t.due_soon for t in board.by_step],
        },
    }
    return render_template(
        "pages/supervise_board.html",
        board=board,
        groups=groups,
        group=group,
        groupings=GROUPINGS,
        filters=filters,
        problems=problems,
        acts=acts,
        choices=choices,
        charts=charts,
        warning_types={**{str(k): v for k, v in WARNING_TYPE_LABELS.items()}, UNTYPED: engine_text(UNTYPED_LABEL)},
        buckets=AGEING_BUCKETS,
        max_message=MAX_MESSAGE_CHARS,
        max_comment=MAX_COMMENT_CHARS,
        note_kinds=NOTE_KINDS,
    )


@page
def supervise_remind(task_id: int):
    """Send a 督办提醒 to the step's assignee, or to every holder of its roles."""
    try:
        people = remind_task(db.session, request_clock(), g.actor, task_id, request.form.get("message", ""))
    except _REFUSALS as problem:
        return _refused(problem)
    flash(_("已向 %(people)s 发送督办提醒", people=_("、").join(u.display_name for u in people)), "success")
    return redirect(_back())


@page
def supervise_reassign(task_id: int):
    """Hand the step to another holder of its roles (never to someone excluded by 第十七条)."""
    raw = request.form.get("assignee_id", "").strip()
    try:
        # No choice reaches the engine as 0, so the step's visibility is checked before the choice (404 first).
        task = reassign_task(db.session, request_clock(), g.actor, task_id, row_id(raw) or 0,
                             request.form.get("reason", ""))
    except _REFUSALS as problem:
        return _refused(problem)
    flash(_("「%(step)s」已改派,并已通知新的承办人", step=task.name), "success")
    return redirect(_back())


@page
def supervise_comment(task_id: int):
    """Write a supervisor's remark on the step."""
    try:
        comment_on_task(db.session, request_clock(), g.actor, task_id, request.form.get("body", ""))
    except _REFUSALS as problem:
        return _refused(problem)
    flash(_("督办意见已记录"), "success")
    return redirect(_back())


@page
def supervise_compliance():
    """The Measures' own deadlines: late starts (第十七条), reply periods (第二十七–三十条), clues (第三十三条)."""
    filters, problems = read_filters(ComplianceQuery)
    report = compliance_report(db.session, request_clock(), g.user,
                               clue_days=filters.get("clue_days", CLUE_WAIT_DAYS))
    return render_template("pages/supervise_compliance.html", report=report, problems=problems,
                           warning_types=WARNING_TYPE_LABELS, max_days=MAX_CLUE_DAYS)


@page
def supervise_steps():
    """Per-step counts now and durations of completed steps, with the counts coloured on a diagram."""
    filters, problems = read_filters(StepsQuery)
    processes = step_statistics(db.session, request_clock(), g.user, since=filters.get("since"))
    names = process_names(db.session)
    chosen = filters.get("process")
    if chosen not in names:
        busiest = max(processes, key=lambda p: p.open_count, default=None)
        chosen = busiest.key if busiest is not None else next(iter(sorted(names)), None)
    shown = next((p for p in processes if p.key == chosen), None)
    heat = {"counts": shown.counts() if shown else {},
            "overdue": {s.bpmn_id: s.overdue_count for s in shown.steps if s.overdue_count} if shown else {}}
    return render_template("pages/supervise_steps.html", processes=processes, names=names, chosen=chosen,
                           heat=heat, since=filters.get("since"), problems=problems, duration=duration_label)


@page
def supervise_process_xml(key: str):
    """Serve the latest deployed version of a process, for the heatmap."""
    check_may_oversee(g.user)
    return xml_download(latest_definition(db.session, key).xml, f"{key}.bpmn")


def _year() -> tuple[int, list[str]]:
    filters, problems = read_filters(StatisticsQuery)
    return filters.get("year", local_today(request_clock()).year), problems


@page
def supervise_statistics():
    """Quarterly statistics (第四条(四)) and the feedback still owed to clue sources (第十四条)."""
    year, problems = _year()
    clock = request_clock()
    stats = quarterly_statistics(db.session, clock, g.user, year=year)
    return render_template("pages/supervise_statistics.html", stats=stats, problems=problems,
                           years=statistics_years(db.session, clock, g.user),
                           owed=feedback_owed(db.session, clock, g.user))


@page
def supervise_statistics_xlsx():
    """Download the quarterly statistics as an Excel workbook."""
    year, _ = _year()
    stats = quarterly_statistics(db.session, request_clock(), g.user, year=year)
    return Response(statistics_workbook(stats), mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": f"attachment; filename=statistics-{year}.xlsx; "
                               f"filename*=UTF-8''{year}%E5%B9%B4%E5%AD%A3%E5%BA%A6%E7%BB%9F%E8%AE%A1.xlsx"})


@page
def supervise_incidents():
    """Failed timers and elements that failed at run time: the cases they hold up, and a retry button."""
    rows = open_incidents(db.session, g.user)
    return render_template("pages/supervise_incidents.html", rows=rows, acts=may_oversee(g.user, act=True),
                           kind_labels=INCIDENT_KIND_LABELS)


@page
def supervise_retry_incident(incident_id: int):
    """Put a failed timer back for more retries, or re-run the engine at the held element (audited)."""
    incident = retry_incident_as_overseer(db.session, request_clock(), g.actor, incident_id)
    if incident.kind not in ENGINE_KINDS:
        flash(_("已重新排入执行队列,定时任务将于下一轮运行"), "success")
    elif incident.status == IncidentStatus.RESOLVED:
        flash(_("已重新执行,流程继续推进"), "success")
    else:
        # The retry changed nothing: the incident stays open with this attempt's reason (and is audited).
        flash(_("重新执行仍未成功:%(reason)s", reason=engine_text(incident.message)), "warning")
    return redirect(url_for("pages.supervise_incidents"))
