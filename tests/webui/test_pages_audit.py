"""The auditor's workspace (审计): who may look, the case inspector with every step as submitted, the chain
check before and after a row is altered behind the application's back, and the case archive (第二十六条;
SECURITY.md 24–26)."""
from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile

import docx
import pytest
from sqlalchemy import select
from sqlalchemy import text

from engine.audit import event_hash
from engine.audit import verify_chain
from engine.clock import LOCAL_TZ
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import Case
from engine.models import Document
from engine.models import RoleAssignment
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.vocabulary import Role
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.pages import text_of
from webui import config
from webui import extensions
from webui.extensions import db

INSPECTOR_PAGES = ("/audit", "/audit/verify")


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _session(app):
    return extensions.session_factory()()


def _case_events(app, case_id: int) -> list[AuditEvent]:
    with app.app_context(), _session(app) as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.case_id == case_id)
                                 .order_by(AuditEvent.seq)).scalars().all()
        session.expunge_all()
        return list(events)


def _event_of_step(app, case_id: int, step: str) -> AuditEvent:
    return next(e for e in _case_events(app, case_id)
                if e.action == "task.completed" and (e.after or {}).get("step") == step)


def _tamper(app, sql: str, **params) -> None:
    """Change the audit table with raw SQL on the app's engine: the ORM refuses to (SECURITY.md 26)."""
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text(sql), params)


def _give_role(app, username: str, role: str, unit_code: str) -> None:
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one()
        unit = session.execute(select(Unit).where(Unit.code == unit_code)).scalar_one()
        session.add(RoleAssignment(user_id=user.id, role=role, unit_id=unit.id))


# --- who may look -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["liu.auditor", "chen.supervisor", "admin"])
def test_auditors_supervisors_and_the_administrator_open_the_audit_pages(browser, username):
    client = browser(username)
    for url in INSPECTOR_PAGES:
        response = client.get(url)
        assert response.status_code == 200, (username, url)
    assert 'href="/audit"' in text_of(client.get("/")), "the menu offers 审计"


@pytest.mark.parametrize("username", ["wang.clerk", "zhang.secretary", "sun.designer"])
def test_other_roles_get_403_and_no_menu_entry(browser, username):
    client = browser(username)
    for url in INSPECTOR_PAGES:
        response = client.get(url)
        assert response.status_code == 403, (username, url)
        assert "审计" in text_of(response)
    assert 'href="/audit"' not in text_of(client.get("/"))


def test_the_audit_pages_only_read(page_app):
    """SECURITY.md 25: auditors are strictly read-only, so the workspace has no route that changes anything."""
    rules = [r for r in page_app.url_map.iter_rules() if r.endpoint.startswith("pages.audit")]
    assert {r.endpoint for r in rules} == {"pages.audit_home", "pages.audit_verify", "pages.audit_case",
                                           "pages.audit_case_archive"}
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_an_in_scope_clerk_gets_403_on_the_inspector(browser, correction_case):  # noqa: F811
    clerk = browser("wang.clerk")
    assert clerk.get(f"/audit/cases/{correction_case.case_id}").status_code == 403
    assert clerk.get(f"/audit/cases/{correction_case.case_id}/archive.zip").status_code == 403


def test_users_of_another_unit_get_404_on_the_case(browser, page_app, correction_case):  # noqa: F811
    """SECURITY.md 24: out of scope looks like not there, for a town's clerk and for a town's auditor alike."""
    _give_role(page_app, "wb.secretary", Role.AUDITOR, "town-wabu")
    case_id = correction_case.case_id
    for username in ("wb.office", "wb.secretary"):
        client = browser(username)
        for url in (f"/audit/cases/{case_id}", f"/audit/cases/{case_id}/archive.zip"):
            assert client.get(url).status_code == 404, (username, url)
    town_auditor = browser("wb.secretary")
    home = text_of(town_auditor.get("/audit"))
    assert f"/audit/cases/{case_id}" not in home
    number = _case_number(page_app, case_id)
    found = text_of(town_auditor.get("/audit", query_string={"q": number}))
    assert f"/audit/cases/{case_id}" not in found and "没有找到" in found


def _case_number(app, case_id: int) -> str:
    with app.app_context(), _session(app) as session:
        return session.get(Case, case_id).number


def test_the_administrator_checks_the_chain_but_reads_no_cases(browser, correction_case):  # noqa: F811
    admin = browser("admin")
    home = text_of(admin.get("/audit"))
    assert "您的角色不含案件查阅范围" in home
    assert "login.succeeded" in home, "system-wide events are listed for the county's administrator"
    assert admin.get(f"/audit/cases/{correction_case.case_id}").status_code == 404


# --- the home page ----------------------------------------------------------------------------------------


def test_the_auditor_finds_a_case_by_number_and_by_subject(browser, page_app, correction_case):  # noqa: F811
    auditor = browser("liu.auditor")
    case_id = correction_case.case_id
    number = _case_number(page_app, case_id)
    by_number = text_of(auditor.get("/audit", query_string={"q": number[-4:]}))
    assert f'href="/audit/cases/{case_id}"' in by_number
    with page_app.app_context(), _session(page_app) as session:
        subject = session.get(Case, case_id).cadre.name
    assert f'href="/audit/cases/{case_id}"' in text_of(auditor.get("/audit", query_string={"q": subject}))
    assert "没有找到" in text_of(auditor.get("/audit", query_string={"q": "不存在的人"}))


def test_recent_activity_lists_events_and_filters_by_action(browser, correction_case):  # noqa: F811
    auditor = browser("liu.auditor")
    home = text_of(auditor.get("/audit"))
    assert "最近审计活动" in home and "办结环节" in home and "校验审计链" in home
    only_attachments = text_of(auditor.get("/audit", query_string={"action": "clue.registered"}))
    assert "登记线索" in only_attachments and "task.completed</div>" not in only_attachments
    bad = auditor.get("/audit", query_string={"action": "<script>"})
    assert bad.status_code == 200 and "无效" in text_of(bad)


# --- the inspector -----------------------------------------------------------------------------------------


def test_the_inspector_shows_every_step_with_its_data_as_submitted(browser, page_app, correction_case):  # noqa: F811
    """第二十六条 一案一例: who did each step, in which role, when, what they submitted and wrote."""
    case_id = correction_case.case_id
    page = text_of(browser("liu.auditor").get(f"/audit/cases/{case_id}"))
    # steps in order, with their article
    order = [page.index(name) for name in ("筛选分流线索", "排查并提出预警对象建议", "填写预警对象审批表",
                                           "实施谈话并记录", "登记接到通知(谈话)日期")]
    assert order == sorted(order)
    assert "第十四条" in page and "第十七条" in page
    # field labels from forms.describe and choice values with their labels
    assert "分流处理意见" in page and "本级处理" in page and "[handle_here]" in page
    assert "实施方式" in page and "书面和谈话预警" in page and "[written_and_talk]" in page
    assert "属县管干部,本级处理" in page
    # people named by id in the form are shown by name; booleans read 是/否
    assert "主谈人" in page and "张正清(纪委书记)" in page and "李建国(分管副书记)" in page
    assert "预警对象已核实签字" in page
    # who did it, in which role, the opinion written
    assert "王文书(预警办)" in page and "(纪委书记)" in page
    approval = page.split('data-field="approval_decision"')[1][:400]
    assert "同意" in approval and "[approved]" in approval
    assert "意见:</span>同意" in page and "意见:</span>阅" in page
    assert "党委主要领导" in page, "the party chief's role as recorded in the audit event"
    # China time, documents issued by the step
    assert "2026-11-02 09:00" in page
    with page_app.app_context(), _session(page_app) as session:
        documents = session.execute(select(Document).where(of_case(Document, case_id))).scalars().all()
        assert documents
        for document in documents:
            assert f'href="/documents/{document.id}"' in page
    # the current step and the path taken on the diagrams
    assert "bpmn-diagram" in page and "await_rectification" in page.split('data-active="')[1].split('"')[0]
    assert f"/cases/{case_id}/diagrams/" in page


def test_the_inspector_shows_the_raw_event_log_with_hashes(browser, page_app, correction_case):  # noqa: F811
    case_id = correction_case.case_id
    page = text_of(browser("liu.auditor").get(f"/audit/cases/{case_id}"))
    events = _case_events(page_app, case_id)
    assert len(events) > 10
    for event in events:
        assert f'id="event-{event.seq}"' in page
        assert event.hash in page and event.prev_hash in page
    assert "127.0.0.1" in page
    assert "&#34;step&#34;: &#34;screen_clue&#34;" in page or '"step": "screen_clue"' in page, (
        "after JSON pretty-printed"
    )
    assert "不一致" not in page


def test_the_inspector_shows_attachments_with_their_sha256(browser, page_app, correction_case):  # noqa: F811
    content = b"%PDF-1.4\n%scan of the report\n"
    _upload(browser, correction_case, content, "整改报告扫描件.pdf")
    page = text_of(browser("liu.auditor").get(f"/audit/cases/{correction_case.case_id}"))
    assert "整改报告扫描件.pdf" in page and hashlib.sha256(content).hexdigest() in page


def _upload(browser, walk, content: bytes, filename: str) -> None:
    task_id = walk.ids.open_task(walk.case_id, "await_rectification")
    clerk = browser("wang.clerk")
    clerk.get(f"/tasks/{task_id}")
    response = clerk.client.post(f"/tasks/{task_id}/attachments", content_type="multipart/form-data",
                                 data={"csrf_token": clerk.token, "file": (io.BytesIO(content), filename)})
    assert response.status_code == 302


# --- the chain ------------------------------------------------------------------------------------------


def test_the_verify_page_says_intact_then_names_the_first_altered_event(browser, page_app, correction_case):  # noqa: F811
    """SECURITY.md 26: tampering with one row makes the check fail at that row, and the page says which."""
    auditor = browser("liu.auditor")
    intact = text_of(auditor.get("/audit/verify"))
    assert 'data-chain="intact"' in intact and "审计链完整" in intact
    with page_app.app_context(), _session(page_app) as session:
        total = len(session.execute(select(AuditEvent.id)).all())
    assert f'<strong id="checked-count">{total}</strong>' in intact

    target = _event_of_step(page_app, correction_case.case_id, "approve_correction")
    later = _event_of_step(page_app, correction_case.case_id, "record_receipt")
    assert later.seq > target.seq
    _tamper(
        page_app,
        """UPDATE audit_event SET "after" = """
        """'{"step": "approve_correction", "form": {"approval_decision": "rejected"}}'"""
        """ WHERE seq = :seq""",
        seq=target.seq,
    )
    with page_app.app_context(), _session(page_app) as session:
        altered = session.execute(select(AuditEvent).where(AuditEvent.seq == target.seq)).scalar_one()
        recomputed = event_hash(altered)
        assert verify_chain(session).first_bad_seq == target.seq
    assert recomputed != target.hash

    broken = text_of(auditor.get("/audit/verify"))
    assert f'data-first-bad="{target.seq}"' in broken
    assert f'<span id="first-bad-seq">{target.seq}</span>' in broken
    assert f"第{target.seq}号事件内容被改动" in broken
    assert "办结环节" in broken and "张正清(纪委书记)" in broken, "action and actor of the altered event"
    assert target.occurred_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") in broken
    stored = broken.split('id="stored-hash"')[1].split("</td>")[0]
    shown = broken.split('id="recomputed-hash"')[1].split("</td>")[0]
    assert target.hash in stored and recomputed in shown
    assert "不一致:内容被改动" in broken
    assert "rejected" in broken, "the altered content is shown to the auditor who reads the case"
    # the case's own log marks the altered row
    case_page = text_of(auditor.get(f"/audit/cases/{correction_case.case_id}"))
    assert "lj-event-bad" in case_page.split(f'id="event-{target.seq}"')[0][-200:]
    assert recomputed in case_page and "本条内容被改动" in case_page


def test_a_deleted_event_is_reported_missing(browser, page_app, correction_case):  # noqa: F811
    target = _event_of_step(page_app, correction_case.case_id, "record_talk")
    _tamper(page_app, "DELETE FROM audit_event WHERE seq = :seq", seq=target.seq)
    page = text_of(browser("liu.auditor").get("/audit/verify"))
    assert f'data-first-bad="{target.seq}"' in page
    assert f"第{target.seq}号事件缺失或被删除" in page and "已不在数据库中" in page
    assert f"第 {target.seq - 1} 号" in page and f"第 {target.seq + 1} 号" in page


# --- the archive -------------------------------------------------------------------------------------------


def test_the_archive_holds_events_steps_documents_attachments_and_a_manifest(browser, page_app, correction_case):  # noqa: F811
    """第二十六条 一案一例: one file for the record; each file's SHA-256 in the manifest; the export audited."""
    content = b"%PDF-1.4\n%signed report\n"
    _upload(browser, correction_case, content, "整改报告.pdf")
    case_id = correction_case.case_id
    response = browser("liu.auditor").get(f"/audit/cases/{case_id}/archive.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment;" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    names = archive.namelist()
    for required in ("events.json", "steps.json", "manifest.json", "summary.html"):
        assert required in names, required

    manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
    assert {f["path"] for f in manifest["files"]} == set(names) - {"manifest.json"}
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"], entry["path"]
    assert manifest["chain"]["ok"] is True

    with page_app.app_context(), _session(page_app) as session:
        documents = session.execute(select(Document).where(of_case(Document, case_id))).scalars().all()
        numbers = [d.number for d in documents]
    docx_files = [n for n in names if n.startswith("documents/") and n.endswith(".docx")]
    assert len(docx_files) == len(numbers) >= 3
    for number in numbers:
        assert any(n.startswith(f"documents/{number}-") for n in docx_files), number
    for name in docx_files:
        text_of_docx = "\n".join(p.text for p in docx.Document(io.BytesIO(archive.read(name))).paragraphs)
        assert text_of_docx.strip()
    attachment = next(n for n in names if n.startswith("attachments/"))
    assert attachment.endswith("-整改报告.pdf") and archive.read(attachment) == content
    entry = next(f for f in manifest["files"] if f["path"] == attachment)
    assert entry["recorded_sha256"] == hashlib.sha256(content).hexdigest() and entry["matches_record"] is True

    events = json.loads(archive.read("events.json").decode("utf-8"))
    stored = _case_events(page_app, case_id)
    assert [e["seq"] for e in events["events"]] == [e.seq for e in stored]
    assert [e["hash"] for e in events["events"]] == [e.hash for e in stored]
    assert events["events"][-1]["action"] == "case.archive_exported"
    assert events["events"][-1]["actor_name"] == "刘审计"
    assert "张正清(纪委书记)" in archive.read("events.json").decode("utf-8"), "UTF-8, not \\u escapes"
    # A holder of the chain key (kept outside the database, issue 14 §3.8) recomputes a hash from the file
    # with the recipe it states; the test suite's key is the one webui.config gives every test app.
    first = events["events"][0]
    body = [first[k] for k in ("seq", "occurred_at", "actor_id", "actor_name", "actor_role", "actor_unit_id",
                               "action", "object_type", "object_id", "case_id", "source_ip", "before", "after",
                               "reason", "prev_hash", "key_id")]
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    key, _older = config.audit_keys(page_app.config)
    assert hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest() == first["hash"]

    steps = json.loads(archive.read("steps.json").decode("utf-8"))["steps"]
    screening = next(s for s in steps if s["step"] == "screen_clue")
    assert screening["submitted"]["routing"] == "handle_here"
    assert {"field": "routing", "label": "分流处理意见", "value": "本级处理", "code": "handle_here"} in screening[
        "submitted_readable"
    ]
    approval = next(s for s in steps if s["step"] == "approve_correction")
    assert approval["opinion"] == "同意" and approval["role"] == "secretary"

    summary = archive.read("summary.html").decode("utf-8")
    assert _case_number(page_app, case_id) in summary and "审计链完整" in summary
    assert "筛选分流线索" in summary and "责令纠错通知书" in summary and "<script" not in summary

    with page_app.app_context(), _session(page_app) as session:
        exported = session.execute(select(AuditEvent).where(AuditEvent.action == "case.archive_exported")).scalar_one()
        assert exported.case_id == case_id and exported.actor_name == "刘审计" and exported.actor_role == "auditor"
        assert verify_chain(session).ok


def test_the_archive_states_a_broken_chain(browser, page_app, correction_case):  # noqa: F811
    target = _event_of_step(page_app, correction_case.case_id, "screen_clue")
    _tamper(page_app, """UPDATE audit_event SET reason = 'changed afterwards' WHERE seq = :seq""", seq=target.seq)
    response = browser("chen.supervisor").get(f"/audit/cases/{correction_case.case_id}/archive.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["chain"]["ok"] is False and manifest["chain"]["first_bad_seq"] == target.seq
    assert f"第{target.seq}号事件内容被改动" in archive.read("summary.html").decode("utf-8")
