"""Starting processes through the API (issue 11 §3): what I may start, and starting it with its start form."""
from __future__ import annotations

from flask import g

import engine
from engine.clock import local_today
from engine.operations.instances import startable_processes
from webui.api.auth import authenticated
from webui.api.inputs import StartBody
from webui.api.inputs import json_object
from webui.api.inputs import load_body
from webui.extensions import db
from webui.openapi import operation
from webui.presenters import Lookup
from webui.presenters import StartableProcessList
from webui.presenters import StartedInstanceSchema
from webui.presenters import present_startable
from webui.presenters import present_started
from webui.uow import request_clock
from webui.uow import transactional


@operation("可发起的事项", tag="processes", response=StartableProcessList,
           description="列出本人岗位可发起的流程(各流程的最新发布版本)及其发起表单。")
@transactional
@authenticated
def list_startable():
    """Return the processes the user may start."""
    return {"items": [present_startable(p) for p in startable_processes(db.session, g.user)]}


@operation("发起事项:启动流程实例", tag="processes", body=StartBody, response=StartedInstanceSchema, status=201,
           errors=(403,),
           description="启动流程的最新发布版本。流程不存在或未发布返回 404;流程不可由人员发起、本人没有可发起的岗位"
                       "返回 403;发起表单有误返回 422,details 为 {字段: [中文说明]}。")
@transactional
@authenticated
def start_process(key: str):
    """Start the newest published version of a process as the user."""
    body = load_body(StartBody, json_object(required=False))
    started = engine.start_process(db.session, request_clock(), g.actor, key, body["data"], unit_id=body["unit_id"])
    return present_started(Lookup(db.session, local_today(request_clock())), started), 201
