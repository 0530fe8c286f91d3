"""Decision tables in the designer's workspace (issue 11 §2): created, edited as DMN, checked in the guarded
grammar, published by a second designer (four eyes), shown read-only and compared between versions.

The table is the risk-grading table of seed 004 §九 (tests/data/dmn/risk_grade.dmn).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import DesignDraft
from engine.models import ProcessDefinition
from engine.models.definitions import DefinitionKind
from engine.operations.definitions import deploy_definition
from tests.webui.pages import text_of
from tests.webui.test_pages_designer import _check
from tests.webui.test_pages_designer import _draft
from tests.webui.test_pages_designer import _new_draft
from tests.webui.test_pages_designer import _save
from webui import extensions
from webui.config import REPO_ROOT
from webui.pages.dmn_styles import DMN_JS_INLINE_STYLES
from webui.pages.dmn_styles import style_hash

START = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)
RISK_DMN = (Path(__file__).resolve().parents[1] / "data" / "dmn" / "risk_grade.dmn").read_text(encoding="utf-8")


@pytest.fixture()
def app(page_app):
    return page_app


def _new_table(client, key: str = "risk_grade", name: str = "廉政风险等级评定"):
    client.get("/designer")
    return client.post("/designer/decisions/new", {"key": key, "name": name})


def _created(response) -> int:
    assert response.status_code == 302, text_of(response)
    found = re.search(r"/designer/drafts/(\d+)$", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def _definitions(app, key: str) -> list[tuple[int, str]]:
    with app.app_context(), extensions.session_factory()() as session:
        return [(d.version, d.kind) for d in session.execute(
            select(ProcessDefinition).where(ProcessDefinition.key == key).order_by(ProcessDefinition.version))
            .scalars()]


def _publish(browser, app, xml: str, draft_id: int | None = None) -> int:
    sun = browser("sun.designer")
    if draft_id is None:
        draft_id = _created(_new_table(sun))
    assert _save(sun, draft_id, xml).get_json()["ok"]
    assert sun.post(f"/designer/drafts/{draft_id}/submit").status_code == 302
    zhou = browser("zhou.designer")
    published = zhou.post(f"/designer/drafts/{draft_id}/approve")
    assert published.status_code == 302, text_of(published)
    return draft_id


def test_a_designer_creates_a_table_and_another_publishes_it(browser, app):
    sun = browser("sun.designer")
    assert "新建决策表" in text_of(sun.get("/designer"))
    draft_id = _created(_new_table(sun))
    page = text_of(sun.get(f"/designer/drafts/{draft_id}"))
    assert 'id="decision-designer"' in page and "dmn-modeler.production.min.js" in page
    assert "bpmn-modeler.production.min.js" not in page
    starter = sun.get(f"/designer/drafts/{draft_id}/diagram.bpmn").get_data(as_text=True)
    assert 'decision id="risk_grade"' in starter

    saved = _save(sun, draft_id, RISK_DMN)
    assert saved.get_json()["ok"], saved.get_json()
    assert _check(sun, draft_id).get_json() == {"ok": True, "message": "检查通过,可以提交发布", "problems": [],
                                                   "warnings": []}
    assert sun.post(f"/designer/drafts/{draft_id}/submit").status_code == 302
    assert sun.post(f"/designer/drafts/{draft_id}/approve").status_code == 403  # four eyes

    zhou = browser("zhou.designer")
    review = text_of(zhou.get(f"/designer/drafts/{draft_id}"))
    assert 'id="decision-table"' in review and "自由裁量权大小" in review and "principal_leader" in review
    published = zhou.post(f"/designer/drafts/{draft_id}/approve")
    assert published.headers["Location"] == "/designer/processes/risk_grade?version=1"
    assert _definitions(app, "risk_grade") == [(1, DefinitionKind.DECISION)]
    shown = text_of(zhou.get(published.headers["Location"]))
    assert 'id="decision-table"' in shown and "UNIQUE" in shown
    assert "决策表" in text_of(zhou.get("/designer"))


def test_a_hostile_entry_is_listed_per_rule_and_cannot_be_submitted(browser, app):
    sun = browser("sun.designer")
    draft_id = _created(_new_table(sun))
    hostile = RISK_DMN.replace('<text>"principal_leader"</text></outputEntry>\n      </rule>\n      <rule id="rule_2">',
                               "<text>__import__('os').system('id')</text></outputEntry>\n      </rule>\n"
                               '      <rule id="rule_2">', 1)
    assert hostile != RISK_DMN
    assert _save(sun, draft_id, hostile).get_json()["ok"]
    checked = _check(sun, draft_id).get_json()
    assert not checked["ok"]
    assert [(p["element_id"], p["code"]) for p in checked["problems"]] == [("rule_1", "bad_output_entry")]
    assert "不允许函数调用" in checked["problems"][0]["message"]
    refused = sun.post(f"/designer/drafts/{draft_id}/submit")
    assert refused.status_code == 302 and _draft(app, draft_id).status == "draft"


def test_the_decision_id_of_a_draft_may_not_change(browser, app):
    sun = browser("sun.designer")
    draft_id = _created(_new_table(sun, key="risk_levels"))
    assert _save(sun, draft_id, RISK_DMN).get_json()["ok"]
    checked = _check(sun, draft_id).get_json()
    assert checked["problems"][0]["code"] == "decision_key_changed"


@pytest.mark.parametrize(("key", "name", "message"), [
    ("1bad", "名称", "以字母开头"), ("warning_case", "名称", "已被已部署的流程"), ("risk_grade", "", "请填写名称")])
def test_a_new_table_needs_a_free_id_and_a_name(browser, app, key, name, message):
    sun = browser("sun.designer")
    response = _new_table(sun, key=key, name=name)
    assert response.status_code == 302 and response.headers["Location"] == "/designer"
    assert message in text_of(sun.get("/designer"))
    with app.app_context(), extensions.session_factory()() as session:
        assert session.execute(select(DesignDraft).where(DesignDraft.key == key)).first() is None


def test_the_diff_of_two_versions_lists_rules_added_removed_and_changed(browser, app):
    _publish(browser, app, RISK_DMN)
    with app.app_context(), extensions.session_factory()() as session:
        first = session.execute(select(ProcessDefinition.id).where(ProcessDefinition.key == "risk_grade")).scalar()
    sun = browser("sun.designer")
    sun.get("/designer")
    made = sun.post("/designer/drafts/new", {"from": str(first)})
    draft_id = _created(made)
    changed = RISK_DMN.replace('<inputEntry id="rule_1_in_1"><text>3</text>',
                               '<inputEntry id="rule_1_in_1"><text>&gt;= 3</text>')
    changed = re.sub(r'      <rule id="rule_9">.*?</rule>\n', "", changed, flags=re.DOTALL)
    assert changed.count("<rule ") == 8
    assert _save(sun, draft_id, changed).get_json()["ok"]
    against_base = text_of(sun.get(f"/designer/drafts/{draft_id}/diff"))
    assert 'data-element="rule_9" data-kind="removed"' in against_base and 'id="diff-old"' not in against_base
    _publish(browser, app, changed, draft_id)
    assert _definitions(app, "risk_grade") == [(1, DefinitionKind.DECISION), (2, DefinitionKind.DECISION)]
    page = text_of(sun.get("/designer/processes/risk_grade/diff?old=1&new=2"))
    rows = page.split('id="changes"')[1]
    assert 'data-element="rule_1" data-kind="changed"' in rows and 'data-element="rule_9" data-kind="removed"' in rows
    assert "条件·自由裁量权大小" in rows and "&gt;= 3" in rows
    assert "bpmn-navigated-viewer" not in page and 'id="diff-old"' not in page


def _risk_grading_draft(browser, app):
    """The risk table published, the diagram calling it deployed, and sun.designer's draft of the diagram."""
    _publish(browser, app, RISK_DMN)
    bpmn = (Path(__file__).resolve().parents[1] / "data" / "bpmn" / "good" / "risk_grading.bpmn").read_text("utf-8")
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        deploy_definition(session, FixedClock(START), SYSTEM, "risk_grading.bpmn", bpmn.encode())
    sun = browser("sun.designer")
    return sun, _new_draft(sun, app, "risk_grading"), bpmn


def test_the_diagram_designer_offers_the_tables_and_checks_the_task_that_calls_one(browser, app):
    sun, draft_id, bpmn = _risk_grading_draft(browser, app)
    page = text_of(sun.get(f"/designer/drafts/{draft_id}"))
    data = json.loads(re.search(r'<script type="application/json" id="designer-data">(.*?)</script>', page,
                                re.DOTALL).group(1))
    # beside the tables the regulations ship (risk_level; info_grading and info_deduction of issue 13)
    assert ["risk_grade", "廉政风险等级评定"] in data["vocabulary"]["decisions"]
    assert "risk_grade" not in [key for key, _ in data["vocabulary"]["processes"]]
    assert _check(sun, draft_id).get_json()["ok"]
    unknown = bpmn.replace(">risk_grade</spiffworkflow:", ">risk_levels</spiffworkflow:")
    checked = _check(sun, draft_id, unknown).get_json()
    assert [(p["element_id"], p["code"]) for p in checked["problems"]] == [("grade_risk", "unknown_decision")]
    assert "risk_levels" in checked["problems"][0]["message"]


def _inline_styles_of_vendored_dmn_js() -> set[str]:
    """Every style attribute value the vendored dmn-js writes into HTML strings (literal or joined list)."""
    source = (REPO_ROOT / "webui" / "static" / "vendor" / "dmn-js" / "dmn-modeler.production.min.js").read_text(
        encoding="utf-8")
    found = {match.encode().decode("unicode_escape") for match in re.findall(r'style="([^"\']*)"', source)}
    for items in re.findall(r'style="\'\+\w+\(\[([^\]]*)\]\)', source):
        found.add(";".join(re.findall(r'"([^"]*)"', items)))
    return found


def test_the_editor_page_allows_only_dmn_js_own_inline_styles(browser, app):
    assert _inline_styles_of_vendored_dmn_js() == set(DMN_JS_INLINE_STYLES)
    sun = browser("sun.designer")
    draft_id = _created(_new_table(sun))
    policy = sun.get(f"/designer/drafts/{draft_id}").headers["Content-Security-Policy"]
    assert "'unsafe-hashes'" in policy and "'unsafe-inline'" not in policy
    assert all(style_hash(value) in policy for value in DMN_JS_INLINE_STYLES)
    assert policy.startswith("default-src 'self'")
    # CodeMirror's <style> (the rule cells' editor) by a nonce fresh per response, handed to the page's own
    # script only; never a nonce for scripts, whose source stays 'self'.
    nonce = re.search(r"'nonce-([A-Za-z0-9_-]{22})'", policy).group(1)
    assert "script-src" not in policy and policy.count("'nonce-") == 1
    again = sun.get(f"/designer/drafts/{draft_id}")
    fresh = re.search(r"'nonce-([^']+)'", again.headers["Content-Security-Policy"]).group(1)
    page = again.get_data(as_text=True)
    assert fresh != nonce and f'js/decision_designer.js" nonce="{fresh}"' in page and nonce not in page
    assert "style-src" not in sun.get("/designer").headers["Content-Security-Policy"]


def test_a_gateway_reading_a_decision_output_is_not_warned_as_unwritten(browser, app):
    """The business rule task writes its table's outputs (risk_level, seed 004 §九) into the process data: a
    condition reading one is no "nothing writes it" warning; a name the table does not output still is."""
    sun, draft_id, bpmn = _risk_grading_draft(browser, app)
    checked = _check(sun, draft_id).get_json()
    assert checked["ok"] and checked["warnings"] == []
    misread = _check(sun, draft_id, bpmn.replace("risk_level == 1", "risk_rank == 1")).get_json()
    assert [(w["code"], w["message"]) for w in misread["warnings"]] == [
        ("unwritten_variable", "条件读取的变量“risk_rank”没有任何表单或引擎步骤写入,该条件可能永远不成立")]
