"""A unit's records beyond the cases: its timeline (issue 13 §3: "a timeline per unit") and its risk register
as DOCX, the register and its public notice (issue 12 §2 Outputs; 「004 十」第八步, 「001 第三篇(二)1(3)」).

Each regulation contributes the lines the user may read (engine.registry); a unit of which the user reads
nothing is not found (SECURITY.md 24). The documents follow the register's reading rule (the package's
access.check_readable): a unit whose register the user may not read is not found either.
"""
from __future__ import annotations

from flask import Response
from flask import g
from flask import render_template
from flask_babel import gettext as _

from engine.errors import NotFound
from engine.models import Unit
from engine.registry import REGISTRY
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.documents_register import notice_docx
from processes.risk_points.documents_register import register_docx
from webui.extensions import db
from webui.file_entries import present_file_entries
from webui.pages.auth import page
from webui.pages.document_downloads import DOCX_MIMETYPE
from webui.pages.document_downloads import attachment_disposition
from webui.uow import request_clock

TIMELINE_LIMIT = 200


@page
def unit_timeline(unit_id: int):
    """The unit's information items, warnings and register changes the user reads, newest first."""
    unit = db.session.get(Unit, unit_id)
    entries = REGISTRY.unit_timeline(db.session, request_clock(), g.user, unit_id) if unit is not None else None
    if entries is None:
        raise NotFound(_("单位不存在或无权查看"))
    readable = readable_unit_ids(db.session, g.user)
    # newest first, the latest TIMELINE_LIMIT lines: a page stays readable however long the unit's history
    return render_template("pages/unit_timeline.html", unit=unit, total=len(entries), limit=TIMELINE_LIMIT,
                           entries=present_file_entries(reversed(entries[-TIMELINE_LIMIT:])),
                           register_reader=readable is None or unit_id in readable)


def _docx(title: str, content: bytes) -> Response:
    return Response(content, mimetype=DOCX_MIMETYPE,
                    headers={"Content-Disposition": attachment_disposition(f"{title}.docx")})


@page
def risk_register_docx(unit_id: int):
    """The unit's risk register (廉政风险点登记表) as a DOCX in the GB/T 9704 page."""
    return _docx(*register_docx(db.session, request_clock(), g.user, unit_id))


@page
def risk_notice_docx(unit_id: int):
    """The public notice (公示) of the unit's filed risk points as a DOCX under its red masthead."""
    return _docx(*notice_docx(db.session, request_clock(), g.user, unit_id))
