"""The warning-information page (issue 13): the units' 12-point scores with their colours, and the items.

Thin: ``processes/info_network`` decides who reads what (access.read_scope), the scores and the colours; this
view loads and renders. The county's readers see every unit's score; officers see their unit's items and an
invited officer only what they reported. The thresholds are said plainly to be the county's to set.
"""
from __future__ import annotations

from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from engine.clock import local_today
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from processes.info_network.access import CLUE_OFFICE_ROLE
from processes.info_network.access import REPORTER_ROLES
from processes.info_network.access import may_read
from processes.info_network.access import read_scope
from processes.info_network.feedback import clue_state
from processes.info_network.handover import hand_over_item
from processes.info_network.handover import links_of_items
from processes.info_network.items import list_items
from processes.info_network.items import unit_scores
from processes.info_network.models import InfoItem
from processes.info_network.network import may_lay_out
from processes.info_network.periodic import READER_ROLES as PERIODIC_READER_ROLES
from processes.info_network.reporting import STATE_LABELS
from processes.info_network.reporting import board_units
from processes.info_network.reporting import parse_month
from processes.info_network.reporting import reporting_board
from processes.info_network.responses import STARTER_ROLE
from processes.info_network.responses import response_state
from processes.info_network.responses import start_response
from processes.info_network.settings import is_default
from processes.info_network.settings import thresholds
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.info_network.vocabulary import FEEDBACK_LABELS
from processes.info_network.vocabulary import LEVEL_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import RESPONSE_PERIOD_BY_LEVEL
from processes.info_network.vocabulary import SOURCE_LABELS
from webui.engine_text import engine_labels
from webui.extensions import db
from webui.info_presenters import subject_names
from webui.pages.auth import page
from webui.uow import request_clock

ITEMS_SHOWN = 50


@page
def info_home():
    """The year's scores by unit (county readers) and the newest items the user may read."""
    scope = read_scope(db.session, g.user)
    if not scope.everything and not scope.unit_ids and scope.reported_by_id is None:
        raise NotPermitted("只有廉情预警信息网络的成员可以查看预警信息")
    year = local_today(request_clock()).year
    items, total = list_items(db.session, scope, per_page=ITEMS_SHOWN)
    return render_template(
        "pages/info.html", year=year, items=items, total=total, names=subject_names(db.session, items),
        scores=unit_scores(db.session, year) if scope.everything else None,
        thresholds=thresholds(db.session), thresholds_are_default=is_default(db.session),
        category_labels=engine_labels(CATEGORY_LABELS), source_labels=engine_labels(SOURCE_LABELS),
        level_labels=engine_labels(LEVEL_LABELS),
        responses=engine_labels(RESPONSE_BY_LEVEL), colour_labels=COLOUR_LABELS,
        links=links_of_items(db.session, [item.id for item in items]), may_see_reports=_may_see_reports(),
        may_see_periodic=bool({r.role for r in g.user.roles} & PERIODIC_READER_ROLES),
        may_report=bool({r.role for r in g.user.roles} & REPORTER_ROLES),
        may_see_network=may_lay_out(db.session, g.user) or any(r.role == "info_office" for r in g.user.roles))


def _may_see_reports() -> bool:
    """Whether the user sees the monthly reporting board (the county's readers, a unit's information office)."""
    try:
        board_units(db.session, g.user)
    except NotPermitted:
        return False
    return True


@page
def info_reports():
    """The month's reporting board (「001 三、1」): every unit (or the office's own) and its report, worst first.

    A month that is not 年-月 comes back on the page in Chinese (422) with the month picker, and no board.
    """
    clock = request_clock()
    board_units(db.session, g.user)  # who may not see the board gets the 403 page before anything else
    text = request.args.get("month")
    try:
        month = parse_month(text, clock)
    except FormInvalid:
        # the package's message (月份应为“年-月”…) is written in the template, where the catalogue translates it
        return render_template("pages/info_reports.html", board=None, month_text=(text or "")[:16],
                               error=True, state_labels=STATE_LABELS), 422
    return render_template("pages/info_reports.html", board=reporting_board(db.session, clock, g.user, month),
                           month_text=month.strftime("%Y-%m"), error=None, state_labels=STATE_LABELS)


def readable_item(item_id: int) -> InfoItem:
    """The item if the user may read it; 404 otherwise (an item outside one's scope looks absent)."""
    item = db.session.get(InfoItem, item_id)
    if item is None or not may_read(read_scope(db.session, g.user), item):
        raise NotFound("预警信息不存在")
    return item


@page
def info_item(item_id: int):
    """One item: its facts, level and response, and whether it went to the Measures as a clue (第十条)."""
    item = readable_item(item_id)
    may_hand_over = any(r.role == CLUE_OFFICE_ROLE for r in g.user.roles)
    return render_template(
        "pages/info_item.html", item=item, names=subject_names(db.session, [item]),
        link=links_of_items(db.session, [item.id]).get(item.id), may_hand_over=may_hand_over,
        response=response_state(db.session, item),
        may_start_response=any(r.role == STARTER_ROLE for r in g.user.roles),
        clue=clue_state(db.session, item), feedback_labels=FEEDBACK_LABELS,
        may_record_feedback=any(r.role == "info_centre" for r in g.user.roles),
        category_labels=engine_labels(CATEGORY_LABELS), source_labels=engine_labels(SOURCE_LABELS),
        level_labels=engine_labels(LEVEL_LABELS),
        responses=engine_labels(RESPONSE_BY_LEVEL), periods=RESPONSE_PERIOD_BY_LEVEL)


@page
def hand_over_info_item(item_id: int):
    """The warning office hands the item over as a clue and lands on the new case (第十、十四条).

    A refusal the clerk can act on (already handed over, not graded, about a unit) comes back on the item
    page in Chinese with nothing written; who may not hand over at all gets the 403 page.
    """
    readable_item(item_id)
    try:
        done = hand_over_item(db.session, request_clock(), g.actor, item_id)
    except RuleViolation as refusal:
        db.session.rollback()
        flash(refusal.message_zh, "warning")
        return redirect(url_for("pages.info_item", item_id=item_id))
    flash(_("预警信息已移交:线索%(clue)s已登记,案件%(case)s已启动", clue=done.clue.number, case=done.case.number),
          "success")
    for warning in done.warnings_zh:
        flash(warning, "warning")
    return redirect(url_for("pages.show_case", case_id=done.case.id))


@page
def start_info_response(item_id: int):
    """The county centre starts the level's response (「002 四」) and returns to the item, which shows its step."""
    readable_item(item_id)
    try:
        start_response(db.session, request_clock(), g.actor, item_id)
    except RuleViolation as refusal:
        db.session.rollback()
        flash(refusal.message_zh, "warning")
    else:
        flash(_("预警响应已启动"), "success")
    return redirect(url_for("pages.info_item", item_id=item_id))
