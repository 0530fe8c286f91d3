"""The auditor's workspace (审计): find a case, read it step by step as it was done with its raw audit
events, check the hash chain, and export a case's archive (第二十六条 一案一例; SECURITY.md 25, 26).

Every route is a GET: auditors stay strictly read-only. The one record written is the audit event of an
archive export, which a GET may write (the ``page`` decorator refuses read-only roles only on changes).
Auditors, supervisors and the administrator may look; everyone else gets 403.
"""
from __future__ import annotations

from flask import Response
from flask import g
from flask import render_template
from marshmallow import Schema
from marshmallow import fields
from marshmallow import validate

import engine
from engine.clock import local_today
from engine.permissions import load_case_for
from processes.measures.inspection import ACTION_LABELS
from processes.measures.inspection import case_archive
from processes.measures.inspection import check_may_inspect
from processes.measures.inspection import describe_events
from processes.measures.inspection import inspect_case
from processes.measures.inspection import inspect_chain
from processes.measures.inspection import reads_cases
from processes.measures.inspection import recent_events
from webui.checkpoints import verify_with_checkpoints
from webui.extensions import db
from webui.pages.auth import page
from webui.pages.document_downloads import attachment_disposition
from webui.pages.inputs import read_filters
from webui.presenters import Lookup
from webui.presenters import present_case_page
from webui.uow import request_clock

ZIP_MIMETYPE = "application/zip"
CASES_PER_PAGE = 15
EVENTS_PER_PAGE = 30


class AuditQuery(Schema):
    """The home page's case search and the filter of recent activity."""

    q = fields.String(validate=validate.Length(max=64))
    action = fields.String(validate=validate.Regexp(r"^[a-z_]{1,24}\.[a-z_]{1,24}$"))
    page = fields.Integer(validate=validate.Range(min=1, max=100_000))
    events_page = fields.Integer(validate=validate.Range(min=1, max=100_000))


@page
def audit_home():
    """Search the cases in scope, list recent audit activity, and offer the chain check."""
    check_may_inspect(g.user)
    filters, problems = read_filters(AuditQuery)
    query = filters.get("q", "").strip()
    cases = None
    if reads_cases(g.user):
        result = engine.list_cases(db.session, g.user, q=query or None, page=filters.get("page", 1),
                                   per_page=CASES_PER_PAGE)
        cases = present_case_page(Lookup(db.session, local_today(request_clock())), result)
    events = recent_events(db.session, g.user, action=filters.get("action"), page=filters.get("events_page", 1),
                           per_page=EVENTS_PER_PAGE)
    return render_template(
        "pages/audit_home.html", cases=cases, query=query, filters=filters, problems=problems,
        events=events, records=describe_events(db.session, events.items), actions=ACTION_LABELS,
    )


@page
def audit_verify():
    """Re-hash the whole audit chain and show it intact, or its first altered or missing event."""
    check_may_inspect(g.user)
    inspection = inspect_chain(db.session, g.user, verify_with_checkpoints(db.session))
    return render_template("pages/audit_verify.html", chain=inspection, checked_at=request_clock().now())


@page
def audit_case(case_id: int):
    """Inspect a case: diagrams with the path taken, every step with its data as submitted, the event log."""
    inspection = inspect_case(db.session, g.user, case_id)
    return render_template("pages/audit_case.html", inspection=inspection, case=inspection.case)


@page
def audit_case_archive(case_id: int):
    """Download the case's archive (events, steps, documents, attachments, manifest, summary) as one ZIP."""
    case = load_case_for(db.session, g.user, case_id)
    content = case_archive(db.session, request_clock(), g.actor, case.id)
    today = local_today(request_clock()).isoformat()
    return Response(content, mimetype=ZIP_MIMETYPE, headers={
        "Content-Disposition": attachment_disposition(f"案件档案-{case.number}-{today}.zip")})
