"""The ledger (一案一例台帐, 第二十六条), one case, and its audit trail."""
from __future__ import annotations

from flask import g

import engine
from engine.clock import local_today
from engine.vocabulary import Role
from webui.api.auth import authenticated
from webui.api.inputs import CaseQuery
from webui.api.inputs import EventQuery
from webui.api.inputs import parse_query
from webui.extensions import db
from webui.info_presenters import source_item
from webui.openapi import operation
from webui.presenters import CaseDetailSchema
from webui.presenters import CasePage
from webui.presenters import EventList
from webui.presenters import Lookup
from webui.presenters import present_case_detail
from webui.presenters import present_case_page
from webui.presenters import present_events
from webui.uow import request_clock
from webui.uow import transactional

#: who sees the source IP and hash chain of events
AUDIT_READERS = frozenset({Role.AUDITOR, Role.SUPERVISOR, Role.ADMIN})


@operation("案件台帐", tag="cases", query=CaseQuery, response=CasePage)
@transactional
@authenticated
def list_cases():
    """Return a page of the cases the user may read."""
    filters = parse_query(CaseQuery)
    today = local_today(request_clock())
    page = engine.list_cases(db.session, g.user, today=today, **filters)
    return present_case_page(Lookup(db.session, today), page)


@operation("案件详情:关键日期、期限、延期、文书、限制、办理环节、升级", tag="cases",
           response=CaseDetailSchema)
@transactional
@authenticated
def get_case(case_id: int):
    """Return one case the user may read."""
    detail = engine.case_detail(db.session, g.user, case_id)
    dumped = present_case_detail(Lookup(db.session, local_today(request_clock())), detail)
    source = source_item(db.session, detail.case.clue_id)
    return {**dumped, "source_info_item_id": source.item_id if source is not None else None}


@operation("案件审计记录", tag="cases", query=EventQuery, response=EventList)
@transactional
@authenticated
def case_events(case_id: int):
    """Return a page of the audit events of a case the user may read, oldest first."""
    events = engine.case_events(db.session, g.user, case_id, **parse_query(EventQuery))
    return present_events(events, auditor=any(r.role in AUDIT_READERS for r in g.user.roles))
