"""Registering clues and working the inbox: list, read, claim, give back, complete (第十–三十一条)."""
from __future__ import annotations

from flask import g
from sqlalchemy import select

import engine
from engine.clock import local_today
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models.cases import of_case
from engine.permissions import load_task_for
from engine.permissions import task_actions
from processes import measures
from webui.api.auth import authenticated
from webui.api.idempotency import idempotent
from webui.api.inputs import ClueBody
from webui.api.inputs import CompleteBody
from webui.api.inputs import TaskQuery
from webui.api.inputs import json_object
from webui.api.inputs import load_body
from webui.api.inputs import parse_query
from webui.api.tokens import require_fresh_token
from webui.extensions import db
from webui.openapi import any_form_body
from webui.openapi import form_body
from webui.openapi import operation
from webui.presenters import CompletionSchema
from webui.presenters import Lookup
from webui.presenters import RegisteredClueSchema
from webui.presenters import TaskDetail
from webui.presenters import TaskPage
from webui.presenters import present_completion
from webui.presenters import present_registered_clue
from webui.presenters import present_task_detail
from webui.presenters import present_task_page
from webui.uow import request_clock
from webui.uow import transactional


def _lookup() -> Lookup:
    return Lookup(db.session, local_today(request_clock()))


@operation("登记预警线索并启动预警案件(第十、十三条)", tag="tasks",
           body=form_body("clue_registration", ClueBody, "ClueRegistrationBody"),
           response=RegisteredClueSchema, status=201, errors=(403,), roles=("warning_office",),
           description="请求体为「登记预警线索」表单字段,另可带 receiving_unit_id。"
                       "可带 Idempotency-Key 请求头:以同一键重发同一请求,得到首次的答复,不会重复登记。")
@transactional
@authenticated
@idempotent
def register_clue():
    """Register a clue and open its case."""
    body = json_object()
    unit = {"receiving_unit_id": body.pop("receiving_unit_id")} if "receiving_unit_id" in body else {}
    extra = load_body(ClueBody, unit)
    registered = measures.register_clue(db.session, request_clock(), g.actor, body,
                                        receiving_unit_id=extra.get("receiving_unit_id"))
    next_tasks = db.session.execute(
        select(HumanTask).where(of_case(HumanTask, registered.case.id), HumanTask.status == TaskStatus.OPEN)
        .order_by(HumanTask.id)
    ).scalars().all()
    return present_registered_clue(_lookup(), registered, list(next_tasks)), 201


@operation("待办列表", tag="tasks", query=TaskQuery, response=TaskPage)
@transactional
@authenticated
def list_tasks():
    """Return a page of the user's inbox."""
    filters = parse_query(TaskQuery)
    if not filters.get("overdue"):
        filters["overdue"] = None
    page = engine.list_tasks(db.session, request_clock(), g.user, **filters)
    return present_task_page(_lookup(), page)


@operation("待办详情:案件概况、表单说明、候选岗位、期限", tag="tasks", response=TaskDetail)
@transactional
@authenticated
def get_task(task_id: int):
    """Return one task the user may see, with what a client needs to render its form."""
    task = load_task_for(db.session, g.user, task_id)
    return present_task_detail(_lookup(), task, task_actions(g.user, task))


@operation("签收待办", tag="tasks", response=TaskDetail, errors=(409,))
@transactional
@authenticated
def claim_task(task_id: int):
    """Take a group task into one's own inbox."""
    task = engine.claim_task(db.session, request_clock(), g.actor, task_id)
    return present_task_detail(_lookup(), task, task_actions(g.user, task))


@operation("退回待办至岗位队列", tag="tasks", response=TaskDetail, errors=(409,))
@transactional
@authenticated
def unclaim_task(task_id: int):
    """Give a claimed task back to the group queue."""
    task = engine.unclaim_task(db.session, request_clock(), g.actor, task_id)
    return present_task_detail(_lookup(), task, task_actions(g.user, task))


@operation("办理(提交)待办", tag="tasks", body=any_form_body(CompleteBody), response=CompletionSchema,
           errors=(409,),
           description="data 为该待办表单的字段;表单有误返回 422,details 为 {字段: [中文说明]};"
                       "已被他人办结返回 409。可带 Idempotency-Key 请求头:以同一键重发,得到首次的答复。")
@transactional
@authenticated
@idempotent
def complete_task(task_id: int):
    """Submit the task's form; the workflow moves on to its next steps in the same transaction."""
    require_fresh_token(load_task_for(db.session, g.user, task_id))
    body = load_body(CompleteBody, json_object())
    completion = engine.complete_task(db.session, request_clock(), g.actor, task_id, body["data"],
                                      body["opinion"])
    return present_completion(_lookup(), completion)
