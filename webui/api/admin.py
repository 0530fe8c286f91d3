"""Audit-chain check, the manual clock, running due jobs now, and the API description."""
from __future__ import annotations

from flask import current_app
from flask import g
from sqlalchemy import select

from engine.clock import local_today
from engine.clockstore import advanced_by_days
from engine.models import AuditEvent
from engine.vocabulary import Role
from webui.api.auth import authenticated
from webui.api.auth import require_role
from webui.api.inputs import ClockBody
from webui.api.inputs import json_object
from webui.api.inputs import load_body
from webui.checkpoints import verify_with_checkpoints
from webui.extensions import db
from webui.openapi import build_document
from webui.openapi import operation
from webui.presenters import ChainReportSchema
from webui.presenters import ClockSchema
from webui.presenters import SweepReportSchema
from webui.training import fire_due_jobs
from webui.training import move_clock
from webui.uow import request_clock
from webui.uow import transactional

VERIFIERS = (Role.ADMIN, Role.AUDITOR, Role.SUPERVISOR)
SWEEPERS = (Role.ADMIN, Role.SUPERVISOR)


@operation("校验审计链", tag="admin", response=ChainReportSchema, errors=(403,), roles=VERIFIERS,
           description="逐条重算审计记录的哈希;被改动、删除或重排时指出第一条问题记录。")
@transactional
@authenticated
def verify_audit():
    """Re-hash the audit chain and report the first altered event."""
    require_role(g.user, VERIFIERS, "只有系统管理员、审计或督办人员可以校验审计链")
    report = verify_with_checkpoints(db.session)
    bad = None
    if report.first_bad_seq is not None:
        bad = db.session.execute(
            select(AuditEvent).where(AuditEvent.seq == report.first_bad_seq)
        ).scalar_one_or_none()
    return ChainReportSchema().dump({
        "ok": report.ok, "checked": report.checked, "first_bad_seq": report.first_bad_seq,
        "problem_zh": report.problem_zh, "first_bad_event": bad,
    })


@operation("调整手动时钟(仅培训、演示环境)", tag="admin", body=ClockBody, response=ClockSchema, errors=(409,),
           roles=(Role.ADMIN,), description="系统时钟模式下返回 409。")
@transactional
@authenticated
def set_clock():
    """Move the shared manual clock to an instant, or forward by some days."""
    require_role(g.user, (Role.ADMIN,), "只有系统管理员可以调整时钟")
    body = load_body(ClockBody, json_object())
    before = request_clock().now()
    target = body["now"] if body["now"] is not None else advanced_by_days(before, body["advance_days"])
    after = move_clock(target)
    return ClockSchema().dump({"mode": "manual", "now": after, "today": local_today(g.clock)})


@operation("立即执行到期任务(定时器)", tag="admin", response=SweepReportSchema, errors=(403,), roles=SWEEPERS,
           description="执行所有已到期的定时器并投递通知,返回本次执行情况。")
@transactional
@authenticated
def run_jobs():
    """Fire every due timer now and deliver notifications; return the sweep report."""
    require_role(g.user, SWEEPERS, "只有系统管理员或督办人员可以执行到期任务")
    return SweepReportSchema().dump(fire_due_jobs())


@operation("本接口的 OpenAPI 3.1 文档", tag="meta", auth=False)
def openapi_document():
    """Return the OpenAPI document, generated from the route table and the schemas."""
    document = current_app.extensions.get("lianjing.openapi")
    if document is None:
        document = current_app.extensions["lianjing.openapi"] = build_document(current_app)
    return document

