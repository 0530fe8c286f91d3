"""js/diagram.js in a real browser under the pages' CSP: bpmn-js draws a shipped diagram with its markers.

The live app gets two test-only routes: a tiny page (the same vendor files and scripts the case and task
pages link, no inline script) holding one ``bpmn-diagram`` container, and the BPMN file it fetches.
"""
from __future__ import annotations

import pytest
from flask import abort
from flask import render_template_string
from flask import request
from flask import send_file
from flask import url_for
from lxml import etree

from webui.config import REPO_ROOT

pytestmark = pytest.mark.browser

DIAGRAM = REPO_ROOT / "processes" / "measures" / "correction_supervision.bpmn"
# The path of a correction whose report was submitted: the follow-up visit is the current step.
ACTIVE = ["follow_up_visit"]
DONE = ["start_correction", "await_rectification"]
BLUE = "rgb(29, 78, 216)"   # diagram.css: the current step's outline
GREEN = "rgb(21, 128, 61)"  # diagram.css: completed steps' outline
VENDOR_FILES = [
    "bootstrap/bootstrap.min.css", "bootstrap/bootstrap.bundle.min.js",
    "bootstrap-icons/bootstrap-icons.min.css", "bootstrap-icons/fonts/bootstrap-icons.woff2",
    "bootstrap-icons/fonts/bootstrap-icons.woff",
    "bpmn-js/bpmn-navigated-viewer.production.min.js", "bpmn-js/bpmn-modeler.production.min.js",
    "bpmn-js/diagram-js.css", "bpmn-js/bpmn-js.css", "bpmn-js/bpmn-font/css/bpmn.css",
    "bpmn-js/bpmn-font/font/bpmn.woff2", "bpmn-js/bpmn-font/font/bpmn.woff",
    "chart.js/chart.umd.js",
]

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>流程图 · 测试页</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bootstrap/bootstrap.min.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bootstrap-icons/bootstrap-icons.min.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bpmn-js/diagram-js.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bpmn-js/bpmn-js.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bpmn-js/bpmn-font/css/bpmn.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='css/diagram.css') }}">
</head>
<body>
<main class="container-fluid py-3">
  <h1 class="h5"><i class="bi bi-diagram-3" aria-hidden="true"></i> 责令纠错整改、延期与回访</h1>
  <div class="bpmn-diagram" role="img" aria-label="流程图" data-src="{{ src }}"
       data-active="{{ active|join(' ') }}" data-done="{{ done|join(' ') }}"></div>
</main>
<script src="{{ url_for('static', filename='vendor/bootstrap/bootstrap.bundle.min.js') }}"></script>
<script src="{{ url_for('static', filename='vendor/chart.js/chart.umd.js') }}"></script>
<script src="{{ url_for('static', filename='vendor/bpmn-js/bpmn-navigated-viewer.production.min.js') }}"></script>
<script src="{{ url_for('static', filename='js/bpmn_view.js') }}"></script>
<script src="{{ url_for('static', filename='js/diagram.js') }}"></script>
</body>
</html>
"""


# The designers' editor (a later page) uses the modeler bundle: checked here under the same CSP, driven by a
# script served from a test-only route (same origin, so the CSP allows it; still no inline script).
MODELER_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>建模器 · 测试页</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bpmn-js/diagram-js.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bpmn-js/bpmn-js.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='vendor/bpmn-js/bpmn-font/css/bpmn.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='css/diagram.css') }}">
</head>
<body>
<div class="bpmn-diagram" id="modeler"></div>
<script src="{{ url_for('static', filename='vendor/bpmn-js/bpmn-modeler.production.min.js') }}"></script>
<script src="{{ url_for('test_modeler_js') }}"></script>
</body>
</html>
"""
MODELER_JS = """
(function () {
  var modeler = new window.BpmnJS({ container: document.getElementById('modeler') });
  window.fetch('/_test/diagrams/correction_supervision.bpmn')
    .then(function (response) { return response.text(); })
    .then(function (xml) { return modeler.importXML(xml); })
    .then(function () {
      modeler.get('canvas').zoom('fit-viewport');
      document.body.classList.add('modeler-ready');
    });
}());
"""


@pytest.fixture(scope="module")
def configure_live_app():
    def register(app):
        def diagram_page():
            src = request.args.get("src") or url_for("test_diagram_xml", name="correction_supervision")
            return render_template_string(PAGE, src=src, active=request.args.getlist("active"),
                                          done=request.args.getlist("done"))

        def diagram_xml(name: str):
            if name == "broken":
                return "<definitions>不是BPMN</definitions>", 200, {"Content-Type": "application/xml"}
            if name != "correction_supervision":
                abort(404)
            return send_file(DIAGRAM, mimetype="application/xml")

        def modeler_page():
            return render_template_string(MODELER_PAGE)

        def modeler_js():
            return MODELER_JS, 200, {"Content-Type": "text/javascript; charset=utf-8"}

        app.add_url_rule("/_test/diagram", "test_diagram_page", diagram_page)
        app.add_url_rule("/_test/modeler", "test_modeler_page", modeler_page)
        app.add_url_rule("/_test/modeler.js", "test_modeler_js", modeler_js)
        app.add_url_rule("/_test/diagrams/<name>.bpmn", "test_diagram_xml", diagram_xml)

    return register


def _drawn(page, element_id: str):
    return page.locator(f'.bpmn-diagram .djs-element[data-element-id="{element_id}"]')


def _outline(page, element_id: str) -> str:
    """The computed stroke of the element's shape (the first child of its visual)."""
    return _drawn(page, element_id).locator(".djs-visual > :first-child").evaluate(
        "node => getComputedStyle(node).stroke")


def test_the_ids_are_in_the_diagram():
    tree = etree.parse(str(DIAGRAM))
    ids = set(tree.xpath("//@id"))
    assert set(ACTIVE + DONE) <= ids


def test_diagram_renders_with_markers_under_the_csp(page, shot):
    response = page.goto("/_test/diagram?" + "&".join(
        [f"active={i}" for i in ACTIVE] + [f"done={i}" for i in DONE]))
    assert response.status == 200
    # The real pages' policy, not a relaxed one.
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=15_000)
    shot(page, "diagram_viewer")

    svg = page.locator(".bpmn-diagram svg").first
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["width"] > 600 and box["height"] > 300
    # Every flow node and label of the file is drawn, the Chinese names included.
    assert _drawn(page, "approve_lifting").count() == 1
    texts = page.locator(".bpmn-diagram .djs-visual text").all_text_contents()
    joined = "".join(texts)
    for name in ("跟踪整改", "回访", "审批解除预警", "预警办"):
        assert name in joined

    for element_id in ACTIVE:
        assert _drawn(page, element_id).evaluate("g => g.classList.contains('lj-active')")
        assert _outline(page, element_id) == BLUE
    for element_id in DONE:
        assert _drawn(page, element_id).evaluate("g => g.classList.contains('lj-done')")
        assert _outline(page, element_id) == GREEN
    assert page.locator(".bpmn-diagram .lj-active").count() == len(ACTIVE)
    assert page.locator(".bpmn-diagram .lj-done").count() == len(DONE)
    # Not marked: a step the case has not reached keeps bpmn-js's black outline.
    assert _outline(page, "approve_lifting") not in (BLUE, GREEN)
    # Fitted: the whole diagram lies inside the container.
    container = page.locator(".bpmn-diagram").bounding_box()
    viewport = page.locator(".bpmn-diagram .viewport").first.bounding_box()
    assert viewport["x"] >= container["x"] - 1 and viewport["y"] >= container["y"] - 1
    assert viewport["x"] + viewport["width"] <= container["x"] + container["width"] + 1
    assert viewport["y"] + viewport["height"] <= container["y"] + container["height"] + 1


def test_unknown_ids_are_ignored(page):
    page.goto("/_test/diagram?active=no_such_step&done=await_rectification&done=nor_this")
    page.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=15_000)
    assert page.locator(".bpmn-diagram .lj-active").count() == 0
    assert page.locator(".bpmn-diagram .lj-done").count() == 1


def test_a_missing_diagram_says_so_in_chinese(page, console_errors, shot):
    page.goto("/_test/diagram?src=/_test/diagrams/gone.bpmn&active=follow_up_visit")
    message = page.locator(".bpmn-diagram.lj-diagram-error [role=alert]")
    message.wait_for(timeout=15_000)
    assert message.inner_text() == "流程图加载失败"
    assert page.locator(".bpmn-diagram svg").count() == 0
    shot(page, "diagram_viewer_missing")
    # The browser logs the 404 it was given; nothing else may have gone wrong.
    assert len(console_errors) == 1 and "404" in console_errors[0], console_errors
    console_errors.clear()


def test_a_diagram_that_is_not_bpmn_says_so(page):
    page.goto("/_test/diagram?src=/_test/diagrams/broken.bpmn")
    message = page.locator(".bpmn-diagram.lj-diagram-error [role=alert]")
    message.wait_for(timeout=15_000)
    assert message.inner_text() == "流程图加载失败"


def test_a_diagram_from_another_origin_is_refused(page):
    page.goto("/_test/diagram?src=https://example.invalid/x.bpmn")
    message = page.locator(".bpmn-diagram.lj-diagram-error [role=alert]")
    message.wait_for(timeout=15_000)
    assert message.inner_text() == "流程图加载失败"


def test_the_page_fixture_catches_csp_violations(page, console_errors):
    page.goto("/_test/diagram")
    page.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=15_000)
    with page.expect_console_message(lambda message: "CSP violation" in message.text):
        page.evaluate("document.body.setAttribute('style', 'color: red')")
    assert any("style-src-attr" in error for error in console_errors), console_errors
    console_errors.clear()


def test_the_modeler_works_under_the_csp(page, shot):
    """Context pad, replace menu and label editing of bpmn-js's modeler, with no CSP violation."""
    page.goto("/_test/modeler")
    page.wait_for_selector("body.modeler-ready", timeout=15_000)
    task = page.locator('.djs-element[data-element-id="follow_up_visit"]')
    task.click()
    page.wait_for_selector(".djs-context-pad.open", timeout=5_000)
    page.locator('.djs-context-pad .entry[data-action="replace"]').click()
    page.wait_for_selector(".djs-popup", timeout=5_000)
    shot(page, "modeler_replace_menu")
    page.keyboard.press("Escape")
    task.dblclick()
    page.wait_for_selector(".djs-direct-editing-parent", timeout=5_000)
    page.keyboard.press("End")
    page.keyboard.type("(二)")
    page.locator(".bpmn-diagram svg").first.click(position={"x": 400, "y": 5})
    assert "回访(二)" in "".join(task.locator("text").all_text_contents())


@pytest.mark.parametrize("name", VENDOR_FILES)
def test_vendor_files_are_served(page, name):
    response = page.request.get(f"/static/vendor/{name}")
    assert response.status == 200, name
    assert len(response.body()) > 1000, name
