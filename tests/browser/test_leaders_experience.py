"""The leaders' and officials' experience in the browser (issue 15), desktop and 390 px phone.

The live app is seeded through the engine with an ordered correction waiting for the secretary's approval
(第十七条) and another waiting for the approval to lift the warning after the follow-up visit (第三十条).

- §1: a leader whose password check is older than 15 minutes (SECURITY.md 21) submits a decision; the page
  asks for the password in place and keeps the decision, opinion and date typed; a wrong password keeps
  them too; with the password the decision goes through.
- §2: the approval page sets out what the decision rests on: the proposal and its reasons and the preliminary
  check's findings (第十七条); before lifting, the follow-up visit's findings and the visit form (第三十条),
  the earlier steps folded; the documents those steps produced inline. On a phone too.
- §8: after submitting, the clerk goes on to their next step of the case; the secretary, who has none, is
  back in the inbox told what was done and who acts next; each role signs in onto its workspace; a
  supervisor's reminder stands out from twenty-six routine "new task" notifications.
- §5: a file is uploaded without leaving the step's form: what was typed stays; a wrong type (by its name,
  or a ".pdf" that is no PDF) is refused beside the upload box, naming PDF, JPG and PNG.
- §7: the rectification form shows only the fields of the choice made, its errors are sentences; an
  extension past the one-month cap (第三十条) is refused with the dates in the message, the field marked
  with a sentence, not the date spelt one character per line.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Attachment
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import User
from engine.models.cases import of_case
from engine.outbox import enqueue
from engine.seed import DEMO_PASSWORD
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_correction_in_the_browser import Walk
from tests.browser.test_supervisor import CORRECTION_TO_RECEIPT
from tests.browser.test_supervisor import Seeder
from webui import extensions

PHONE = {"width": 390, "height": 844}
#: what the clerks submit before the secretary approves a correction (第十七条)
UP_TO_APPROVAL = CORRECTION_TO_RECEIPT[:4]
#: from the approval to the leader's approval to lift the warning (第十八–三十条)
UP_TO_LIFTING = CORRECTION_TO_RECEIPT + [
    ("wang.clerk", "await_rectification", {"progress": "report_submitted", "submitted_on": "2026-11-04",
                                           "summary": "已退还礼金2000元并提交书面检查"}),
    ("wang.clerk", "follow_up_visit", {"visited_on": "2026-11-05", "methods": ["hearing_report"],
                                       "findings": "回访确认礼金已退还,整改到位", "requirements_met": True}),
    ("xu.clerk", "fill_follow_up_form", {"opinion": "已达到整改要求,建议解除预警"}),
]


def _seed(app) -> dict[str, int]:
    with app.app_context():
        s = Seeder(app)
        approval = s.register(s.cadre_id("town-zhengyang", "镇长"))
        for username, step, data in UP_TO_APPROVAL:
            s.do(approval, username, step, **data)
        basis = s.register(s.cadre_id("town-wabu", "镇长"))
        for username, step, data in UP_TO_APPROVAL:
            s.do(basis, username, step, **data)
        lifting = s.register(s.cadre_id("dept-finance", "局长"))
        for username, step, data in UP_TO_LIFTING:
            s.do(lifting, username, step, **data)
        landing = s.register(s.cadre_id("dept-housing", "局长"))
        decided = s.register(s.cadre_id("dept-education", "局长"))
        for username, step, data in UP_TO_APPROVAL:
            s.do(decided, username, step, **data)
        upload = s.register(s.cadre_id("town-anfeng", "镇长"))
        rectifying = s.register(s.cadre_id("dept-finance", "副局长"))
        for username, step, data in CORRECTION_TO_RECEIPT:
            s.do(rectifying, username, step, **data)
        return {"approval": approval, "basis": basis, "lifting": lifting, "landing": landing, "decided": decided,
                "upload": upload, "rectifying": rectifying}


@pytest.fixture(scope="module")
def cases(live_app) -> dict[str, int]:
    return _seed(live_app)


def _open_task(live_app, case_id: int, bpmn_id: str) -> int:
    with live_app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(HumanTask.id).where(
            of_case(HumanTask, case_id), HumanTask.bpmn_id == bpmn_id,
            HumanTask.status == TaskStatus.OPEN)).scalar_one()


def _move_clock(live_app, minutes: int) -> None:
    with live_app.app_context():
        shared = extensions.clock()
        shared.set(shared.now() + dt.timedelta(minutes=minutes))


@pytest.fixture()
def people(browser, live_server, shot, console_errors):
    """Each person in their own browser context, signed in through the login page (the correction walk's)."""
    crowd = Walk(browser, live_server, shot, console_errors)
    yield crowd
    crowd.close()
    assert not console_errors, "the pages reported errors:\n" + "\n".join(console_errors)


def _refused_loads(console_errors: list[str], *statuses: int) -> None:
    """A refused submission answers 4xx, which chromium logs as a failed load: expected where provoked."""
    console_errors[:] = [e for e in console_errors if not any(str(s) in e for s in statuses)]


def test_a_stale_leader_is_asked_for_the_password_in_place_and_keeps_the_decision(
        people, live_app, cases, shot, console_errors):
    """SECURITY.md 21 (fresh password before a decision); 第十七条: the secretary approves a correction."""
    task_id = _open_task(live_app, cases["approval"], "approve_correction")
    leader = people.sign_in("zhang.secretary")
    _move_clock(live_app, 20)  # the password check is now older than 15 minutes
    leader.goto(f"/tasks/{task_id}")
    leader.select_option("#f-approval_decision", "approved")
    leader.fill("#f-decided_on", "2026-11-03")
    leader.fill("#f-opinion", "同意予以责令纠错,请抓紧实施")
    leader.click("#task-form button[value=submit]")
    leader.wait_for_selector("#form-error")

    # Not submitted, nothing lost, and the password is asked for right here.
    assert "/tasks/" in leader.url and "/reauth" not in leader.url
    assert "尚未提交" in leader.inner_text("#form-error")
    assert leader.input_value("#f-approval_decision") == "approved"
    assert leader.input_value("#f-decided_on") == "2026-11-03"
    assert leader.input_value("#f-opinion") == "同意予以责令纠错,请抓紧实施"
    assert leader.locator("#reauth-password").is_visible()
    assert _open_task(live_app, cases["approval"], "approve_correction") == task_id
    shot(leader, "ux-01-reauth-in-place")

    # A wrong password keeps the decision too, and says why.
    leader.fill("#reauth-password", "not-my-password")
    leader.click("#task-form button[value=submit]")
    leader.wait_for_selector("#form-error:has-text('密码不正确')")
    assert leader.input_value("#f-opinion") == "同意予以责令纠错,请抓紧实施"
    assert _open_task(live_app, cases["approval"], "approve_correction") == task_id

    # On a phone the password box and the kept decision fit the screen.
    leader.set_viewport_size(PHONE)
    assert leader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(leader, "ux-01-reauth-in-place-phone")
    leader.set_viewport_size({"width": 1366, "height": 900})

    leader.fill("#reauth-password", DEMO_PASSWORD)
    leader.click("#task-form button[value=submit]")
    leader.wait_for_load_state()
    assert leader.locator("#form-error").count() == 0
    assert "「审批(责令纠错)」已办理" in leader.inner_text("body")
    with live_app.app_context(), extensions.session_factory()() as session:
        done = session.get(HumanTask, task_id)
        assert done.status == TaskStatus.COMPLETED and done.submitted["opinion"] == "同意予以责令纠错,请抓紧实施"
    _refused_loads(console_errors, 401)


def _fits_the_phone(page) -> None:
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_approval_page_sets_out_what_the_decision_rests_on(people, live_app, cases, shot):
    """第十七条: the secretary approves a correction on the proposal and the preliminary check before him."""
    task_id = _open_task(live_app, cases["basis"], "approve_correction")
    leader = people.sign_in("zhang.secretary")
    leader.goto(f"/tasks/{task_id}")
    basis = leader.locator("#decision-basis")
    for step in ("propose_subject", "preliminary_check", "fill_approval_form"):
        assert basis.locator(f"details[data-step={step}]").get_attribute("open") is not None, step
    text = basis.inner_text()
    for fact in ("违规收受礼金2000元", "第九条", "反映问题基本属实", "建议予以责令纠错", "第九条、第十七条",
                 "王文书"):
        assert fact in text, fact
    # What the proposal step issued is readable here, as it prints, without opening it elsewhere.
    assert basis.locator(".lj-doc-preview").count() >= 1
    assert basis.locator(".lj-doc-preview").first.is_visible()
    shot(leader, "ux-02-approval-basis")
    _fits_the_phone(leader)
    shot(leader, "ux-02-approval-basis-phone")
    basis.screenshot(path=str(SCREENSHOTS / "ux-02-approval-basis-phone-detail.png"))


def test_the_lifting_approval_shows_the_follow_up_visit_and_folds_the_earlier_steps(people, live_app, cases, shot):
    """第三十条: the warning is lifted on the follow-up visit's findings; the registration form is one click away."""
    task_id = _open_task(live_app, cases["lifting"], "approve_lifting")
    leader = people.sign_in("zhang.secretary")
    leader.goto(f"/tasks/{task_id}")
    basis = leader.locator("#decision-basis")
    recent = basis.locator("> .card-body > details.lj-basis-step")
    assert [recent.nth(i).get_attribute("data-step") for i in range(recent.count())] == [
        "issue_notice", "record_receipt", "await_rectification", "follow_up_visit", "fill_follow_up_form"]
    for fact in ("已退还礼金2000元并提交书面检查", "回访确认礼金已退还,整改到位", "已达到整改要求,建议解除预警"):
        assert basis.get_by_text(fact).first.is_visible(), fact
    # The visit form just filled in is set out open; the notices issued a month ago are one click away.
    visit_form = basis.locator("details[data-step=fill_follow_up_form] .lj-doc-preview")
    assert visit_form.is_visible() and "回访" in visit_form.inner_text()
    assert not basis.locator("details[data-step=issue_notice] .lj-doc-preview").first.is_visible()
    registration = basis.locator("details[data-step=fill_registration_form]")
    assert not registration.is_visible()
    basis.locator(".lj-basis-earlier > summary").click()
    registration.locator("> summary").click()
    assert registration.get_by_text("一个月内退还礼金并作出书面检查").first.is_visible()
    shot(leader, "ux-02-lifting-basis")
    _fits_the_phone(leader)
    shot(leader, "ux-02-lifting-basis-phone")


def _submit(page) -> None:
    page.click("#task-form button[value=submit]")
    page.wait_for_load_state()
    assert page.locator("#form-error").count() == 0


def test_after_submitting_people_land_on_their_next_step_or_the_inbox_told_what_comes_next(
        people, live_app, cases, shot):
    """第十四条: screening, then the proposal, by the same clerk; 第十七条: after the approval the party chief."""
    clerk = people.sign_in("wang.clerk")
    clerk.goto(f"/tasks/{_open_task(live_app, cases['landing'], 'screen_clue')}")
    clerk.select_option("#f-routing", "handle_here")
    clerk.fill("#f-reason", "属县管干部,本级处理")
    _submit(clerk)
    following = _open_task(live_app, cases["landing"], "propose_subject")
    assert clerk.url.endswith(f"/tasks/{following}")
    assert "请继续办理本案件的下一项:「排查并提出预警对象建议」" in clerk.inner_text(".lj-flashes")
    shot(clerk, "ux-08-next-step")

    leader = people.sign_in("zhang.secretary")
    leader.set_viewport_size(PHONE)
    leader.goto(f"/tasks/{_open_task(live_app, cases['decided'], 'approve_correction')}")
    leader.select_option("#f-approval_decision", "approved")
    leader.fill("#f-decided_on", "2026-11-03")
    _submit(leader)
    assert re.search(r"/(\?.*)?$", leader.url)
    told = leader.inner_text(".lj-flashes")
    assert "「审批(责令纠错)」已办理" in told and "下一步:「报县委主要领导」由" in told and "党委主要领导" in told
    assert leader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(leader, "ux-08-back-in-inbox-phone")


@pytest.mark.parametrize(("username", "home"), [
    ("chen.supervisor", "/supervise"), ("liu.auditor", "/audit"), ("sun.designer", "/designer"),
    ("admin", "/admin/users"), ("zheng.org", "/cadres/check"), ("wang.clerk", "/"),
])
def test_each_role_signs_in_onto_its_workspace(people, username, home):
    landed = people.sign_in(username)
    assert urlsplit(landed.url).path == home


def test_a_reminder_stands_out_from_routine_notifications(people, live_app, shot):
    """A supervisor's reminder (督办提醒) is pinned above twenty-six grouped "new task" notifications."""
    with live_app.app_context():
        factory = extensions.session_factory()
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(factory) as session:
            xu = session.execute(select(User).where(User.username == "xu.clerk")).scalar_one()
            for n in range(26):
                enqueue(session, clock, recipient_id=xu.id, kind="task_assigned", subject=f"新待办:第{n + 1}项",
                        body="请及时办理", dedup_key=f"ux-test:{n}")
            enqueue(session, clock, recipient_id=xu.id, kind="reminder", subject="督办提醒:填写预警对象审批表",
                    body="该事项已逾期,请于今日办结", dedup_key="ux-test:reminder")
    clerk = people.sign_in("xu.clerk")
    clerk.goto("/notifications")
    pinned = clerk.locator("#notifications-attention")
    assert pinned.locator("[data-kind=reminder]").is_visible()
    assert "该事项已逾期" in pinned.inner_text()
    group = clerk.locator("#notification-list details.lj-note-group").first
    assert "例行通知" in group.inner_text() and "条未读" in group.inner_text()
    assert not group.locator("[data-kind=task_assigned]").first.is_visible()
    shot(clerk, "ux-08-notifications")
    clerk.set_viewport_size(PHONE)
    assert clerk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(clerk, "ux-08-notifications-phone")


def test_an_attachment_is_uploaded_without_losing_the_form_and_a_wrong_type_is_refused_in_place(
        people, live_app, cases, shot, console_errors):
    """第十四条 screening: the clerk files the letter with the clue while the reasons are typed but unsaved."""
    task_id = _open_task(live_app, cases["upload"], "screen_clue")
    clerk = people.sign_in("wang.clerk")
    clerk.goto(f"/tasks/{task_id}")
    clerk.select_option("#f-routing", "handle_here")
    clerk.fill("#f-reason", "属县管干部,本级处理(尚未提交)")
    here = clerk.url

    clerk.set_input_files("#file", {"name": "来信.docx", "mimeType": "application/octet-stream", "buffer": b"PK"})
    clerk.click("#upload-form button[type=submit]")
    refusal = clerk.locator("#upload-feedback .alert-danger")
    refusal.wait_for()
    assert "来信.docx" in refusal.inner_text() and "PDF、JPG、PNG" in refusal.inner_text()

    # A ".pdf" that is no PDF passes the name check and is refused by the server, in place all the same.
    clerk.set_input_files("#file", {"name": "扫描件.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"})
    clerk.click("#upload-form button[type=submit]")
    clerk.wait_for_selector("#upload-feedback .alert-danger:has-text('扫描件.pdf')")
    told = clerk.inner_text("#upload-feedback")
    assert "PDF、JPG、PNG" in told and "10MB" in told
    assert clerk.url == here and clerk.input_value("#f-reason") == "属县管干部,本级处理(尚未提交)"
    shot(clerk, "ux-05-upload-refused")
    clerk.set_viewport_size(PHONE)
    assert clerk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(clerk, "ux-05-upload-refused-phone")
    clerk.set_viewport_size({"width": 1366, "height": 900})

    clerk.set_input_files("#file", {"name": "来信.pdf", "mimeType": "application/pdf",
                                    "buffer": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"})
    clerk.fill("#remark", "群众来信原件")
    clerk.click("#upload-form button[type=submit]")
    clerk.wait_for_selector("#attachment-list a:has-text('来信.pdf')")
    assert "已上传附件" in clerk.inner_text("#upload-feedback")
    assert clerk.url == here and clerk.input_value("#f-reason") == "属县管干部,本级处理(尚未提交)"
    assert clerk.input_value("#f-routing") == "handle_here"
    with live_app.app_context(), extensions.session_factory()() as session:
        assert session.execute(select(Attachment.filename).where(
            of_case(Attachment, cases["upload"]))).scalars().all() == ["来信.pdf"]
    shot(clerk, "ux-05-upload-kept-form")
    _refused_loads(console_errors, 422)


def _shown(page, name: str) -> bool:
    return page.locator(f'.lj-field[data-field="{name}"]').is_visible()


def test_the_rectification_form_shows_the_chosen_branch_and_the_extension_cap_refusal_reads_well(
        people, live_app, cases, shot, console_errors):
    """第三十条: a report within the month, or an extension for special reasons, at most one month in all."""
    clerk = people.sign_in("wang.clerk")
    clerk.goto(f"/tasks/{_open_task(live_app, cases['rectifying'], 'await_rectification')}")
    branches = {"report_submitted": ("submitted_on", "summary"), "extension_requested": ("requested_on", "reason")}
    assert not any(_shown(clerk, name) for names in branches.values() for name in names)
    for choice, names in branches.items():
        clerk.select_option("#f-progress", choice)
        others = [n for c, ns in branches.items() if c != choice for n in ns]
        assert all(_shown(clerk, n) for n in names) and not any(_shown(clerk, n) for n in others), choice

    # A report without its summary: the error under the field is a sentence.
    clerk.select_option("#f-progress", "report_submitted")
    clerk.fill("#f-submitted_on", "2026-11-05")
    _submit_refused(clerk)
    assert clerk.locator('.lj-field[data-field="summary"] .invalid-feedback').inner_text() == (
        "已提交整改报告的须填写报告内容。")
    assert _shown(clerk, "submitted_on") and not _shown(clerk, "reason")
    shot(clerk, "ux-07-rectification-branch")
    clerk.set_viewport_size(PHONE)
    shot(clerk, "ux-07-rectification-branch-phone")
    clerk.set_viewport_size({"width": 1366, "height": 900})

    clerk.select_option("#f-progress", "extension_requested")
    clerk.fill("#f-requested_on", "2026-11-05")
    clerk.fill("#f-reason", "退赔款项需分期筹措")
    _submit(clerk)
    # The extension form is the clerk's next step of the case (issue 15 §8).
    assert "「填写延期整改审批表」" in clerk.inner_text(".lj-flashes")
    clerk.fill("#f-reason", "退赔款项需分期筹措")
    clerk.fill("#f-requested_due_date", "2027-03-01")
    _submit_refused(clerk)
    refusal = clerk.inner_text("#form-error")
    assert "第三十条" in refusal and "2027年03月01日" in refusal
    under = clerk.locator('.lj-field[data-field="requested_due_date"] .invalid-feedback')
    assert under.count() == 1 and under.inner_text() == "不符合第三十条的规定,见上方说明。"
    assert clerk.locator('.lj-field[data-field="requested_due_date"]').bounding_box()["height"] < 150
    shot(clerk, "ux-07-extension-cap")
    clerk.set_viewport_size(PHONE)
    assert clerk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(clerk, "ux-07-extension-cap-phone")
    _refused_loads(console_errors, 422)


def _submit_refused(page) -> None:
    page.click("#task-form button[value=submit]")
    page.wait_for_selector("#form-error")
    page.wait_for_load_state("load")  # the page's scripts (the chosen branch's fields) have run
