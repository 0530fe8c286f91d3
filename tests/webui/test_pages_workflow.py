"""Working a case through the pages: register, screen, claim, draft, decide, upload, read the record."""
from __future__ import annotations

import datetime as dt
import io
import re

import docx
import openpyxl
import pytest
from sqlalchemy import select

from engine.clockstore import DatabaseManualClock
from engine.models import Attachment
from engine.models import Cadre
from engine.models import Case
from tests.webui.conftest import ApiWalker
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _register_through_the_page(clerk, cadre_id: int, **extra):
    clerk.get("/clues/new")
    form = {"source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
            "summary": "群众来信反映该干部违规收受礼金。", "subject_cadre_id": str(cadre_id), **extra}
    return clerk.post("/clues/new", form)


def _case_id_from(response) -> int:
    return int(re.search(r"/cases/(\d+)", response.headers["Location"]).group(1))


def test_a_clerk_registers_a_clue_and_the_case_opens_at_screening(browser, ids):
    """第十、十三条: registering a clue starts its case; screening (第十四条) waits in the office's queue."""
    clerk = browser("wang.clerk")
    response = _register_through_the_page(clerk, ids.cadre_id())
    assert response.status_code == 302
    case_id = _case_id_from(response)
    page = text_of(clerk.get(f"/cases/{case_id}"))
    assert "已登记" in page and "筛选分流线索" in page
    inbox = text_of(clerk.get("/?tab=groups"))
    assert "筛选分流线索" in inbox


def test_a_transferred_clue_without_its_transfer_form_is_refused_and_the_form_keeps_what_was_typed(browser, ids):
    """第十三条: a clue transferred by a law-enforcement body comes with its 预警线索移送表."""
    clerk = browser("wang.clerk")
    response = _register_through_the_page(clerk, ids.cadre_id(), source_channel="transfer")
    assert response.status_code == 422
    page = text_of(response)
    assert "须填写预警线索移送表" in page
    assert "群众来信反映该干部违规收受礼金。" in page


def test_a_second_clue_about_a_cadre_with_an_open_case_warns_the_clerk(browser, ids):
    clerk = browser("wang.clerk")
    _register_through_the_page(clerk, ids.cadre_id())
    response = _register_through_the_page(clerk, ids.cadre_id())
    page = text_of(clerk.get(response.headers["Location"]))
    assert "alert-warning" in page


def test_a_form_with_errors_is_shown_again_with_chinese_messages(browser, ids):
    clerk = browser("wang.clerk")
    case_id = _case_id_from(_register_through_the_page(clerk, ids.cadre_id()))
    task_id = ids.open_task(case_id, "screen_clue")
    clerk.get(f"/tasks/{task_id}")
    response = clerk.post(f"/tasks/{task_id}/submit", {"action": "submit", "reason": "理由已写"})
    assert response.status_code == 422
    page = text_of(response)
    assert "此项必填" in page or "必填" in page
    assert "理由已写" in page


def test_a_draft_is_kept_without_moving_the_case(browser, ids):
    clerk = browser("wang.clerk")
    case_id = _case_id_from(_register_through_the_page(clerk, ids.cadre_id()))
    task_id = ids.open_task(case_id, "screen_clue")
    clerk.get(f"/tasks/{task_id}")
    response = clerk.post(f"/tasks/{task_id}/submit", {"action": "draft", "routing": "handle_here",
                                                       "reason": "属县管干部,拟本级处理"})
    assert response.status_code == 302
    page = text_of(clerk.get(f"/tasks/{task_id}"))
    assert "暂存的内容" in page and "属县管干部,拟本级处理" in page
    assert ids.open_task(case_id, "screen_clue") == task_id


def test_screening_through_the_page_moves_the_case_on(browser, ids):
    """第十四条: a clue about a cadre this level manages is handled here: the subject proposal follows."""
    clerk = browser("wang.clerk")
    case_id = _case_id_from(_register_through_the_page(clerk, ids.cadre_id()))
    task_id = ids.open_task(case_id, "screen_clue")
    clerk.get(f"/tasks/{task_id}")
    response = clerk.post(f"/tasks/{task_id}/submit", {"action": "submit", "routing": "handle_here",
                                                       "reason": "属县管干部,本级处理", "step_opinion": "按程序办理"})
    # issue 15 §8: the proposal is the clerk's next step of the case, and the clerk lands on it
    assert response.status_code == 302
    assert response.headers["Location"] == f"/tasks/{ids.open_task(case_id, 'propose_subject')}"
    page = text_of(clerk.get(f"/cases/{case_id}"))
    assert "按程序办理" in page and "提出预警对象建议" in page


def test_claim_and_give_back(browser, ids):
    clerk = browser("wang.clerk")
    case_id = _case_id_from(_register_through_the_page(clerk, ids.cadre_id()))
    task_id = ids.open_task(case_id, "screen_clue")
    clerk.get(f"/tasks/{task_id}")
    assert clerk.post(f"/tasks/{task_id}/claim").status_code == 302
    assert "筛选分流线索" in text_of(clerk.get("/?tab=mine"))
    colleague = browser("xu.clerk")
    page = text_of(colleague.get(f"/tasks/{task_id}"))
    assert "已由 王文书(预警办) 签收办理" in page
    clerk.get(f"/tasks/{task_id}")
    assert clerk.post(f"/tasks/{task_id}/unclaim").status_code == 302
    assert "筛选分流线索" in text_of(colleague.get("/?tab=groups"))


def test_when_someone_else_completed_the_step_first_the_second_is_told_and_sees_the_case(browser, ids):
    clerk = browser("wang.clerk")
    case_id = _case_id_from(_register_through_the_page(clerk, ids.cadre_id()))
    task_id = ids.open_task(case_id, "screen_clue")
    colleague = browser("xu.clerk")
    colleague.get(f"/tasks/{task_id}")
    clerk.get(f"/tasks/{task_id}")
    form = {"action": "submit", "routing": "handle_here", "reason": "本级处理"}
    assert clerk.post(f"/tasks/{task_id}/submit", form).status_code == 302
    late = colleague.post(f"/tasks/{task_id}/submit", form)
    assert late.status_code == 302 and f"/cases/{case_id}" in late.headers["Location"]
    assert "已由他人办理完毕" in text_of(colleague.get(late.headers["Location"]))


def test_a_leaders_decision_asks_for_the_password_again_after_fifteen_minutes(browser, page_app, api, ids):
    """SECURITY.md 21 (fresh login before approving); 第十七条: the secretary approves a correction."""
    walk = ApiWalker(api, ids, 0)
    clerk = browser("wang.clerk")
    walk.case_id = _case_id_from(_register_through_the_page(clerk, ids.cadre_id()))
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议责令纠错", basis="第九条、第十七条")
    secretary = browser("zhang.secretary")
    with page_app.app_context():
        clock = extensions.clock()
        assert isinstance(clock, DatabaseManualClock)
        clock.set(clock.now() + dt.timedelta(minutes=20))
    task_id = ids.open_task(walk.case_id, "approve_correction")
    secretary.get(f"/tasks/{task_id}")
    form = {"action": "submit", "approval_decision": "approved", "decided_on": "2026-11-02", "step_opinion": "同意"}
    # Issue 15 §1: asked in place, the decision typed is kept and not submitted.
    response = secretary.post(f"/tasks/{task_id}/submit", form)
    assert response.status_code == 401 and "尚未提交" in text_of(response) and 'value="2026-11-02"' in text_of(response)
    assert ids.open_task(walk.case_id, "approve_correction") == task_id
    wrong = secretary.post(f"/tasks/{task_id}/submit", {**form, "reauth_password": "wrong"})
    assert wrong.status_code == 401 and "密码不正确" in text_of(wrong)
    done = secretary.post(f"/tasks/{task_id}/submit", {**form, "reauth_password": "lianjing2026"})
    assert done.status_code == 302 and "/reauth" not in done.headers["Location"]


def test_the_proposer_cannot_approve_the_same_matter(browser, api, ids):
    """第十七条 / SECURITY.md 25: who filled the approval form may not approve it."""
    clerk = browser("wang.clerk")
    case_id = _case_id_from(_register_through_the_page(clerk, ids.cadre_id()))
    walk = ApiWalker(api, ids, case_id)
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映问题", grounds="第八条")
    walk.do("li.deputy", "fill_approval_form", expect=403, proposal="建议函询", basis="第十七条")


def test_attachments_accept_a_pdf_and_refuse_other_files(browser, page_app, correction_case):  # noqa: F811
    task_id = correction_case.ids.open_task(correction_case.case_id, "await_rectification")
    clerk = browser("wang.clerk")
    clerk.get(f"/tasks/{task_id}")
    pdf = (io.BytesIO(b"%PDF-1.4\n%test\n"), "整改报告扫描件.pdf")
    accepted = clerk.client.post(f"/tasks/{task_id}/attachments", content_type="multipart/form-data",
                                 data={"csrf_token": clerk.token, "file": pdf, "remark": "对象提交的书面报告"})
    assert accepted.status_code == 302
    refused = clerk.client.post(f"/tasks/{task_id}/attachments", content_type="multipart/form-data",
                                data={"csrf_token": clerk.token, "file": (io.BytesIO(b"MZ\x90\x00"), "病毒.pdf")})
    assert refused.status_code == 422 and "只能上传" in text_of(refused)
    # issue 15 §5: without the page's script the step's page comes back, the refusal beside the upload box
    assert 'id="task-form"' in text_of(refused) and "「病毒.pdf」未上传" in text_of(refused)
    asked = clerk.client.post(f"/tasks/{task_id}/attachments", content_type="multipart/form-data",
                              headers={"Accept": "application/json"},
                              data={"csrf_token": clerk.token, "file": (io.BytesIO(b"GIF89a"), "照片.gif")})
    assert asked.status_code == 422 and not asked.json["ok"] and "PDF、JPG、PNG" in asked.json["message"]
    with page_app.app_context(), extensions.session_factory()() as session:
        rows = session.execute(select(Attachment)).scalars().all()
    assert [r.filename for r in rows] == ["整改报告扫描件.pdf"]
    download = clerk.get(f"/attachments/{rows[0].id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "attachment;" in download.headers["Content-Disposition"]


def test_the_case_page_shows_deadline_documents_restrictions_and_diagram(browser, correction_case):  # noqa: F811
    """第二十六条 一案一例; 第三十一条 restrictions from the notice; 第三十条 one-month deadline."""
    page = text_of(browser("wang.clerk").get(f"/cases/{correction_case.case_id}"))
    for expected in ("责令纠错通知书", "不得提拔使用", "生效中", "当前期限", "bpmn-diagram", "办理过程"):
        assert expected in page, expected


def test_every_document_previews_and_downloads_as_docx(browser, correction_case):  # noqa: F811
    clerk = browser("wang.clerk")
    page = text_of(clerk.get(f"/cases/{correction_case.case_id}"))
    document_ids = sorted({int(m) for m in re.findall(r'/documents/(\d+)"', page)})
    assert len(document_ids) >= 4
    for document_id in document_ids:
        preview = clerk.get(f"/documents/{document_id}")
        assert preview.status_code == 200
        number = re.search(r"〔2026〕\d+号", text_of(preview)).group(0)
        download = clerk.get(f"/documents/{document_id}.docx")
        assert download.status_code == 200
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.data)).paragraphs)
        assert number in text


def test_the_ledger_filters_sorts_and_exports(browser, page_app, correction_case):  # noqa: F811
    clerk = browser("wang.clerk")
    with page_app.app_context(), extensions.session_factory()() as session:
        number = session.get(Case, correction_case.case_id).number
    assert number in text_of(clerk.get("/cases?warning_type=correction&sort=-due"))
    assert number not in text_of(clerk.get("/cases?warning_type=inquiry"))
    assert "已忽略" in text_of(clerk.get("/cases?warning_type=nonsense"))
    export = clerk.get("/cases/export.xlsx?warning_type=correction")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    assert any(number in [str(c.value) for c in row] for row in sheet.iter_rows())


def test_a_new_task_reaches_the_notification_centre(browser, ids):
    clerk = browser("wang.clerk")
    _register_through_the_page(clerk, ids.cadre_id())
    colleague = browser("xu.clerk")
    page = text_of(colleague.get("/notifications"))
    assert "新待办" in page and "筛选分流线索" in page


def test_the_inbox_searches_by_subject_name(browser, ids, page_app):
    clerk = browser("wang.clerk")
    _register_through_the_page(clerk, ids.cadre_id())
    with page_app.app_context(), extensions.session_factory()() as session:
        name = session.get(Cadre, ids.cadre_id()).name
    assert "筛选分流线索" in text_of(clerk.get(f"/?tab=groups&q={name}"))
    assert "筛选分流线索" not in text_of(clerk.get("/?tab=groups&q=不存在的人"))


def test_the_talker_picker_offers_only_who_may_talk_and_never_the_subject(page_app):
    """第二十条、第二十二条: a town's talk may be led from the town or the county commission above it; the
    subject may not talk to themself, and nobody the form would refuse (designer, auditor) is offered."""
    from engine.models import Case
    from engine.models import Unit
    from engine.models import User
    from webui.pages.tasks import talker_choices

    with page_app.app_context():
        session = extensions.db.session
        town = session.execute(select(Unit).where(Unit.code == "town-zhengyang")).scalar_one()
        subject = session.execute(select(User).where(User.username == "zy.partychief")).scalar_one()
        case = Case(cadre_id=subject.cadre_id, handling_unit_id=town.id)  # only who and where matter here
        offered = {label.split("(")[0] for _, label in talker_choices(case)}
        assert {"正阳关镇纪委书记", "张正清", "正阳关镇纪委干事"} <= offered
        assert subject.display_name.split("(")[0] not in offered
        assert not offered & {"瓦埠镇纪委书记", "孙设计", "刘审计", "系统管理员", "陈督办"}
        # 第二十二条: the town's party secretary, a county-managed principal leader, is talked to by the
        # county commission's secretary: the lead picker offers nobody else.
        assert [label for _, label in talker_choices(case, lead=True)] == ["张正清(纪委书记)(寿县纪委)"]
