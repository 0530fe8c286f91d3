"""Issue 14 §3.3, 分权制衡 (第十五–十七条, SECURITY.md 25): whoever proposed, checked or filled a matter may
not approve it — the subject's approval, the registration, the extension and the lifting — and a step its
holder may not do does not wait in their inbox as if it were theirs.

The attack replayed: one person holding both the warning office (预警办) and the secretary's role (纪委书记)
proposes the subject, checks the facts, and then approves the ordered correction; it answered HTTP 200.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.db import unit_of_work
from engine.models import RoleAssignment
from engine.models import Unit
from engine.models import User
from tests.webui.conftest import ApiWalker
from webui import extensions


def _grant(app, username: str, role: str, unit_code: str = "county") -> None:
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one()
        unit_id = session.execute(select(Unit.id).where(Unit.code == unit_code)).scalar_one()
        session.add(RoleAssignment(user_id=user.id, role=role, unit_id=unit_id))


def _inbox_steps(walk: ApiWalker, username: str) -> set[str]:
    items = walk.client(username).get("/tasks?per_page=100").get_json()["items"]
    return {t["bpmn_id"] for t in items if t["case"]["id"] == walk.case_id}


@pytest.fixture()
def walk(app, api, ids, registered_case) -> ApiWalker:
    _grant(app, "wang.clerk", "secretary")  # the warning office clerk who is also the secretary
    return ApiWalker(api, ids, registered_case()["case"]["id"])


def test_who_proposed_and_checked_may_not_approve_the_correction_第十七条(walk):
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")

    assert "approve_correction" not in _inbox_steps(walk, "wang.clerk")
    assert "approve_correction" in _inbox_steps(walk, "zhang.secretary")
    refused = walk.do("wang.clerk", "approve_correction", opinion="同意", approval_decision="approved",
                      decided_on="2026-11-02", expect=403)
    assert refused["error"]["code"] == "segregation_of_duties"
    walk.do("zhang.secretary", "approve_correction", opinion="同意", approval_decision="approved",
            decided_on="2026-11-02")


def test_who_filled_the_registration_form_may_not_approve_it(app, walk):
    _grant(app, "xu.clerk", "deputy_secretary")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    walk.do("zhang.secretary", "approve_correction", opinion="同意", approval_decision="approved",
            decided_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", acknowledged_on="2026-11-02", opinion="阅")
    walk.do("xu.clerk", "plan_implementation", method="written", started_on="2026-11-02", implementer="县纪委书记")
    walk.do("xu.clerk", "fill_registration_form", rectification_requirements="一个月内退还礼金并作出书面检查")
    for clerk in ("wang.clerk", "xu.clerk"):  # the proposer and checker, and the filler
        assert "approve_registration" not in _inbox_steps(walk, clerk)
        walk.do(clerk, "approve_registration", approval_decision="approved", decided_on="2026-11-02", expect=403)
    walk.do("li.deputy", "approve_registration", approval_decision="approved", decided_on="2026-11-02")


def test_who_asked_for_the_extension_may_not_approve_it_第三十条(app, correction_case):
    walk = correction_case
    _grant(app, "wang.clerk", "deputy_secretary")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-11-02",
            reason="整改涉及退还款项,需延期")
    walk.do("wang.clerk", "fill_extension_form", reason="整改涉及退还款项,需延期", requested_due_date="2026-12-20")
    assert "approve_extension" not in _inbox_steps(walk, "wang.clerk")
    walk.do("wang.clerk", "approve_extension", extension_decision="approved", decided_on="2026-11-05", expect=403)
