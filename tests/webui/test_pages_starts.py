"""发起事项: officials start the processes their roles may start, with the start form (issue 11 §3)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import ProcessInstance
from engine.operations.definitions import deploy_definition
from tests.engine.starts_support import diagram
from tests.engine.test_process_starts import ITEM
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def app(page_app):
    return page_app


@pytest.fixture(autouse=True)
def deployed(page_app):
    """The element diagrams, and handle_now: await_instruction without its wait."""
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            for name in ("info_item", "clue_intake", "await_instruction"):
                deploy_definition(session, clock, SYSTEM, f"{name}.bpmn", diagram(name))
            # The same diagram without the wait: its first step opens for the starter straight away.
            direct = diagram("await_instruction").decode().replace('id="await_instruction"', 'id="handle_now"') \
                .replace('name="等待上级交办"', 'name="直接办理交办事项"') \
                .replace('targetRef="instruction_arrives"', 'targetRef="handle_instruction"')
            direct = re.sub(r"<bpmn:intermediateCatchEvent.*?</bpmn:intermediateCatchEvent>", "", direct, flags=re.S)
            direct = re.sub(r'<bpmn:sequenceFlow id="f_handle"[^>]*/>', "", direct)
            direct = re.sub(r"<bpmndi:BPMNDiagram.*</bpmndi:BPMNDiagram>", "", direct, flags=re.S)
            direct = direct.replace("<bpmn:incoming>f_handle</bpmn:incoming>", "<bpmn:incoming>f_wait</bpmn:incoming>")
            deploy_definition(session, clock, SYSTEM, "handle_now.bpmn", direct.encode())


def _count(app, model, *where) -> int:
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_the_menu_offers_it_to_officials_and_not_to_auditors(browser):
    assert 'href="/start"' in text_of(browser("zy.office").get("/"))
    assert 'href="/start"' not in text_of(browser("liu.auditor").get("/"))


def test_the_page_lists_what_the_users_roles_may_start(browser):
    page = text_of(browser("zy.office").get("/start"))
    assert "报送预警信息" in page and "等待上级交办" in page and "直接办理交办事项" in page
    assert "受理信息线索" not in page  # started by its message only
    assert "您的岗位目前没有可发起的事项" in text_of(browser("li.deputy").get("/start"))


def test_starting_with_the_start_form_lands_on_the_inbox_saying_what_was_started(app, browser):
    clerk = browser("zy.office")
    page = text_of(clerk.get("/start?process=info_item"))
    assert 'name="notified_on"' in page and 'name="feedback"' in page
    response = clerk.post("/start", {"process": "info_item", **ITEM})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    inbox = text_of(clerk.get("/"))
    assert "已发起“报送预警信息”" in inbox
    assert "受理信息线索" in inbox  # the clue the item raised waits in the town office's inbox
    assert _count(app, AuditEvent, AuditEvent.action == "instance.started") == 2


def test_starting_lands_on_the_first_step_when_it_is_the_starters(app, browser):
    clerk = browser("wang.clerk")
    clerk.get("/start?process=handle_now")
    response = clerk.post("/start", {"process": "handle_now"})
    assert response.status_code == 302
    assert re.fullmatch(r"/tasks/\d+", response.headers["Location"])
    page = text_of(clerk.get(response.headers["Location"]))
    assert "已发起“直接办理交办事项”" in page and "按交办意见办理" in page


def test_a_bad_start_form_is_shown_again_with_its_problems_and_nothing_starts(app, browser):
    clerk = browser("wang.clerk")
    clerk.get("/start?process=info_item")
    response = clerk.post("/start", {"process": "info_item", "notified_on": "2026-11-01", "feedback": ""})
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="form-error"' in page and "此项必填" in page and 'value="2026-11-01"' in page
    assert _count(app, ProcessInstance) == 0


@pytest.mark.parametrize("process", ["clue_intake", "warning_case", "nothing_here"])
def test_a_process_the_user_may_not_start_is_not_found(browser, process):
    clerk = browser("wang.clerk")
    assert clerk.get(f"/start?process={process}").status_code == 404
    assert clerk.post("/start", {"process": process}).status_code == 404


def test_the_page_speaks_english(browser):
    clerk = browser("wang.clerk")
    clerk.post("/language", {"lang": "en", "next": "/"})
    page = text_of(clerk.get("/start?process=await_instruction"))
    assert "Start a process" in page and "This process needs no start form." in page


def _redeploy_info_item_with_a_designers_start_form(app, text_field: str) -> None:
    from tests.engine.test_process_starts import _report_form

    xml = diagram("info_item").replace(b'value="source_feedback"', b'value="item_report"')
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        deploy_definition(session, FixedClock(extensions.clock().now()), SYSTEM, "info_item.bpmn", xml,
                          data_forms=[_report_form(text_field)])


def test_the_start_page_shows_and_checks_a_start_form_the_designer_defined(app, browser):
    """Issue 11 §3–§4: a data form published with the version is the start form, rendered by the same page code."""
    _redeploy_info_item_with_a_designers_start_form(app, "feedback")
    clerk = browser("zy.office")
    page = text_of(clerk.get("/start?process=info_item"))
    assert "信息报送单" in page and 'name="feedback"' in page and 'name="reporter_id"' in page
    refused = clerk.post("/start", {"process": "info_item", "feedback": ""})
    assert refused.status_code == 422 and "此项必填" in text_of(refused)
    assert _count(app, ProcessInstance) == 0


def test_a_start_that_runs_into_a_fault_says_so_and_the_instance_waits_with_an_incident(app, browser):
    """Issue 11 §5: the diagram reads ``feedback``, which this start form never writes: held, told, not a 500."""
    _redeploy_info_item_with_a_designers_start_form(app, "summary")
    with app.app_context(), extensions.session_factory()() as session:
        from engine.models import User

        reporter = session.execute(select(User.id).where(User.username == "zy.office")).scalar_one()
    clerk = browser("zy.office")
    clerk.get("/start?process=info_item")
    response = clerk.post("/start", {"process": "info_item", "summary": "某站所收费不开票据", "reporter_id": reporter})
    assert response.status_code == 302
    inbox = text_of(clerk.get(response.headers["Location"]))
    assert "已发起“报送预警信息”,但流程在运行中出现故障而暂停" in inbox and "督办人员已收到故障通知" in inbox
    assert _count(app, ProcessInstance, ProcessInstance.status == "incident") == 1
