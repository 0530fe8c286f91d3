"""The supervisors' incident list and its retry (issue 11 §5, SECURITY.md 10): a case held by a run-time fault."""
from __future__ import annotations

from flask import g

from engine.clock import local_today
from engine.models import Case
from engine.models import IncidentStatus
from engine.models import Job
from engine.models import ProcessInstance
from engine.operations.oversight import retry_incident_as_overseer
from engine.supervision_queries import OVERSIGHT_READER_ROLES
from engine.supervision_queries import OVERSIGHT_ROLES
from engine.supervision_queries import open_incidents
from engine.vocabulary import Role
from webui.api.auth import authenticated
from webui.extensions import db
from webui.openapi import operation
from webui.presenters import IncidentList
from webui.presenters import Lookup
from webui.presenters import RetryResultSchema
from webui.presenters import incident_view
from webui.uow import request_clock
from webui.uow import transactional

#: who reads the cases behind the incidents they see (the administrator oversees faults, not cases)
CASE_READER_ROLES = frozenset({Role.SUPERVISOR, Role.AUDITOR})


def _lookup() -> Lookup:
    return Lookup(db.session, local_today(request_clock()))


def _reads_cases(user) -> bool:
    """Supervisors and auditors read the cases they oversee; an administrator alone reads none."""
    return any(r.role in CASE_READER_ROLES for r in user.roles)


@operation("流程故障列表", tag="incidents", response=IncidentList, errors=(403,), roles=tuple(OVERSIGHT_READER_ROLES),
           description="未处理的流程故障(定时任务失败、条件或定时器无法计算、网关无出口),最早的在前;"
                       "系统管理员看到全部,督办、审计人员看到其可查阅案件的故障。")
@transactional
@authenticated
def list_incidents():
    """Return the open incidents the user may see."""
    lookup = _lookup()
    subject = _reads_cases(g.user)
    return IncidentList().dump({"items": [incident_view(lookup, row.incident, row.case, row.timer, with_subject=subject)
                                          for row in open_incidents(db.session, g.user)]})


@operation("重新执行流程故障", tag="incidents", response=RetryResultSchema, errors=(403, 404, 409),
           roles=tuple(OVERSIGHT_ROLES),
           description="定时任务失败的重新排入执行队列;条件、定时器或网关故障的从出错的元素重新推进流程"
                       "(通常在设计人员把案件迁移到修正后的版本之后)。仍然失败时 resolved 为 false,"
                       "故障保持未处理,message 为本次失败的原因。")
@transactional
@authenticated
def retry_incident(incident_id: int):
    """Retry an incident; say whether the case moves again."""
    incident = retry_incident_as_overseer(db.session, request_clock(), g.actor, incident_id)
    instance = db.session.get(ProcessInstance, incident.instance_id)
    case = db.session.get(Case, instance.case_id) if instance.case_id else None
    timer = db.session.get(Job, incident.job_id).bpmn_id if incident.job_id else None
    return RetryResultSchema().dump({"resolved": incident.status == IncidentStatus.RESOLVED,
                                     "incident": incident_view(_lookup(), incident, case, timer,
                                                               with_subject=_reads_cases(g.user))})
