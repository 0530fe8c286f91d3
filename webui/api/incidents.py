"""Incidents through the API: the failed timers a supervisor or administrator sees, and retrying one
(SECURITY.md 10; issue 14 §2: "incident retry through the API, not only the page")."""
from __future__ import annotations

from flask import g
from marshmallow import Schema
from marshmallow import fields

from engine.models import Case
from engine.models import Incident
from engine.models import Job
from engine.models import ProcessInstance
from engine.operations.oversight import retry_incident_as_overseer
from engine.supervision_queries import OVERSIGHT_ROLES
from engine.supervision_queries import load_incident_for
from engine.supervision_queries import open_incidents
from webui.api.auth import authenticated
from webui.extensions import db
from webui.openapi import operation
from webui.uow import request_clock
from webui.uow import transactional

#: who may list and retry incidents (the supervisor's page allows the same)
ROLES = tuple(sorted(OVERSIGHT_ROLES))


class IncidentCase(Schema):
    """The case an incident holds up: its id and number, never its subject (administrators read no case)."""

    id = fields.Integer()
    number = fields.String()


class IncidentSchema(Schema):
    """A failed timer or job that stops a running case until someone retries it."""

    id = fields.Integer()
    kind = fields.String(metadata={"description": "故障类型,如 failed_job(定时任务多次重试仍失败)"})
    status = fields.String(metadata={"description": "open(待处理)或 resolved(已重试)"})
    message = fields.String(allow_none=True, metadata={"description": "最后一次失败的错误信息"})
    opened_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
    timer = fields.String(allow_none=True, metadata={"description": "失败的定时器所在环节(BPMN 元素 id)"})
    case = fields.Nested(IncidentCase, allow_none=True)


class IncidentList(Schema):
    """The open incidents the user may see, oldest first."""

    items = fields.List(fields.Nested(IncidentSchema))


def _dump(incident: Incident, case: Case | None, timer: str | None) -> dict:
    return IncidentSchema().dump({"id": incident.id, "kind": incident.kind, "status": incident.status,
                                  "message": incident.message, "opened_at": incident.opened_at,
                                  "resolved_at": incident.resolved_at, "timer": timer, "case": case})


@operation("流程故障列表", tag="admin", response=IncidentList, errors=(403,), roles=ROLES,
           description="多次重试仍失败的定时任务及其卡住的案件(只列出本人可查阅的案件)。")
@transactional
@authenticated
def list_incidents():
    """Return the open incidents the user may see."""
    return {"items": [_dump(row.incident, row.case, row.timer) for row in open_incidents(db.session, g.user)]}


@operation("重试流程故障", tag="admin", response=IncidentSchema, errors=(403, 404, 409), roles=ROLES,
           description="将失败的定时任务重新排入执行队列(重试次数复原),已审计;已处理的故障返回 409。")
@transactional
@authenticated
def retry_incident(incident_id: int):
    """Put a failed timer back for another round of retries (audited)."""
    load_incident_for(db.session, g.user, incident_id)
    incident = retry_incident_as_overseer(db.session, request_clock(), g.actor, incident_id)
    instance = db.session.get(ProcessInstance, incident.instance_id)
    case = db.session.get(Case, instance.case_id) if instance.case_id else None
    job = db.session.get(Job, incident.job_id) if incident.job_id else None
    return _dump(incident, case, job.bpmn_id if job else None)
