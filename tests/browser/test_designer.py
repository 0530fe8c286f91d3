"""The process designer in a real browser: bpmn-js's modeler with our palette and properties panel, the
Measures' conformance check drawn on the elements, four-eyes publication (sun.designer, then zhou.designer),
the diff of two versions and the migration of running cases onto the new one.
"""
from __future__ import annotations

import re

from sqlalchemy import select

import engine
from engine.actors import Actor
from engine.bpmn.loader import parse_xml
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Case
from engine.models import DesignDraft
from engine.models import HumanTask
from engine.models import ProcessDefinition
from engine.models import ProcessInstance
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.operations.designs import create_draft
from engine.operations.designs import save_draft
from processes import measures
from tests.bpmn_edits import insert_task
from tests.bpmn_edits import replaced
from tests.bpmn_edits import shipped
from webui import extensions
from webui.config import REPO_ROOT

PROCESSES = REPO_ROOT / "processes" / "measures"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"




def _properties(xml: str) -> dict[str, dict[str, str]]:
    """User task id -> its spiffworkflow properties."""
    root = parse_xml(xml.encode("utf-8"))
    return {task.get("id"): {p.get("name"): p.get("value") for p in task.iter(f"{SPIFF}property")}
            for task in root.iter(f"{BPMN}userTask")}


def _definition(live_app, key: str, version: int) -> ProcessDefinition | None:
    with live_app.app_context(), extensions.session_factory()() as session:
        found = session.execute(
            select(ProcessDefinition).where(ProcessDefinition.key == key, ProcessDefinition.version == version)
        ).scalar_one_or_none()
        if found is not None:
            session.expunge(found)
        return found


def _engine_draft(live_app, username: str, key: str, xml: str) -> int:
    """Create and save a draft through the engine, as the designer would have (no page involved)."""
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            actor = Actor(user)
            base = session.execute(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                   .order_by(ProcessDefinition.version.desc())).scalars().first()
            draft = create_draft(session, clock, actor, base.id)
            save_draft(session, clock, actor, draft.id, xml)
            return draft.id


def _open_modeler(page):
    page.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)


def _element(page, element_id: str):
    return page.locator(f'#designer-canvas .djs-element[data-element-id="{element_id}"]')


def test_a_designer_edits_checks_and_submits_and_a_second_designer_publishes(sign_in, live_app, shot):
    sun = sign_in("sun.designer")
    sun.click("nav a:has-text('流程设计')")
    sun.wait_for_url(re.compile(r"/designer$"))
    shot(sun, "designer-01-home")
    sun.locator('tr[data-key="warning_approval"] button:has-text("新建草稿")').click()
    sun.wait_for_url(re.compile(r"/designer/drafts/\d+$"))
    draft_url = sun.url
    _open_modeler(sun)

    # The palette offers what the engine runs, and nothing it refuses.
    palette = sun.locator(".djs-palette")
    for action in ("create.user-task", "create.exclusive-gateway", "create.parallel-gateway", "create.call-activity",
                   "create.start-event", "create.end-event", "create.timer-event"):
        assert palette.locator(f'.entry[data-action="{action}"]').count() == 1, action
    for action in ("create.task", "create.data-store", "create.group", "create.intermediate-event"):
        assert palette.locator(f'.entry[data-action="{action}"]').count() == 0, action

    # The properties panel shows the selected user task's engine properties and renames it.
    _element(sun, "committee_decision").click()
    sun.wait_for_selector("#prop-formKey")
    assert sun.locator("#prop-formKey").input_value() == "committee_decision"
    assert sun.locator("#prop-stage").input_value() == "approval"
    assert sun.locator('#prop-role input[value="standing_committee"]').is_checked()
    assert not sun.locator('#prop-role input[value="secretary"]').is_checked()
    # 第十五–十七条: neither the proposer, nor the checker, nor the filler approves (issue 14 §3.3)
    assert sun.locator("#prop-notSameAs").input_value() == "propose_subject,preliminary_check,fill_approval_form"
    sun.fill("#prop-name", "常委会集体研究确定")
    sun.press("#prop-name", "Tab")
    sun.wait_for_selector("#designer-status:has-text('未保存')")
    assert "常委会集体研究确定" in "".join(_element(sun, "committee_decision").locator("text").all_text_contents())
    shot(sun, "designer-02-modeler-properties")

    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)
    assert "检查通过" in sun.inner_text("#designer-status")
    shot(sun, "designer-03-check-passed")

    sun.click("#designer-submit")
    sun.wait_for_selector("text=等待另一名流程设计人员复核", timeout=20_000)
    assert sun.url == draft_url
    shot(sun, "designer-04-submitted")
    # the author may not publish it
    assert sun.locator("#approve-publication").count() == 0

    zhou = sign_in("zhou.designer")
    zhou.goto("/designer")
    zhou.locator("#waiting a:has-text('复核')").click()
    zhou.wait_for_selector("#review")
    zhou.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=20_000)
    assert "常委会集体研究确定" in zhou.inner_text("#changes")
    assert "通过部署校验" in zhou.inner_text("#check-result")
    shot(zhou, "designer-05-review")
    zhou.click("#approve-publication")
    zhou.wait_for_url(re.compile(r"/designer/processes/warning_approval\?version=2$"), timeout=20_000)
    zhou.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=20_000)
    assert "第2版" in zhou.inner_text("#version-list")
    shot(zhou, "designer-06-version-2")

    published = _definition(live_app, "warning_approval", 2)
    assert published is not None
    original = _properties((PROCESSES / "warning_approval.bpmn").read_text(encoding="utf-8"))
    # bpmn-js wrote the properties back unchanged: only the name differs
    assert _properties(published.xml) == original
    assert 'name="常委会集体研究确定"' in published.xml


def test_a_violating_draft_shows_its_problems_on_the_elements(sign_in, live_app, shot):
    text = (PROCESSES / "correction_supervision.bpmn").read_text(encoding="utf-8")
    # 第三十条: the report goes straight to the follow-up form, the visit is skipped; and the period of
    # 跟踪整改 loses its statutory due rule.
    text = text.replace('name="报告整改" sourceRef="gw_progress" targetRef="follow_up_visit"',
                        'name="报告整改" sourceRef="gw_progress" targetRef="fill_follow_up_form"')
    text = text.replace('<spiffworkflow:property name="dueRule" value="reply_deadline" />\n          '
                        '<spiffworkflow:property name="effect" value="record_progress" />',
                        '<spiffworkflow:property name="effect" value="record_progress" />')
    draft_id = _engine_draft(live_app, "sun.designer", "correction_supervision", text)

    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    _open_modeler(sun)
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problems button.lj-problem-item", timeout=20_000)
    items = sun.locator("#designer-problems button.lj-problem-item")
    listed = items.all_inner_texts()
    assert any("第三十条" in item and "回访" in item for item in listed), listed
    assert any("dueRule=reply_deadline" in item for item in listed), listed
    assert "处问题" in sun.inner_text("#designer-problem-count")

    # each problem is drawn on its element: a red outline and a badge
    for element_id in ("approve_lifting", "await_rectification"):
        assert _element(sun, element_id).evaluate("g => g.classList.contains('lj-problem')"), element_id
        assert sun.locator(f'.djs-overlay .lj-problem-badge[data-element="{element_id}"]').count() == 1
    stroke = _element(sun, "approve_lifting").locator(".djs-visual > :first-child").evaluate(
        "node => getComputedStyle(node).stroke")
    assert stroke == "rgb(220, 53, 69)"
    assert not _element(sun, "follow_up_visit").evaluate("g => g.classList.contains('lj-problem')")

    # picking the 第三十条 problem shows the path that skips the visit
    items.filter(has_text="回访").first.click()
    for on_path in ("start_correction", "await_rectification", "gw_progress", "fill_follow_up_form"):
        assert _element(sun, on_path).evaluate("g => g.classList.contains('lj-problem-path')"), on_path
    assert not _element(sun, "follow_up_visit").evaluate("g => g.classList.contains('lj-problem-path')")
    shot(sun, "designer-07-problems-on-elements")

    # the submit button refuses it
    sun.click("#designer-submit")
    sun.wait_for_selector("#designer-status:has-text('不能提交')", timeout=20_000)
    with live_app.app_context(), extensions.session_factory()() as session:
        assert session.get(DesignDraft, draft_id).status == "draft"


def test_the_properties_panel_writes_the_engine_properties(sign_in, live_app, shot):
    """Removing a due rule in the panel is caught by the check; putting it back passes (and round-trips)."""
    sun = sign_in("sun.designer")
    sun.goto("/designer/processes/reply_supervision")
    sun.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=20_000)
    shot(sun, "designer-08-versions")
    sun.click("button:has-text('基于最新版本新建草稿')")
    sun.wait_for_url(re.compile(r"/designer/drafts/\d+$"))
    _open_modeler(sun)
    draft_id = int(sun.url.rsplit("/", 1)[1])

    _element(sun, "await_reply").click()
    sun.wait_for_selector("#prop-dueRule")
    assert sun.locator("#prop-dueRule").input_value() == "reply_deadline"
    sun.select_option("#prop-dueRule", "")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problems button.lj-problem-item", timeout=20_000)
    assert "dueRule=reply_deadline" in sun.inner_text("#designer-problems")
    assert _element(sun, "await_reply").evaluate("g => g.classList.contains('lj-problem')")

    # still selected (a second click on a selected element would deselect it, as in bpmn-js)
    assert sun.locator("#designer-properties code").first.inner_text() == "await_reply"
    sun.select_option("#prop-dueRule", "reply_deadline")
    sun.check('#prop-role input[value="deputy_secretary"]')
    sun.fill("#prop-article", "第二十七、二十八、二十九条")
    sun.press("#prop-article", "Tab")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)
    assert sun.locator(".lj-problem-badge").count() == 0
    shot(sun, "designer-09-panel-fixed")

    with live_app.app_context(), extensions.session_factory()() as session:
        xml = session.get(DesignDraft, draft_id).xml
    props = _properties(xml)["await_reply"]
    assert props["dueRule"] == "reply_deadline"
    assert props["role"] == "warning_office|deputy_secretary"
    assert list(props) == ["role", "scope", "formKey", "stage", "article", "dueRule", "effect"]


def test_the_palette_and_context_pad_create_user_tasks_and_the_check_marks_them(sign_in, shot):
    sun = sign_in("sun.designer")
    sun.goto("/designer")
    sun.locator('tr[data-key="reply_supervision"] button:has-text("新建草稿")').click()
    _open_modeler(sun)

    # a user task from the palette, dropped on an empty spot of the lane
    sun.click('.djs-palette .entry[data-action="create.user-task"]')
    start = _element(sun, "start_reply").bounding_box()
    spot = (start["x"] + start["width"] / 2, start["y"] + 150)  # below the start event, inside the lane
    sun.mouse.move(spot[0] - 30, spot[1] - 20, steps=5)
    sun.mouse.move(*spot, steps=5)
    sun.mouse.click(*spot)
    sun.wait_for_selector("#designer-properties .lj-prop-kind:has-text('用户任务')")
    created = sun.evaluate("window.ljDesigner.selected.id")
    assert sun.evaluate("window.ljDesigner.selected.type") == "bpmn:UserTask"

    # the context pad appends user tasks (the engine runs no plain task). Escape ends the label editing bpmn-js
    # opens on a new task; bpmn-js then swallows the first click after a create, so click the background once.
    sun.keyboard.press("Escape")
    canvas = sun.locator("#designer-canvas").bounding_box()
    sun.mouse.click(canvas["x"] + canvas["width"] - 40, canvas["y"] + 40)
    _element(sun, "review_reply").click()
    sun.wait_for_selector("#designer-properties code:text-is('review_reply')")
    sun.wait_for_selector(".djs-context-pad.open")
    assert sun.locator('.djs-context-pad .entry[data-action="append.intermediate-event"]').count() == 0
    sun.locator('.djs-context-pad .entry[data-action="append.append-task"]').click()
    appended = sun.evaluate("window.ljDesigner.selected.id")
    assert sun.evaluate("window.ljDesigner.selected.type") == "bpmn:UserTask" and appended != created

    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problems button.lj-problem-item", timeout=20_000)
    listed = " ".join(sun.locator("#designer-problems button.lj-problem-item").all_inner_texts())
    # SpiffWorkflow's refusal (two flows out of one task) in Chinese, and the checks that still ran
    assert "任务只能有一条出口顺序流" in listed
    assert "缺少角色" in listed and "无法从开始事件到达" in listed and "没有出口顺序流" in listed
    for element_id in (created, appended):
        assert _element(sun, element_id).evaluate("g => g.classList.contains('lj-problem')"), element_id
    shot(sun, "designer-10-new-elements-checked")


# --- the diff of two versions and the migration of running cases -------------------------------------------

CHECK_STEP = {"role": "warning_office", "scope": "handling", "formKey": "follow_up_registration",
              "stage": "determination", "article": "第十五条"}


def _register_cases(live_app, titles: list[str], *, screen: tuple[str, ...] = ()) -> list[str]:
    """Register a clue about each 正阳关镇 cadre as the county clerk; screen the ones named in ``screen``."""
    numbers = []
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        for title in titles:
            with unit_of_work(extensions.session_factory()) as session:
                clerk = Actor(session.execute(select(User).where(User.username == "wang.clerk")).scalar_one())
                cadre = session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id).where(
                    Unit.code == "town-zhengyang", Cadre.position_title == title)).scalar_one()
                registered = measures.register_clue(session, clock, clerk, {
                    "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
                    "summary": "群众反映该干部违规收受礼金。", "subject_cadre_id": cadre})
                numbers.append(registered.case.number)
                case_id = registered.case.id
            if title in screen:
                with unit_of_work(extensions.session_factory()) as session:
                    clerk = Actor(session.execute(select(User).where(User.username == "wang.clerk")).scalar_one())
                    task_id = session.execute(select(HumanTask.id).where(
                        of_case(HumanTask, case_id), HumanTask.status == "open")).scalar_one()
                    engine.complete_task(
                        session, clock, clerk, task_id, {"routing": "handle_here", "reason": "本级处理"}
                    )
    return numbers


def _instance_labels(live_app, numbers: list[str]) -> dict[str, str]:
    """How the designer's pages name each case's instance: 流程实例N, never the case number."""
    with live_app.app_context(), extensions.session_factory()() as session:
        rows = session.execute(select(Case.number, ProcessInstance.id).join(
            ProcessInstance, of_case(ProcessInstance, Case.id)).where(Case.number.in_(numbers))).all()
    return {number: f"流程实例{instance_id}" for number, instance_id in rows}


def test_a_published_change_is_compared_and_the_safe_running_cases_are_moved(sign_in, live_app, shot):
    first, second, at_proposal = _register_cases(live_app, ["镇长", "党委副书记", "副镇长"], screen=("副镇长",))
    xml = insert_task(shipped("warning_case"), "f_propose", "verify_subject", "核实预警对象建议", CHECK_STEP,
                      x=680, y=420)
    xml = replaced(xml, ('name="排查并提出预警对象建议"', 'name="排查并提出预警对象的建议"'))
    draft_id = _engine_draft(live_app, "sun.designer", "warning_case", xml)

    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    _open_modeler(sun)
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)
    sun.click("#designer-submit")
    sun.wait_for_selector("text=等待另一名流程设计人员复核", timeout=20_000)

    zhou = sign_in("zhou.designer")
    zhou.goto(f"/designer/drafts/{draft_id}")
    zhou.click("#approve-publication")
    zhou.wait_for_url(re.compile(r"/designer/processes/warning_case\?version=2$"), timeout=20_000)
    assert zhou.locator('#version-list [data-version="1"] [data-running]').inner_text() == "办理中3件"

    # the diff: two viewers side by side, the changes coloured and listed
    zhou.click("#compare-submit")
    zhou.wait_for_url(re.compile(r"/designer/processes/warning_case/diff\?old=1&new=2$"))
    zhou.wait_for_selector("#version-diff.lj-diff-ready", timeout=20_000)

    def marked(side: str, element_id: str, marker: str) -> bool:
        return zhou.locator(f'#{side} .djs-element[data-element-id="{element_id}"]').evaluate(
            f"g => g.classList.contains('{marker}')")

    assert marked("diff-new", "verify_subject", "lj-diff-added")
    assert zhou.locator('#diff-old .djs-element[data-element-id="verify_subject"]').count() == 0
    assert marked("diff-old", "propose_subject", "lj-diff-changed") and marked(
        "diff-new", "propose_subject", "lj-diff-changed"
    )
    assert marked("diff-new", "f_propose", "lj-diff-changed")
    fill = zhou.locator('#diff-new .djs-element[data-element-id="verify_subject"] .djs-visual > :first-child').evaluate(
        "node => getComputedStyle(node).stroke")
    assert fill == "rgb(21, 128, 61)"
    listed = zhou.inner_text("#changes")
    assert "核实预警对象建议" in listed and "排查并提出预警对象的建议" in listed and "新增" in listed
    # the same place of both diagrams stays in view: scrolling the new one moves the old one alike
    transform = "(side) => document.querySelector(`#${side} .viewport`).getAttribute('transform')"
    # the two viewports carry the same matrix (written with different precision)
    aligned = f"""() => {{
        const numbers = (side) => ({transform})(side).match(/-?[0-9.]+/g).map(Number);
        const [a, b] = [numbers('diff-old'), numbers('diff-new')];
        return a.every((value, i) => Math.abs(value - b[i]) < 0.5);
    }}"""
    zhou.wait_for_function(aligned)
    before = zhou.evaluate(transform, "diff-new")
    zhou.locator("#diff-new").hover()
    zhou.mouse.wheel(0, 120)
    zhou.wait_for_function(f"([t, b]) => ({transform})('diff-new') !== b", arg=[0, before])
    zhou.wait_for_function(aligned)
    zhou.locator(".lj-diff-focus[data-element='propose_subject']").click()
    assert marked("diff-new", "propose_subject", "lj-diff-focus-mark")
    zhou.click("#diff-show-changes")
    zhou.wait_for_function(aligned)
    shot(zhou, "designer-11-version-diff")

    # the migration: the two cases still at the screening can move, the one at the renamed step cannot
    zhou.click("#open-migration")
    zhou.wait_for_url(re.compile(r"/designer/definitions/\d+/migration$"))
    rows = zhou.locator("#plan tbody tr")
    assert rows.count() == 3
    unsafe = zhou.locator("#plan tbody tr.lj-unsafe")
    # Designers see instances, never whose case it is (issue 14 §3.1)
    label = _instance_labels(live_app, [first, second, at_proposal])
    assert unsafe.count() == 1 and label[at_proposal] in unsafe.inner_text()
    assert at_proposal not in zhou.inner_text("#plan")
    assert "在第2版中已修改:名称" in unsafe.inner_text()
    assert zhou.locator("#migrate-selected").is_disabled()
    shot(zhou, "designer-12-migration-plan")
    zhou.click("#select-safe")
    assert zhou.inner_text("#selected-count") == "已选2件"
    assert not unsafe.locator("input[type=checkbox]").is_checked()
    zhou.click("#migrate-selected")
    zhou.wait_for_selector("text=已将2件案件迁移到第2版", timeout=20_000)
    history = zhou.inner_text("#history")
    assert label[first] in history and label[second] in history and "第1版 → 第2版" in history
    assert zhou.locator("#history button.lj-revert").count() == 2
    assert zhou.locator("#plan tbody tr").count() == 1
    shot(zhou, "designer-13-migrated")

    with live_app.app_context(), extensions.session_factory()() as session:
        v2 = session.execute(select(ProcessDefinition.id).where(ProcessDefinition.key == "warning_case",
                                                                ProcessDefinition.version == 2)).scalar_one()
        moved = session.execute(select(Case.number).join(ProcessInstance, of_case(ProcessInstance, Case.id))
                                .where(ProcessInstance.definition_id == v2)).scalars().all()
    assert sorted(moved) == sorted([first, second])
