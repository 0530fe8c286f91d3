"""A decision table made and edited in the browser with dmn-js (issue 11 §2): a designer creates it, a hostile
entry is refused by the check, the fixed table is submitted, and a second designer publishes it (four eyes).
"""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.models import ProcessDefinition
from engine.models.definitions import DefinitionKind
from webui import extensions

#: logged (console.error) by the Inferno copy bundled in dmn-js 17.10.2's dmn-modeler.production.min.js, whose
#: "production" distribution is built with Inferno's development build: upstream bpmn-io/dmn-js#965 (open). The
#: vendored file is not patched; exactly this one message is forgiven, once per editor page load.
INFERNO_DEV_BUILD_WARNING = ("It looks like you're using a minified copy of the development build of Inferno. When "
                             "deploying Inferno apps to production, make sure to use the production build which "
                             "skips development warnings and is faster. See http://infernojs.org for more details.")


def forgive_dmn_js_inferno_warning(console_errors: list[str]) -> None:
    """Drop dmn-js's Inferno development-build warnings (see INFERNO_DEV_BUILD_WARNING), nothing else."""
    console_errors[:] = [error for error in console_errors if not error.endswith(": " + INFERNO_DEV_BUILD_WARNING)]


def _published(live_app, key: str) -> list[tuple[int, str, str]]:
    with live_app.app_context(), extensions.session_factory()() as session:
        return [(d.version, d.kind, d.xml) for d in session.execute(
            select(ProcessDefinition).where(ProcessDefinition.key == key)).scalars()]


def _edit_cell(page, selector: str, text: str) -> None:
    """Type into a rule's cell as a designer does: click it, select what is there, type, leave the cell.

    dmn-js swaps a FEEL cell for a code editor on focus, so the keyboard is used, not ``fill``; the typed
    texts avoid quotes and brackets, which that editor closes by itself.
    """
    page.locator(selector).first.click()
    page.wait_for_function("document.activeElement && document.activeElement.isContentEditable")
    page.keyboard.press("Control+A")
    # CodeMirror's own Backspace empties the cell first: typing over a selection would let Chromium's editing
    # keep the deleted token's colour as an inline style="" on the new text, which the page's CSP refuses.
    page.keyboard.press("Backspace")
    page.keyboard.type(text)
    page.click("#designer-status")  # blur: the cell's value is committed to the table


def test_a_designer_builds_a_decision_table_and_a_second_designer_publishes_it(sign_in, live_app, shot,  # noqa: F811
                                                                                  console_errors):
    sun = sign_in("sun.designer")
    sun.goto("/designer")
    sun.fill("#decision-key", "risk_grade")
    sun.fill("#decision-name", "廉政风险等级评定")
    sun.click("#new-decision")
    sun.wait_for_url(re.compile(r"/designer/drafts/\d+$"))
    sun.wait_for_selector("#decision-designer.lj-designer-ready", timeout=20_000)
    sun.wait_for_selector("#decision-canvas .tjs-table", timeout=20_000)
    shot(sun, "decision-01-new-table")

    # An attribute walk smuggled into an output entry is refused by the check, per rule and column.
    _edit_cell(sun, "#decision-canvas td.output-cell", "discretion.__class__")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count.text-bg-danger", timeout=20_000)
    assert "不允许属性访问" in sun.inner_text("#designer-problems")
    shot(sun, "decision-02-hostile-entry-refused")

    # The designer writes a real rule: discretion 3 (较多重要权力, seed 004 §九) is level 1.
    _edit_cell(sun, "#decision-canvas td.input-cell", ">= 3")
    _edit_cell(sun, "#decision-canvas td.output-cell", "1")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)
    shot(sun, "decision-03-check-passed")
    sun.set_viewport_size({"width": 390, "height": 844})
    shot(sun, "decision-04-editor-390px")
    sun.set_viewport_size({"width": 1440, "height": 960})

    sun.click("#designer-submit")
    sun.wait_for_selector("text=等待另一名流程设计人员复核", timeout=20_000)
    assert sun.locator("#approve-publication").count() == 0  # the author may not publish it

    zhou = sign_in("zhou.designer")
    zhou.goto("/designer")
    zhou.locator("#waiting a:has-text('复核')").click()
    zhou.wait_for_selector("#review")
    assert ">= 3" in zhou.inner_text("#decision-table")
    shot(zhou, "decision-05-review")
    zhou.click("#approve-publication")
    zhou.wait_for_url(re.compile(r"/designer/processes/risk_grade\?version=1$"), timeout=20_000)
    assert ">= 3" in zhou.inner_text("#decision-table")
    shot(zhou, "decision-06-published")
    zhou.set_viewport_size({"width": 390, "height": 844})
    shot(zhou, "decision-07-published-390px")

    [(version, kind, xml)] = _published(live_app, "risk_grade")
    assert (version, kind) == (1, DefinitionKind.DECISION)
    assert "&gt;= 3" in xml and "__class__" not in xml
    forgive_dmn_js_inferno_warning(console_errors)
