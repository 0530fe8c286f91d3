"""The response to a graded item as a process (info_response.bpmn), walked step by step.

「002 四」: 一级 廉情监察建议, 二级 廉情预警质询, 三级 廉情预警告知 — the county centre issues the level's document,
records the reply, follows it up and closes it (「001 第一篇(四)四是」 积极整改). Seeds 001 and 002 give no
period for any response, so no step has a due date. Once per item, after grading, by the centre.
"""
from __future__ import annotations

import pytest

from engine.db import unit_of_work
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.models import InfoItem
from processes.info_network.responses import response_state
from processes.info_network.responses import start_response
from tests.engine.starts_support import complete
from tests.engine.starts_support import instance
from tests.engine.starts_support import open_tasks
from tests.engine.starts_support import workflow_data


def _graded(world, *, graded=True) -> int:
    finance = world.unit_id("dept-finance")
    with unit_of_work(world.factory) as session:
        item = create_item(session, world.clock, world.actor(session, "yj.officer"), {
            "category": "administration", "source": "public", "unit_id": finance,
            "facts": "县财政局违规发放津贴补贴。"})
        if graded:
            verify_item(session, world.clock, world.actor(session, "yj.centre"), item.id)
            grade_item(session, world.clock, world.actor(session, "yj.deputy"), item.id,
                       situation="allowances_abused", harm="heavy")
        return item.id


def _start(world, item_id: int, username: str = "yj.centre") -> int:
    with unit_of_work(world.factory) as session:
        return start_response(session, world.clock, world.actor(session, username), item_id).id


def test_the_inquiry_of_a_level_2_item_is_issued_answered_and_closed_without_a_deadline(info_world):
    """「002 四(二)」 二级 → 廉情预警质询: issue, reply, follow-up and close; the seeds set no period, so no step
    carries a due date."""
    item_id = _graded(info_world)
    instance_id = _start(info_world, item_id)
    assert workflow_data(info_world, instance_id)["response"] == "廉情预警质询"
    for bpmn_id, data in (
        ("issue_response", {"document_number": "寿纪预质〔2030〕1号", "issued_on": "2030-01-20",
                            "recipient": "县财政局", "content": "请就违规发放津贴作出说明。"}),
        ("record_reply", {"replied_on": "2030-01-20", "reply": "已停发并收回。"}),
        ("close_response", {"follow_up": "回访核实已收回。", "closed_on": "2030-01-20"}),
    ):
        [task] = open_tasks(info_world, instance_id)
        assert (task.bpmn_id, task.due_date, task.due_at) == (bpmn_id, None, None)
        complete(info_world, "yj.centre", task.id, data)
    assert instance(info_world, instance_id).status == "completed"
    with info_world.factory() as session:
        state = response_state(session, session.get(InfoItem, item_id))
    assert (state.closed, state.open_steps, state.period) == (True, [], None)


def test_the_response_starts_once_after_grading_and_only_by_the_centre(info_world):
    """「002 三 2」 the level comes first (422); 「002 四」 one response per item (409); the centre starts it (403)."""
    ungraded = _graded(info_world, graded=False)
    with pytest.raises(RuleViolation) as refused:
        _start(info_world, ungraded)
    assert (refused.value.status, refused.value.code) == (422, "not_graded")
    item_id = _graded(info_world)
    with pytest.raises(NotPermitted):
        _start(info_world, item_id, "yj.officer")
    first = _start(info_world, item_id)
    with pytest.raises(RuleViolation) as again:
        _start(info_world, item_id)
    assert (again.value.status, again.value.code) == (409, "response_started")
    with info_world.factory() as session:
        state = response_state(session, session.get(InfoItem, item_id))
    assert state.instance_id == first and [name for _, name in state.open_steps] == ["发出预警响应文书"]
