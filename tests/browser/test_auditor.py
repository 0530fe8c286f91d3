"""The auditor in the browser (issue 4): 刘审计 finds a case, reads it step by step in the inspector, exports its
archive, checks the audit chain (intact), and after a row is altered behind the application's back sees the
page name the altered event (第二十六条; SECURITY.md 25, 26). Screenshots: tests/browser/screenshots/audit-*.png.
"""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from sqlalchemy import select
from sqlalchemy import text

import engine
from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import Cadre
from engine.models import Case
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.seed import DEMO_PASSWORD
from processes import measures
from webui import extensions
from webui.extensions import db


class EngineWalk:
    """Drives one case through the engine directly, one transaction per step, as the demo users."""

    def __init__(self, app):
        self.app = app
        self.case_id: int | None = None

    def _clock(self) -> FixedClock:
        return FixedClock(extensions.clock().now())

    def _actor(self, session, username: str) -> Actor:
        user = session.execute(select(User).where(User.username == username)).scalar_one()
        return Actor(user, source_ip="10.8.3.21")

    def register(self, username: str) -> int:
        with self.app.app_context():
            clock = self._clock()
            with unit_of_work(extensions.session_factory()) as session:
                cadre = session.execute(select(Cadre).join(Unit, Unit.id == Cadre.unit_id).where(
                    Unit.code == "town-zhengyang", Cadre.position_title == "镇长")).scalar_one()
                registered = measures.register_clue(session, clock, self._actor(session, username), {
                    "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
                    "summary": "群众来信反映该干部违规收受礼金。", "subject_cadre_id": cadre.id})
                self.case_id = registered.case.id
        return self.case_id

    def user_id(self, username: str) -> int:
        with self.app.app_context(), extensions.session_factory()() as session:
            return session.execute(select(User.id).where(User.username == username)).scalar_one()

    def do(self, username: str, step: str, opinion: str | None = None, **data) -> None:
        with self.app.app_context():
            clock = self._clock()
            with unit_of_work(extensions.session_factory()) as session:
                task_id = session.execute(select(HumanTask.id).where(
                    of_case(HumanTask, self.case_id), HumanTask.bpmn_id == step,
                    HumanTask.status == TaskStatus.OPEN)).scalar_one()
                engine.complete_task(session, clock, self._actor(session, username), task_id, data, opinion)


def _walk_a_correction(live_app) -> EngineWalk:
    """An ordered correction from the clue to the recorded receipt of the notice (第十四–二十二条)."""
    walk = EngineWalk(live_app)
    walk.register("wang.clerk")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    walk.do("zhang.secretary", "approve_correction", opinion="同意,按程序实施", approval_decision="approved",
            decided_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", opinion="阅", acknowledged_on="2026-11-02")
    walk.do("wang.clerk", "plan_implementation", method="written_and_talk", started_on="2026-11-02",
            implementer="县纪委书记")
    walk.do("wang.clerk", "draft_talk_plan", outline="指出错误事实,提出整改要求",
            lead_talker_id=walk.user_id("zhang.secretary"), co_talker_ids=[walk.user_id("li.deputy")])
    walk.do("wang.clerk", "notify_talk", talk_at="2026-11-03T09:00:00+08:00", place="县纪委谈话室",
            notified_on="2026-11-02")
    walk.do("wang.clerk", "record_talk", talked_on="2026-11-02",
            talker_ids=[walk.user_id("zhang.secretary"), walk.user_id("li.deputy")],
            recorder="王晓",
            record_summary="本人承认错误,表示整改", subject_signed=True)
    walk.do("xu.clerk", "fill_registration_form", rectification_requirements="一个月内退还礼金并作出书面检查")
    walk.do("li.deputy", "approve_registration", approval_decision="approved", decided_on="2026-11-02")
    walk.do("wang.clerk", "issue_notice", issued_on="2026-11-02", delivery_method="in_person")
    walk.do("wang.clerk", "record_receipt", received_on="2026-11-02")
    return walk


@pytest.fixture(scope="module")
def walked(live_app) -> EngineWalk:
    return _walk_a_correction(live_app)


def _sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each role lands on its own home (issue 15 §8)


def _case_number(live_app, case_id: int) -> str:
    with live_app.app_context(), extensions.session_factory()() as session:
        return session.get(Case, case_id).number


def test_the_auditor_reads_a_case_step_by_step_and_exports_its_archive(page, live_app, walked, shot):
    _sign_in(page, "liu.auditor")
    page.click("#lj-menu a[href='/audit']")
    page.wait_for_url(re.compile(r"/audit$"))
    shot(page, "audit-01-home")
    number = _case_number(live_app, walked.case_id)
    page.fill("#q", number)
    page.click("form[role=search] button[type=submit]")
    page.click(f"#audit-cases a:text-is('{number}')")
    page.wait_for_url(re.compile(rf"/audit/cases/{walked.case_id}$"))
    page.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=15_000)
    assert page.locator(".bpmn-diagram .lj-active").count() >= 1
    assert page.locator(".bpmn-diagram .lj-done").count() >= 3

    steps = page.locator("#steps > li")
    assert steps.count() == 15  # fourteen steps done, the rectification under way
    screening = steps.nth(0)
    assert "筛选分流线索" in screening.inner_text() and "王文书(预警办)" in screening.inner_text()
    assert "本级处理" in screening.locator('tr[data-field="routing"]').inner_text()
    approval = page.locator("#steps > li", has_text="审批(责令纠错)")
    assert "张正清(纪委书记)" in approval.inner_text() and "同意,按程序实施" in approval.inner_text()
    talk = page.locator("#steps > li", has_text="制定谈话方案")
    assert "李建国(分管副书记)" in talk.locator('tr[data-field="co_talker_ids"]').inner_text()
    assert "办理中" in steps.nth(14).inner_text()

    first_event = page.locator("details.lj-event").first
    assert not first_event.evaluate("d => d.open")
    page.click("[data-expand-events]")
    assert first_event.evaluate("d => d.open")
    assert "10.8.3.21" in first_event.inner_text()
    assert page.inner_text("[data-expand-events]").strip() == "全部收起"  # the label comes from the page
    page.click("[data-expand-events]")
    assert page.inner_text("[data-expand-events]").strip() == "全部展开"
    shot(page, "audit-02-inspector")

    with page.expect_download() as download_info:
        page.click("#archive-link")
    with open(download_info.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = archive.namelist()
    assert {"events.json", "steps.json", "manifest.json", "summary.html"} <= set(names)
    assert any(n.startswith("documents/") and n.endswith(".docx") for n in names)
    assert json.loads(archive.read("manifest.json"))["chain"]["ok"] is True

    # The summary is meant to be printed from the archive: open it as a file and look at it.
    summary = page.context.new_page()
    summary.set_content(archive.read("summary.html").decode("utf-8"))
    assert "审计链完整" in summary.inner_text("body")
    shot(summary, "audit-03-archive-summary")
    summary.close()


def test_the_auditor_checks_the_chain_then_sees_the_altered_event(page, live_app, walked, shot):
    _sign_in(page, "liu.auditor")
    page.goto("/audit")
    page.click("#verify-chain")
    page.wait_for_url(re.compile(r"/audit/verify$"))
    verdict = page.locator("#chain-verdict")
    assert verdict.get_attribute("data-chain") == "intact"
    assert "审计链完整" in verdict.inner_text()
    shot(page, "audit-04-chain-intact")

    with live_app.app_context(), extensions.session_factory()() as session:
        target = next(e for e in session.execute(select(AuditEvent).where(
            AuditEvent.case_id == walked.case_id, AuditEvent.action == "task.completed")
            .order_by(AuditEvent.seq)).scalars() if (e.after or {}).get("step") == "approve_correction")
        seq, stored_hash = target.seq, target.hash
    # Behind the application's back, as someone with database access would: the ORM refuses such changes.
    with live_app.app_context(), db.engine.begin() as conn:
        conn.execute(
            text(
                """UPDATE audit_event SET "after" = """
                """'{"step": "approve_correction", "form": {"approval_decision": "rejected"}}'"""
                """ WHERE seq = :seq"""
            ),
            {"seq": seq},
        )

    page.reload()
    verdict = page.locator("#chain-verdict")
    assert verdict.get_attribute("data-chain") == "broken"
    assert page.inner_text("#first-bad-seq") == str(seq)
    assert f"第{seq}号事件内容被改动" in verdict.inner_text()
    assert stored_hash in page.inner_text("#stored-hash")
    assert page.inner_text("#recomputed-hash").strip() != stored_hash
    assert "张正清(纪委书记)" in page.inner_text("#first-bad-event")
    page.click("#bad-event-content summary")
    assert "rejected" in page.inner_text("#bad-event-content")
    shot(page, "audit-05-chain-broken")

    # The case's own event log marks the altered row.
    page.goto(f"/audit/cases/{walked.case_id}#event-{seq}")
    row = page.locator(f"#event-{seq}")
    assert "lj-event-bad" in row.get_attribute("class")
    assert row.evaluate("d => d.open")
    shot(page, "audit-06-altered-row")
