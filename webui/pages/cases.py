"""The ledger (一案一例台帐, 第二十六条) with its Excel export, and the case page: timeline, deadlines,
documents, attachments, restrictions, the diagrams with the path taken, other cases of the same cadre."""
from __future__ import annotations

from flask import Response
from flask import g
from flask import render_template
from flask import request
from sqlalchemy import select

import engine
from engine.clock import local_today
from engine.incidents import open_incidents_of
from engine.models import Case
from engine.models import Unit
from engine.operations.attachments import attachments_of
from engine.permissions import case_scope_filter
from engine.queries import CASE_SORTS
from engine.queries import MAX_PER_PAGE
from engine.queries import case_diagrams
from engine.queries import definition_xml_for
from engine.registry import REGISTRY
from engine.spreadsheets import export_ledger
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from processes.measures import CASE_SUBJECT
from webui.api.inputs import CaseQuery
from webui.extensions import db
from webui.file_entries import present_post_risks
from webui.info_presenters import source_item
from webui.pages.auth import page
from webui.pages.downloads import xml_download
from webui.pages.inputs import read_filters
from webui.presenters import CASE_STATUS_LABELS
from webui.presenters import Lookup
from webui.presenters import present_case_detail
from webui.presenters import present_case_page
from webui.presenters import present_case_summary
from webui.uow import request_clock

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lookup() -> Lookup:
    return Lookup(db.session, local_today(request_clock()))


def _ledger_filters() -> tuple[dict, list[str]]:
    filters, problems = read_filters(CaseQuery, extra=("sort",))
    return filters, problems


@page
def ledger():
    """List the cases the user may read, filtered and sorted, a page at a time."""
    filters, problems = _ledger_filters()
    page_number = filters.pop("page", 1)
    per_page = min(filters.pop("per_page", 20), MAX_PER_PAGE)
    sort = request.args.get("sort", "")
    sort = sort if sort.lstrip("-") in CASE_SORTS else ""
    result = engine.list_cases(db.session, g.user, sort=sort, page=page_number, per_page=per_page,
                               today=local_today(request_clock()), **filters)
    units = db.session.execute(select(Unit).order_by(Unit.path)).scalars().all()
    return render_template(
        "pages/ledger.html", cases=present_case_page(_lookup(), result), filters=filters, sort=sort,
        problems=problems, units=units, stages=STAGE_LABELS, warning_types=WARNING_TYPE_LABELS,
        statuses=CASE_STATUS_LABELS,
    )


@page
def export_ledger_xlsx():
    """Download the filtered ledger as an Excel workbook."""
    filters, _ = _ledger_filters()
    filters.pop("page", None)
    filters.pop("per_page", None)
    content = export_ledger(db.session, request_clock(), g.user, **filters)
    today = local_today(request_clock())
    return Response(content, mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": f"attachment; filename=ledger-{today.isoformat()}.xlsx; "
                               f"filename*=UTF-8''%E4%B8%80%E6%A1%88%E4%B8%80%E4%BE%8B%E5%8F%B0%E5%B8%90-{today.isoformat()}.xlsx"})


def _other_cases(case: Case) -> list[Case]:
    stmt = (
        select(Case)
        .where(Case.cadre_id == case.cadre_id, Case.id != case.id, case_scope_filter(db.session, g.user))
        .order_by(Case.id.desc())
    )
    return list(db.session.execute(stmt).scalars())


@page
def show_case(case_id: int):
    """Show a case the user may read (404 otherwise): the whole record of 一案一例."""
    detail = engine.case_detail(db.session, g.user, case_id)
    lookup = _lookup()
    view = present_case_detail(lookup, detail)
    documents_by_task: dict[int, list] = {}
    for document in detail.documents:
        documents_by_task.setdefault(document.task_id, []).append(document)
    extensions = [d for d in detail.documents if d.kind == "extension_notice"]
    others = _other_cases(detail.case)
    return render_template(
        "pages/case.html", case=view, case_row=detail.case, documents_by_task=documents_by_task,
        extensions=extensions, attachments=attachments_of(db.session, CASE_SUBJECT, detail.case.id),
        diagrams=case_diagrams(db.session, detail.case),
        others=[present_case_summary(lookup, c) for c in others],
        incidents=open_incidents_of(db.session, CASE_SUBJECT, detail.case.id),
        source_item=source_item(db.session, detail.case.clue_id),
        # issue 12 §4: the filed risks of the cadre's post, for those who read that unit's register
        post_risks=present_post_risks(REGISTRY.post_risks(db.session, g.user, detail.case.cadre_id)),
    )


@page
def case_diagram_xml(case_id: int, definition_id: int):
    """Serve the BPMN of one process the case runs on (its pinned version)."""
    xml = definition_xml_for(db.session, g.user, case_id, definition_id)
    return xml_download(xml, f"case-{case_id}-{definition_id}.bpmn")
