"""Run-time faults on the pages (issue 11 §5): the clerk is told their step is recorded and the process held;
supervisors find the incident, in Chinese or English, on 流程故障."""
from __future__ import annotations

import re

import pytest

from tests.engine import faulty_diagrams
from tests.webui.pages import text_of
from tests.webui.test_api_incidents import HELD
from tests.webui.test_api_incidents import _deploy


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _register_through_the_page(clerk, cadre_id: int) -> int:
    clerk.get("/clues/new")
    response = clerk.post("/clues/new", {"source_channel": "letters_visits", "received_on": "2026-11-01",
                                         "source_unit_name": "县信访局", "summary": "群众来信反映该干部违规收受礼金。",
                                         "subject_cadre_id": str(cadre_id)})
    return int(re.search(r"/cases/(\d+)", response.headers["Location"]).group(1))


def test_the_clerk_is_told_the_step_is_recorded_and_the_supervisor_sees_the_incident(app, browser, ids):
    _deploy(app, faulty_diagrams.unset_timer())
    clerk = browser("wang.clerk")
    case_id = _register_through_the_page(clerk, ids.cadre_id())
    task_id = ids.open_task(case_id, "screen_clue")
    clerk.get(f"/tasks/{task_id}")

    response = clerk.post(f"/tasks/{task_id}/submit", {"action": "submit", "routing": "handle_here",
                                                       "reason": "属县管干部,本级处理"})

    assert response.status_code == 302
    page = text_of(clerk.get(response.headers["Location"]))
    assert HELD in page and "定时器“提出建议期满”(proposal_overdue)无法计算到期时间" in page
    # the case itself says it is held, to everyone who reads it, after the message has gone
    again = text_of(clerk.get(f"/cases/{case_id}"))
    assert "流程暂停" in again and "never_set_due_at" in again and HELD not in again
    supervisor = browser("chen.supervisor")
    listing = text_of(supervisor.get("/supervise/incidents"))
    assert "定时器无法计算" in listing and "never_set_due_at" in listing
    supervisor.post("/language", {"lang": "en", "next": "/"})
    english = text_of(supervisor.get("/supervise/incidents"))
    assert "Timer cannot be computed" in english
    assert "cannot compute when it is due: the process data has no variable “never_set_due_at”" in english
