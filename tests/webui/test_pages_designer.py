"""The process designer's workspace through the pages: draft → check → submit → a second designer publishes.

Four eyes: the author cannot publish their own draft; a diagram that breaks the Measures (第十七、三十条) or
deploy validation is never published; publishing is audited and makes a new version used by new cases only.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.clockstore import DatabaseManualClock
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import Case
from engine.models import DesignDraft
from engine.models import ProcessDefinition
from engine.models import ProcessInstance
from engine.models.cases import of_case
from engine.operations.definitions import deploy_definition
from engine.seed import DEMO_PASSWORD
from tests.bpmn_edits import insert_task
from tests.bpmn_edits import remove_task
from tests.bpmn_edits import replaced
from tests.bpmn_edits import shipped
from tests.webui.conftest import ApiWalker
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions
from webui.config import REPO_ROOT

PROCESSES = REPO_ROOT / "processes" / "measures"
HARMLESS = ('name="常委会研究确定"', 'name="常委会集体研究确定"')
SKIP_SECRETARY = ('sourceRef="gw_warning_type" targetRef="approve_correction"',
                  'sourceRef="gw_warning_type" targetRef="gw_party_chief"')


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context(), extensions.session_factory()() as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.seq)).scalars())


def _versions(app, key: str) -> int:
    return one(app, select(func.count()).select_from(ProcessDefinition).where(ProcessDefinition.key == key))


def _definition_id(app, key: str, version: int = 1) -> int:
    return one(app, select(ProcessDefinition.id).where(ProcessDefinition.key == key,
                                                         ProcessDefinition.version == version))


def _draft(app, draft_id: int) -> DesignDraft:
    with app.app_context(), extensions.session_factory()() as session:
        draft = session.get(DesignDraft, draft_id)
        session.expunge(draft)
        return draft


def _edited(process_id: str, *replacements: tuple[str, str]) -> str:
    text = (PROCESSES / f"{process_id}.bpmn").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text


def _new_draft(client, app, key: str = "warning_approval") -> int:
    client.get("/designer")
    response = client.post("/designer/drafts/new", {"from": str(_definition_id(app, key))})
    assert response.status_code == 302, text_of(response)
    found = re.search(r"/designer/drafts/(\d+)$", response.headers["Location"])
    assert found, response.headers["Location"]
    client.get(response.headers["Location"])
    return int(found.group(1))


def _post_json(client, path: str, xml: str | None, *, token: bool = True):
    headers = {"X-CSRFToken": client.token} if token else {}
    body = {"xml": xml} if xml is not None else None
    return client.client.post(path, json=body, headers=headers)


def _save(client, draft_id: int, xml: str):
    return _post_json(client, f"/designer/drafts/{draft_id}", xml)


def _check(client, draft_id: int, xml: str | None = None):
    return _post_json(client, f"/designer/drafts/{draft_id}/check", xml)


def _submitted_draft(browser, app, *replacements) -> int:
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    assert _save(sun, draft_id, _edited("warning_approval", *replacements)).get_json()["ok"]
    response = sun.post(f"/designer/drafts/{draft_id}/submit")
    assert response.status_code == 302
    assert _draft(app, draft_id).status == "submitted"
    return draft_id


def _move_clock(app, minutes: int) -> None:
    with app.app_context():
        clock = extensions.clock()
        assert isinstance(clock, DatabaseManualClock)
        clock.set(clock.now() + dt.timedelta(minutes=minutes))


# --- who may enter -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["wang.clerk", "zhang.secretary", "liu.auditor", "admin", "chen.supervisor"])
def test_only_designers_enter_the_designer(browser, app, username):
    client = browser(username)
    definition = _definition_id(app, "warning_approval")
    for url in ("/designer", f"/designer/drafts/new?from={definition}", "/designer/processes/warning_approval",
                f"/designer/definitions/{definition}.bpmn"):
        assert client.get(url).status_code == 403, url
    assert "流程设计" not in text_of(client.get("/"))


def test_non_designers_cannot_open_or_change_a_draft(browser, app):
    draft_id = _new_draft(browser("sun.designer"), app)
    clerk = browser("wang.clerk")
    assert clerk.get(f"/designer/drafts/{draft_id}").status_code == 403
    assert clerk.get(f"/designer/drafts/{draft_id}/diagram.bpmn").status_code == 403
    clerk.get("/")
    assert _save(clerk, draft_id, _edited("warning_approval", HARMLESS)).status_code == 403
    assert clerk.post(f"/designer/drafts/{draft_id}/submit").status_code == 403
    assert clerk.post(f"/designer/drafts/{draft_id}/approve").status_code == 403


def test_the_designer_sees_the_deployed_processes_and_the_menu(browser):
    sun = browser("sun.designer")
    home = sun.get("/")
    assert "流程设计" in text_of(home) and "/designer" in text_of(home)
    page = text_of(sun.get("/designer"))
    for key in ("warning_case", "warning_approval", "warning_execution", "reply_supervision", "correction_supervision"):
        assert f'data-key="{key}"' in page
    assert "预警对象审批" in page and "第1版" in page and "暂无草稿" in page


# --- draft, save, check, submit, four-eyes publication ---------------------------------------------------


def test_opening_the_new_draft_page_changes_nothing(browser, app):
    sun = browser("sun.designer")
    definition = _definition_id(app, "warning_approval")
    page = text_of(sun.get(f"/designer/drafts/new?from={definition}"))
    assert "预警对象审批" in page and "第1版" in page
    assert one(app, select(func.count()).select_from(DesignDraft)) == 0


def test_a_designer_saves_checks_and_submits_and_another_publishes_version_2(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    page = text_of(sun.get(f"/designer/drafts/{draft_id}"))
    assert 'id="designer-canvas"' in page and "bpmn-modeler.production.min.js" in page
    data = json.loads(re.search(r'<script type="application/json" id="designer-data">(.*?)</script>', page, re.DOTALL)
                      .group(1))
    assert ["secretary", "纪委书记"] in data["vocabulary"]["roles"]
    # issue 15 item 10: every effect the designer picks is offered with its Chinese label, not its bare id
    effects = dict(data["vocabulary"]["effects"])
    assert effects["record_approval"] == "记录审批意见;批准之日起7日内开始实施(第十七条)"
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in effects.values())
    assert any(key == "approval_referral" for key, _ in data["vocabulary"]["forms"])

    xml = _edited("warning_approval", HARMLESS)
    saved = _save(sun, draft_id, xml)
    assert saved.status_code == 200 and saved.get_json()["ok"], saved.get_json()
    assert "常委会集体研究确定" in sun.get(f"/designer/drafts/{draft_id}/diagram.bpmn").get_data(as_text=True)
    checked = _check(sun, draft_id)
    assert checked.get_json() == {"ok": True, "message": "检查通过,可以提交发布", "problems": [], "warnings": []}

    response = sun.post(f"/designer/drafts/{draft_id}/submit")
    assert response.status_code == 302
    assert _draft(app, draft_id).status == "submitted"
    assert "等待另一名流程设计人员复核" in text_of(sun.get(f"/designer/drafts/{draft_id}"))

    # four eyes: the author cannot publish their own draft
    refused = sun.post(f"/designer/drafts/{draft_id}/approve")
    assert refused.status_code == 403 and "四眼原则" in text_of(refused)
    assert _versions(app, "warning_approval") == 1

    zhou = browser("zhou.designer")
    home = text_of(zhou.get("/designer"))
    assert "待复核发布" in home and f"/designer/drafts/{draft_id}" in home
    review = text_of(zhou.get(f"/designer/drafts/{draft_id}"))
    assert "复核通过并发布" in review and "常委会集体研究确定" in review  # the change list names it
    published = zhou.post(f"/designer/drafts/{draft_id}/approve")
    assert published.status_code == 302
    assert published.headers["Location"] == "/designer/processes/warning_approval?version=2"
    assert _versions(app, "warning_approval") == 2
    draft = _draft(app, draft_id)
    assert draft.status == "published" and draft.published_definition_id == _definition_id(app, "warning_approval", 2)
    page = text_of(zhou.get(published.headers["Location"]))
    assert "第2版" in page and "现行" in page

    [event] = _events(app, "design.published")
    assert event.actor_name == "周设计" and event.after["version"] == 2
    assert [e.after["version"] for e in _events(app, "definition.deployed") if e.after["key"] == "warning_approval"][
        -1
    ] == 2
    assert [e.actor_name for e in _events(app, "design.submitted")] == ["孙设计"]


def test_saving_needs_the_csrf_token_and_the_author(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    assert _post_json(sun, f"/designer/drafts/{draft_id}", "<x/>", token=False).status_code == 400
    zhou = browser("zhou.designer")
    zhou.get("/designer")
    assert _save(zhou, draft_id, _edited("warning_approval", HARMLESS)).status_code == 403
    bad = _save(sun, draft_id, '<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    assert bad.status_code == 422 and not bad.get_json()["ok"]


def test_a_refused_diagram_cannot_be_submitted_第十七条(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    checked = _check(sun, draft_id, _edited("warning_approval", SKIP_SECRETARY)).get_json()
    assert not checked["ok"]
    assert any(p["article"] == "第十七条" and p["code"] == "approval_skipped" for p in checked["problems"])
    response = sun.post(f"/designer/drafts/{draft_id}/submit")
    assert response.status_code == 302
    assert _draft(app, draft_id).status == "draft"
    assert "未通过检查" in text_of(sun.get(response.headers["Location"]))
    # the home page shows the stored result
    assert "处问题" in text_of(sun.get("/designer"))


def test_a_refused_diagram_is_never_published_even_if_it_reached_the_reviewer(browser, app):
    """The check runs again at publication: a draft pushed to "submitted" by other means is still refused."""
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    _save(sun, draft_id, _edited("warning_approval", SKIP_SECRETARY))
    with app.app_context(), extensions.session_factory()() as session:
        session.get(DesignDraft, draft_id).status = "submitted"
        session.commit()
    zhou = browser("zhou.designer")
    review = text_of(zhou.get(f"/designer/drafts/{draft_id}"))
    # Reading a draft does not run the check (issue 11 §5): this XML was never checked, and the page says so.
    assert "当前内容尚未检查" in review
    response = zhou.post(f"/designer/drafts/{draft_id}/approve")
    assert response.status_code == 302
    assert "未通过发布前的复查" in text_of(zhou.get(response.headers["Location"]))
    assert _versions(app, "warning_approval") == 1
    assert _draft(app, draft_id).status == "submitted"


def test_a_diagram_that_fails_deploy_validation_is_refused_too(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    scripted = _edited(
        "warning_approval",
        ('<bpmn:userTask id="committee_decision"', '<bpmn:scriptTask id="committee_decision"'),
        (
            '</bpmn:userTask>\n    <bpmn:exclusiveGateway id="gw_party_chief"',
            '</bpmn:scriptTask>\n    <bpmn:exclusiveGateway id="gw_party_chief"',
        ),
    )
    checked = _check(sun, draft_id, scripted).get_json()
    assert not checked["ok"]
    assert any(p["code"] == "script_task" and p["element_id"] == "committee_decision" for p in checked["problems"])


def test_the_process_id_of_a_draft_may_not_change(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    renamed = _edited("warning_approval", ('id="warning_approval"', 'id="other_approval"'),
                      ('processRef="warning_approval"', 'processRef="other_approval"'))
    checked = _check(sun, draft_id, renamed).get_json()
    assert any(p["code"] == "process_key_changed" for p in checked["problems"])


def test_a_second_designer_sends_a_draft_back_and_the_author_edits_it_again(browser, app):
    draft_id = _submitted_draft(browser, app, HARMLESS)
    zhou = browser("zhou.designer")
    zhou.get(f"/designer/drafts/{draft_id}")
    assert zhou.post(f"/designer/drafts/{draft_id}/reject", {"reason": ""}).status_code == 302
    assert _draft(app, draft_id).status == "submitted"
    assert zhou.post(f"/designer/drafts/{draft_id}/reject", {"reason": "名称不规范,请改回"}).status_code == 302
    draft = _draft(app, draft_id)
    assert draft.status == "rejected" and draft.review_reason == "名称不规范,请改回"
    sun = browser("sun.designer")
    page = text_of(sun.get(f"/designer/drafts/{draft_id}"))
    assert "名称不规范,请改回" in page and 'id="designer-canvas"' in page
    assert _save(sun, draft_id, _edited("warning_approval")).get_json()["status"] == "draft"
    [event] = _events(app, "design.rejected")
    assert event.reason == "名称不规范,请改回"


def test_publishing_asks_for_the_password_again_after_fifteen_minutes(browser, app):
    draft_id = _submitted_draft(browser, app, HARMLESS)
    zhou = browser("zhou.designer")
    zhou.get(f"/designer/drafts/{draft_id}")
    _move_clock(app, 20)
    response = zhou.post(f"/designer/drafts/{draft_id}/approve")
    assert response.status_code == 302 and response.headers["Location"].startswith("/reauth")
    assert _versions(app, "warning_approval") == 1
    zhou.get(response.headers["Location"])
    assert zhou.post("/reauth", {"password": DEMO_PASSWORD, "next": f"/designer/drafts/{draft_id}"}).status_code == 302
    zhou.get(f"/designer/drafts/{draft_id}")
    assert zhou.post(f"/designer/drafts/{draft_id}/approve").status_code == 302
    assert _versions(app, "warning_approval") == 2


def test_a_draft_made_before_another_publication_cannot_undo_it(browser, app):
    first = _submitted_draft(browser, app, HARMLESS)
    sun = browser("sun.designer")
    second = _new_draft(sun, app)
    _save(sun, second, _edited("warning_approval", ('name="审批(谈话函询)"', 'name="审批(谈话函询类)"')))
    _move_clock(app, 1)
    zhou = browser("zhou.designer")
    zhou.get(f"/designer/drafts/{first}")
    assert zhou.post(f"/designer/drafts/{first}/approve").status_code == 302
    assert _versions(app, "warning_approval") == 2
    sun.get(f"/designer/drafts/{second}")
    response = sun.post(f"/designer/drafts/{second}/submit")
    assert "已发布了第2版" in text_of(sun.get(response.headers["Location"]))
    assert _draft(app, second).status == "draft"


def test_an_unchanged_draft_is_not_submitted(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    response = sun.post(f"/designer/drafts/{draft_id}/submit")
    assert "完全相同" in text_of(sun.get(response.headers["Location"]))
    assert _draft(app, draft_id).status == "draft"


def test_the_versions_page_shows_every_version_read_only(browser, app):
    sun = browser("sun.designer")
    page = text_of(sun.get("/designer/processes/correction_supervision"))
    definition = _definition_id(app, "correction_supervision")
    assert f'data-src="/designer/definitions/{definition}.bpmn"' in page and "第1版" in page
    xml = sun.get(f"/designer/definitions/{definition}.bpmn")
    assert xml.mimetype == "application/xml" and b"approve_lifting" in xml.get_data()
    assert sun.get("/designer/processes/no_such_process").status_code == 404


# --- the visual diff of two versions ------------------------------------------------------------------------


def _deploy(app, process_id: str, xml: str) -> int:
    """Deploy a version directly through the engine (as if another designer had published it)."""
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            definition, created = deploy_definition(session, clock, SYSTEM, f"{process_id}.bpmn", xml.encode())
            assert created
            return definition.id


CHECK_STEP = {"role": "warning_office", "scope": "handling", "formKey": "follow_up_registration",
              "stage": "determination", "article": "第十五条"}


def _marks(page: str, element_id: str) -> dict:
    found = re.search(rf'id="{element_id}"[^>]*data-marks=\'([^\']*)\'', page, re.DOTALL)
    assert found, element_id
    return json.loads(html.unescape(found.group(1)))


def test_the_diff_of_two_versions_colours_added_removed_and_changed_elements(browser, app):
    xml = insert_task(shipped("warning_case"), "f_propose", "verify_subject", "核实预警对象建议", CHECK_STEP,
                      x=700, y=300)
    xml = remove_task(replaced(xml, ('name="排查并提出预警对象建议"', 'name="排查并提出预警对象的建议"')),
                      "preliminary_check")
    _deploy(app, "warning_case", xml)
    sun = browser("sun.designer")
    page = text_of(sun.get("/designer/processes/warning_case/diff?old=1&new=2"))
    assert "第1版与第2版对比" in page
    old, new = _marks(page, "diff-old"), _marks(page, "diff-new")
    assert old["lj-diff-removed"] == ["preliminary_check", "f_check"]
    assert new["lj-diff-added"] == ["verify_subject", "verify_subject_out"]
    assert old["lj-diff-changed"] == new["lj-diff-changed"]
    assert {"propose_subject", "f_propose", "f_needs_check", "f_escalate"} <= set(new["lj-diff-changed"])
    assert "bpmn-navigated-viewer.production.min.js" in page and "js/version_diff.js" in page
    assert 'data-diff-src="/designer/definitions/' in page
    # the list says what changed, in the words of the properties panel
    rows = page.split('id="changes"')[1]
    assert "核实预警对象建议" in rows and "了解、初核或调查" in rows
    assert "排查并提出预警对象建议</del> → <ins class=\"lj-diff-after\">排查并提出预警对象的建议" in rows
    assert "终点" in rows and "用户任务" in rows and "顺序流" in rows
    # without parameters the newest version is compared with the one before
    assert _marks(text_of(sun.get("/designer/processes/warning_case/diff")), "diff-new") == new
    assert sun.get("/designer/processes/warning_case/diff?old=1&new=7").status_code == 404
    assert sun.get("/designer/processes/no_such_process/diff").status_code == 404
    # the versions page offers the comparison and the migration of running cases
    versions = text_of(sun.get("/designer/processes/warning_case"))
    assert 'id="compare-form"' in versions and "迁移办理中的案件到此版本" in versions
    assert "实例迁移不在本页提供" not in versions


def test_a_draft_links_to_the_diff_against_its_base(browser, app):
    draft_id = _submitted_draft(browser, app, HARMLESS)
    zhou = browser("zhou.designer")
    review = text_of(zhou.get(f"/designer/drafts/{draft_id}"))
    assert f"/designer/drafts/{draft_id}/diff" in review
    page = text_of(zhou.get(f"/designer/drafts/{draft_id}/diff"))
    assert _marks(page, "diff-new") == {"lj-diff-added": [], "lj-diff-changed": ["committee_decision"]}
    assert f'data-diff-src="/designer/drafts/{draft_id}/diagram.bpmn"' in page
    assert "常委会研究确定</del> → <ins class=\"lj-diff-after\">常委会集体研究确定" in page
    assert browser("wang.clerk").get(f"/designer/drafts/{draft_id}/diff").status_code == 403


# --- moving running cases onto another version --------------------------------------------------------------


@pytest.fixture()
def two_cases(registered_case, api, ids) -> tuple[ApiWalker, ApiWalker]:
    """Two running cases on version 1: one at the screening, one at the proposal of the subject."""
    at_screening = ApiWalker(api, ids, registered_case()["case"]["id"])
    at_proposal = ApiWalker(api, ids, registered_case(subject_cadre_id=ids.cadre_id("town-zhengyang", "副镇长"))
                            ["case"]["id"])
    at_proposal.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    return at_screening, at_proposal


def _instance(app, case_id: int) -> ProcessInstance:
    with app.app_context(), extensions.session_factory()() as session:
        instance = session.execute(select(ProcessInstance).where(of_case(ProcessInstance, case_id))).scalar_one()
        session.expunge(instance)
        return instance


def _case_number(app, case_id: int) -> str:
    return one(app, select(Case.number).where(Case.id == case_id))


RENAMED_PROPOSAL = ('name="排查并提出预警对象建议"', 'name="排查并提出预警对象的建议"')


@pytest.mark.parametrize("username", ["wang.clerk", "admin", "liu.auditor", "zhang.secretary"])
def test_only_designers_see_and_move_running_cases(browser, app, two_cases, username):
    v2 = _deploy(app, "warning_case", replaced(shipped("warning_case"), RENAMED_PROPOSAL))
    client = browser(username)
    client.get("/")
    assert client.get(f"/designer/definitions/{v2}/migration").status_code == 403
    assert client.get("/designer/processes/warning_case/diff").status_code == 403
    instance = _instance(app, two_cases[0].case_id)
    assert client.post(f"/designer/definitions/{v2}/migration", {"instance_id": str(instance.id)}).status_code == 403
    assert client.post(f"/designer/definitions/{v2}/migration/revert", {"migration_id": "1"}).status_code == 403
    assert _instance(app, two_cases[0].case_id).definition_id == instance.definition_id


def test_a_designer_moves_the_safe_cases_and_moves_one_back(browser, app, two_cases):
    at_screening, at_proposal = two_cases
    v1 = _instance(app, at_screening.case_id).definition_id
    v2 = _deploy(app, "warning_case", replaced(shipped("warning_case"), RENAMED_PROPOSAL))
    safe_id, unsafe_id = (_instance(app, w.case_id).id for w in two_cases)
    sun = browser("sun.designer")
    page = text_of(sun.get(f"/designer/definitions/{v2}/migration"))
    # issue 14 §3.1: designers see versions, steps and counts, never who: no case number, no subject
    assert f"流程实例{safe_id}" in page and f"流程实例{unsafe_id}" in page
    for case_id in (at_screening.case_id, at_proposal.case_id):
        assert _case_number(app, case_id) not in page
    assert "孙立新" not in page and "副镇长" not in page
    assert "可迁移1件" in page and "不可迁移" in page
    assert "当前环节“排查并提出预警对象建议”在第2版中已修改:名称" in page
    assert re.search(rf'value="{unsafe_id}"\s+id="migrate-{unsafe_id}" disabled', page)
    assert re.search(rf'value="{safe_id}"\s+id="migrate-{safe_id}"\s+data-safe="true"', page)
    assert "js/migration.js" in page

    # without the CSRF token nothing happens
    refused = sun.post(f"/designer/definitions/{v2}/migration", {"instance_id": str(safe_id)}, csrf=False)
    assert refused.status_code == 400
    # a request naming an unsafe case moves none of them
    response = sun.post(f"/designer/definitions/{v2}/migration", {"instance_id": [str(safe_id), str(unsafe_id)]})
    assert response.status_code == 302
    assert "未迁移任何案件" in text_of(sun.get(response.headers["Location"]))
    assert _instance(app, at_screening.case_id).definition_id == v1
    assert _events(app, "instance.migrated") == []

    response = sun.post(f"/designer/definitions/{v2}/migration", {"instance_id": [str(safe_id)]})
    assert response.status_code == 302
    page = text_of(sun.get(response.headers["Location"]))
    assert "已将1件案件迁移到第2版" in page
    assert _instance(app, at_screening.case_id).definition_id == v2
    [event] = _events(app, "instance.migrated")
    assert event.actor_name == "孙设计" and event.case_id == at_screening.case_id
    history = page.split('id="history"')[1]
    assert f"流程实例{safe_id}" in history and "第1版 → 第2版" in history and "迁回" in history
    # the moved case no longer waits on another version; the other still does
    assert f'id="migrate-{safe_id}"' not in page and f'id="migrate-{unsafe_id}"' in page
    versions = text_of(sun.get("/designer/processes/warning_case"))
    assert 'data-running="1"' in versions

    migration_id = re.search(r'name="migration_id" value="(\d+)"', history).group(1)
    zhou = browser("zhou.designer")
    zhou.get(f"/designer/definitions/{v2}/migration")
    response = zhou.post(f"/designer/definitions/{v2}/migration/revert", {"migration_id": migration_id})
    assert response.status_code == 302
    page = text_of(zhou.get(response.headers["Location"]))
    assert "迁回第1版" in page and "已迁回" in page and "周设计" in page.split('id="history"')[1]
    assert _instance(app, at_screening.case_id).definition_id == v1
    [event] = _events(app, "instance.migration_reverted")
    assert event.actor_name == "周设计"
    assert zhou.post(f"/designer/definitions/{v2}/migration/revert", {"migration_id": "999"}).status_code == 404


def test_moving_cases_asks_for_the_password_again_after_fifteen_minutes(browser, app, two_cases):
    v2 = _deploy(app, "warning_case", replaced(shipped("warning_case"), RENAMED_PROPOSAL))
    safe_id = _instance(app, two_cases[0].case_id).id
    sun = browser("sun.designer")
    sun.get(f"/designer/definitions/{v2}/migration")
    _move_clock(app, 20)
    response = sun.post(f"/designer/definitions/{v2}/migration", {"instance_id": [str(safe_id)]})
    assert response.status_code == 302 and response.headers["Location"].startswith("/reauth")
    assert _events(app, "instance.migrated") == []


def test_a_designer_starts_a_new_process_from_a_start_event_alone(browser, app):
    """issue 11 "Done when": a new procedure is modelled in the browser with no Python, so it starts there too."""
    sun = browser("sun.designer")
    assert 'id="new-process-form"' in text_of(sun.get("/designer"))
    created = sun.post("/designer/processes/new", {"key": "monthly_risk_review", "name": "每月廉政风险研判"})
    assert created.status_code == 302, text_of(created)
    draft_id = int(re.search(r"/designer/drafts/(\d+)$", created.headers["Location"]).group(1))
    with app.app_context(), extensions.session_factory()() as session:
        draft = session.get(DesignDraft, draft_id)
        assert (draft.key, draft.name, draft.base_definition_id) == ("monthly_risk_review", "每月廉政风险研判", None)
        assert '<bpmn:process id="monthly_risk_review" name="每月廉政风险研判"' in draft.xml
    modeler = text_of(sun.get(f"/designer/drafts/{draft_id}"))
    assert 'id="designer"' in modeler and 'id="decision-designer"' not in modeler  # the modeler, not dmn-js
    assert "/designer/processes/monthly_risk_review" not in modeler  # no link to a page it does not have yet
    assert sun.get("/designer/processes/monthly_risk_review").status_code == 404
    for key, name, said in (("monthly_risk_review", "重名", "该标识已被"), ("1bad", "名称", "以字母开头"),
                            ("warning_case", "已部署的流程", "该标识已被"), ("fine_key", "", "请填写名称")):
        refused = sun.post("/designer/processes/new", {"key": key, "name": name}, follow_redirects=True)
        assert "新建流程的信息有误" in text_of(refused) and said in text_of(refused), key
    assert browser("wang.clerk").post("/designer/processes/new", {"key": "x1", "name": "x"}).status_code == 403
