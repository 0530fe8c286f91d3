"""Who am I, and may this cadre be promoted (第三十一条)."""
from __future__ import annotations

from flask import current_app
from flask import g

import engine
from engine.clock import local_today
from webui.api.auth import authenticated
from webui.extensions import db
from webui.openapi import operation
from webui.presenters import Lookup
from webui.presenters import MeSchema
from webui.presenters import RestrictionAnswerSchema
from webui.presenters import present_me
from webui.presenters import present_restrictions
from webui.uow import request_clock
from webui.uow import transactional


@operation("当前用户:单位、角色与待办数量", tag="people", response=MeSchema)
@transactional
@authenticated
def me():
    """Return the signed-in user, their roles and how many tasks wait for them."""
    user, clock = g.user, request_clock()

    def count(**filters) -> int:
        return engine.list_tasks(db.session, clock, user, per_page=1, **filters).total

    counts = {"mine": count(view="mine"), "groups": count(view="groups"),
              "overdue": count(view="all", overdue=True)}
    lookup = Lookup(db.session, local_today(clock))
    return present_me(lookup, user, counts, clock.now(), current_app.config["CLOCK"])


@operation("干部预警限制查询(第三十一条)", tag="people", response=RestrictionAnswerSchema, errors=(403,),
           description="组织、人事部门及办案人员查询干部当前是否因责令纠错而不得提拔使用、不得参加评选评优。")
@transactional
@authenticated
def cadre_restrictions(cadre_id: int):
    """Answer whether the cadre may be promoted or take part in awards today."""
    clock = request_clock()
    answer = engine.cadre_restrictions(db.session, clock, g.user, cadre_id)
    return present_restrictions(Lookup(db.session, local_today(clock)), answer)
