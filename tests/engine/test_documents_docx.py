"""Official documents (文书, DOMAIN.md §7) composed from real cases and laid out as DOCX (GB/T 9704-2012).

Every document a case produces opens in python-docx with its number, title, addressee and issue date; every
kind has a template whose wording cites its article of the Measures; a value nobody recorded prints as a
blank line to fill in by hand, never as "None".
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.shared import RGBColor

import forms
from engine.clock import UTC
from engine.db import unit_of_work
from engine.document_numbers import DOCUMENT_TITLES
from engine.document_numbers import documents_of
from engine.document_numbers import issue_document
from engine.models import Cadre
from engine.models import Case
from engine.models import Document
from engine.models import Unit
from processes.measures.document_wording import COMMON_PLACEHOLDERS
from processes.measures.document_wording import TEMPLATES
from processes.measures.rendering import BLANK
from processes.measures.rendering import ComposedDocument
from processes.measures.rendering import compose
from processes.measures.rendering import compose_document
from processes.measures.rendering import document_values
from processes.measures.rendering import issuer_short_name
from processes.measures.rendering import issuing_body_name
from processes.measures.rendering import render_docx
from processes.measures.rendering import zh_date

ISSUED_ON = dt.date(2026, 11, 2)
ISSUING_BODY = "中共寿县纪律检查委员会"


# --- helpers ----------------------------------------------------------------------------------------

def docx_text(content: bytes) -> str:
    """All the text of a DOCX: paragraphs, then table cells."""
    opened = docx.Document(io.BytesIO(content))
    lines = [p.text for p in opened.paragraphs]
    lines += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def composed_text(composed: ComposedDocument) -> str:
    rows = [f"{label}|{value}" for label, value in composed.table]
    return "\n".join([composed.issuing_body, composed.number, composed.title, composed.recipient,
                      *composed.paragraphs, *rows, *composed.closing, composed.issuer, composed.date_line])


def table_of(composed: ComposedDocument) -> dict[str, str]:
    return dict(composed.table)


def synthetic(kind: str, values: dict, *, recipient: str = "张三") -> ComposedDocument:
    return compose(kind, number="寿纪预〔2026〕7号", title=DOCUMENT_TITLES[kind], recipient=recipient,
                   issued_on=ISSUED_ON, issuing_body=ISSUING_BODY, values=values)


def _user_id(world, username: str) -> int:
    with world.factory() as session:
        return world.user(session, username).id


def _cadre(world, case_id: int) -> Cadre:
    with world.factory() as session:
        return session.get(Cadre, session.get(Case, case_id).cadre_id)


def _rendered(world, case_id: int) -> dict[str, list[tuple[Document, ComposedDocument, str]]]:
    """Every document of a case: the row, its composition and the text of its DOCX, by kind."""
    by_kind: dict[str, list[tuple[Document, ComposedDocument, str]]] = {}
    with world.factory() as session:
        for document in documents_of(session, case_id):
            composed = compose_document(session, document)
            by_kind.setdefault(document.kind, []).append((document, composed, docx_text(render_docx(composed))))
    return by_kind


def walk_correction_to_lifting(walk, world) -> None:
    """An ordered correction with a talk, one extension, a follow-up visit, lifting and feedback (第十–三十一条)."""
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元",
            grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    walk.do("zhang.secretary", "approve_correction", opinion="同意", approval_decision="approved",
            decided_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", acknowledged_on="2026-11-02", opinion="阅")
    walk.do("wang.clerk", "plan_implementation", method="written_and_talk", started_on="2026-11-02",
            implementer="县纪委书记")
    walk.do("wang.clerk", "draft_talk_plan", outline="指出错误事实,提出整改要求",
            lead_talker_id=_user_id(world, "zhang.secretary"), co_talker_ids=[_user_id(world, "li.deputy")])
    walk.do("wang.clerk", "notify_talk", talk_at="2026-11-03T09:00:00+08:00", place="县纪委谈话室",
            notified_on="2026-11-02")
    walk.do("wang.clerk", "record_talk", talked_on="2026-11-02",
            talker_ids=[_user_id(world, "zhang.secretary"), _user_id(world, "li.deputy")],
            recorder="王晓",
            record_summary="本人承认错误,表示整改", subject_signed=True)
    walk.do("xu.clerk", "fill_registration_form", rectification_requirements="一个月内退还礼金并作出书面检查")
    walk.do("li.deputy", "approve_registration", approval_decision="approved", decided_on="2026-11-02")
    walk.do("wang.clerk", "issue_notice", issued_on="2026-11-02", delivery_method="in_person")
    walk.on("2026-11-03")
    walk.do("wang.clerk", "record_receipt", received_on="2026-11-03")
    walk.on("2026-11-21")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-11-20",
            reason="退赔款项需分期筹措")
    walk.do("xu.clerk", "fill_extension_form", reason="退赔款项需分期筹措", requested_due_date="2026-12-20")
    walk.do("li.deputy", "approve_extension", extension_decision="approved", approved_due_date="2026-12-20",
            decided_on="2026-11-21")
    walk.do("wang.clerk", "issue_extension_notice", issued_on="2026-11-21", delivery_method="in_person")
    walk.on("2026-12-10")
    walk.do("wang.clerk", "await_rectification", progress="report_submitted", submitted_on="2026-12-09",
            summary="已退还礼金并作书面检查")
    walk.do("wang.clerk", "follow_up_visit", visited_on="2026-12-10",
            methods=["hearing_report", "reviewing_materials"], findings="整改到位", requirements_met=True)
    walk.do("xu.clerk", "fill_follow_up_form", opinion="已达到整改要求,建议解除预警")
    walk.do("zhang.secretary", "approve_lifting", approval_decision="approved", decided_on="2026-12-10")
    walk.do("wang.clerk", "feedback_to_source", notified_on="2026-12-10", feedback="已责令纠错并整改到位,解除预警。")


CORRECTION_KINDS = {
    "approval_form", "talk_plan", "talk_notice", "talk_record", "registration_form", "correction_notice",
    "notification_organisation", "notification_personnel", "notification_unit", "extension_approval_form",
    "extension_notice", "follow_up_form", "lifting_approval", "source_feedback",
}


# --- templates --------------------------------------------------------------------------------------

def test_every_document_kind_has_a_template():
    assert set(TEMPLATES) == set(DOCUMENT_TITLES), \
        "a document kind without a template (processes/measures/document_wording.py)"


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_template_placeholders_are_known_and_articles_cited(kind):
    template = TEMPLATES[kind]
    assert template.article.startswith("第") and "条" in template.article
    known = set(COMMON_PLACEHOLDERS) | set(template.extra_fields)
    if template.form_key is not None:
        assert template.form_key in forms.REGISTRY
        known |= {f.name for f in forms.describe(template.form_key).fields}
    for name in template.placeholders():
        assert name.isidentifier(), f"{kind}: placeholder {name!r} is not a plain name"
        assert name in known, f"{kind}: {{{name}}} is neither a case fact nor a field of {template.form_key}"
    assert template.paragraphs or template.table


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_placeholder_lands_in_the_text(kind):
    names = TEMPLATES[kind].placeholders() - {"blank"}
    composed = synthetic(kind, {name: f"〈{name}〉" for name in names})
    text = composed_text(composed)
    for name in names:
        assert f"〈{name}〉" in text
    assert "None" not in text


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
@pytest.mark.parametrize("recorded", ["nothing", "nones"])
def test_a_value_nobody_recorded_prints_as_a_blank_line(kind, recorded):
    template = TEMPLATES[kind]
    values = {} if recorded == "nothing" else dict.fromkeys(template.placeholders())
    composed = compose(kind, number="", title="", recipient="", issued_on=ISSUED_ON, issuing_body=ISSUING_BODY,
                       values=values)
    text = docx_text(render_docx(composed))
    assert "None" not in text and "{" not in text
    assert BLANK in text
    assert composed.title == DOCUMENT_TITLES[kind]
    if template.to_subject:
        assert composed.recipient == f"{BLANK}同志:"
    assert "2026年11月2日" in text


# Each kind's wording carries the rule the Measures give for it.
WORDING = {
    # 第二十二、二十八条: the inquiry subject explains in writing within 10 days of receipt.
    "inquiry_letter": ("自接到本函之日起10日内以书面形式", "第二十八条"),
    # 第二十九条: the admonition subject reports the rectification in writing within 10 days.
    "admonition_notice": ("自接到本通知书之日起10日内", "第二十九条"),
    # 第三十条: rectified within one month of receipt, reported in writing, extensions at most one month;
    # 第三十一条: no awards, promotion deferred during the period.
    "correction_notice": ("自接到本通知书之日起1个月内整改到位", "书面形式", "不得超过1个月", "第三十条",
                          "不得评选评优", "暂缓提拔使用", "第三十一条"),
    # 第二十二条: at least two talkers; the record is signed by the subject.
    "talk_plan": ("两人以上", "第二十二条"),
    "talk_notice": ("第二十二条", "核实签字"),
    "talk_record": ("谈话对象签名",),
    # 第二十五条: commitment for an inquiry, rectification requirements for the others.
    "registration_form": ("承诺情况", "整改要求"),
    # 第三十条: extensions together at most one month.
    "extension_approval_form": ("不得超过1个月", "第三十条"),
    "extension_notice": ("不得超过1个月", "第三十条", "第三十一条"),
    "follow_up_form": ("回访方式", "回访意见"),
    "lifting_approval": ("解除", "第三十条", "第三十一条"),
    # 第三十一条: organisation, personnel and the unit's party organisation are told in writing.
    "notification_organisation": ("不得评选评优", "暂缓提拔使用", "第三十一条"),
    "notification_personnel": ("不得评选评优", "暂缓提拔使用", "第三十一条"),
    "notification_unit": ("不得评选评优", "督促", "第三十一条"),
    # 第十四条: the source is told how the warning ended.
    "source_feedback": ("第十四条",),
    "handover_letter": ("第十四条", "移交"),
    # 第十三条: the transfer form names the transferring body.
    "clue_transfer_form": ("移送机关",),
    # 第十七条: the approving leader signs the form.
    "approval_form": ("领导审批意见",),
}


def test_every_kind_has_wording_checks():
    assert set(WORDING) == set(TEMPLATES)


@pytest.mark.parametrize(("kind", "phrases"), sorted(WORDING.items()))
def test_wording_carries_the_rule_of_its_article_第十三至三十一条(kind, phrases):
    text = composed_text(synthetic(kind, {}))
    for phrase in phrases:
        assert phrase in text, f"{kind} lacks {phrase!r}"


def test_addressee_line_follows_the_colon_convention():
    assert synthetic("correction_notice", {}, recipient="张三").recipient == "张三同志:"
    assert synthetic("correction_notice", {}, recipient="张三同志").recipient == "张三同志:"
    assert synthetic("notification_organisation", {}, recipient="县委组织部").recipient == "县委组织部:"
    assert synthetic("approval_form", {}, recipient="县纪委领导").recipient == ""


def test_recorded_dates_print_in_chinese():
    composed = synthetic("talk_notice", {"talk_at": "2026-11-03T01:30:00+00:00", "place": "县纪委谈话室"})
    assert "定于2026年11月3日9时30分在县纪委谈话室" in composed.paragraphs[0]
    composed = synthetic("extension_notice", {"previous_due_date": "2026-12-03", "new_due_date": dt.date(2026, 12, 20)})
    assert "由2026年12月3日延长至2026年12月20日" in composed.paragraphs[0]
    assert zh_date(dt.date(2027, 1, 31)) == "2027年1月31日"


@pytest.mark.parametrize(("name", "kind", "full", "short"), [
    ("寿县纪委", "commission", "中共寿县纪律检查委员会", "寿县纪委"),
    ("正阳关镇", "town", "中共正阳关镇纪律检查委员会", "正阳关镇纪委"),
    ("县财政局", "department", "县财政局纪检组", "县财政局纪检组"),
    ("县委组织部", "organisation", "县委组织部", "县委组织部"),
])
def test_issuing_body_is_the_units_discipline_body_第十五条(name, kind, full, short):
    unit = Unit(code="u", name=name, kind=kind)
    assert issuing_body_name(unit) == full and issuer_short_name(unit) == short


# --- layout ------------------------------------------------------------------------------------------

def _east_asia(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_follows_gb_t_9704_layout():
    created = dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    composed = compose("correction_notice", number="寿纪预〔2026〕7号", title="责令纠错通知书", recipient="张三",
                       issued_on=ISSUED_ON, issuing_body=ISSUING_BODY, created_at=created,
                       values={"problem": "违规收受礼金2000元", "issuer": "寿县纪委"})
    content = render_docx(composed)
    opened = docx.Document(io.BytesIO(content))
    section = opened.sections[0]
    # A4; top 37 mm, bottom 35 mm, binding (left) 28 mm, right 26 mm.
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]

    paragraphs = opened.paragraphs
    header, number, title = paragraphs[0], paragraphs[1], paragraphs[2]
    assert header.text == ISSUING_BODY and header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = header.runs[0]
    assert run.font.bold and run.font.color.rgb == RGBColor(0xFF, 0x00, 0x00)
    assert _east_asia(run) == "方正小标宋简体"
    assert number.text == "寿纪预〔2026〕7号" and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    assert title.text == "责令纠错通知书" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and _east_asia(title.runs[0]) == "方正小标宋简体"
    assert paragraphs[3].text == "张三同志:"

    body = [p for p in paragraphs if p.text in composed.paragraphs]
    assert len(body) == len(composed.paragraphs)
    for paragraph in body:
        assert paragraph.paragraph_format.first_line_indent == Pt(32)
        assert paragraph.runs[0].font.size == Pt(16) and _east_asia(paragraph.runs[0]) == "仿宋_GB2312"
    assert "违规收受礼金2000元。" in body[0].text

    issuer, date_line = (p for p in paragraphs if p.text in (ISSUING_BODY, "2026年11月2日") and p is not header)
    assert issuer.alignment == date_line.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraphs[-1].text == "(盖章)"
    seal_room = paragraphs[paragraphs.index(issuer) - 3: paragraphs.index(issuer)]
    assert [p.text for p in seal_room] == ["", "", ""]

    props = opened.core_properties
    assert props.title == "责令纠错通知书" and props.created == created
    assert props.author == ISSUING_BODY and props.last_modified_by == ISSUING_BODY and props.comments == ""
    core = zipfile.ZipFile(io.BytesIO(content)).read("docProps/core.xml").decode()
    assert "python-docx" not in core
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer


def test_forms_print_as_bordered_tables():
    composed = synthetic("approval_form", {"subject": "张三", "proposal": "建议予以责令纠错"}, recipient="县纪委领导")
    opened = docx.Document(io.BytesIO(render_docx(composed)))
    assert len(opened.tables) == 1
    table = opened.tables[0]
    assert [(row.cells[0].text, row.cells[1].text) for row in table.rows] == composed.table
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"} and len(borders) == 6
    assert table_of(composed)["预警建议"] == "建议予以责令纠错"
    assert table_of(composed)["领导审批意见"] == BLANK


def test_characters_xml_cannot_carry_are_dropped():
    composed = synthetic("correction_notice", {"problem": "违规\x01收受\x0b礼金"})
    assert "违规收受礼金" in docx_text(render_docx(composed))


# --- documents of real cases ---------------------------------------------------------------------------

def test_every_document_of_a_correction_case_opens_with_number_title_addressee_and_date_第十七至三十一条(
        world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    walk_correction_to_lifting(walk, world)
    subject = _cadre(world, walk.case_id).name
    by_kind = _rendered(world, walk.case_id)
    assert set(by_kind) == CORRECTION_KINDS
    for kind, rendered in by_kind.items():
        for document, composed, text in rendered:
            assert document.number in text and document.title in text, kind
            assert zh_date(document.issued_on) in text, kind
            assert subject in text, kind
            assert "中共寿县纪律检查委员会" in text
            # GB/T 9704-2012 7.3.5: issued documents are sealed; the office's own records are not.
            assert ("(盖章)" in text) is not TEMPLATES[kind].internal, kind
            assert "None" not in text, kind
            if TEMPLATES[kind].addressed:
                expected = f"{subject}同志:" if TEMPLATES[kind].to_subject else f"{document.recipient}:"
                assert composed.recipient == expected and expected in text, kind

    (_, notice, text), = by_kind["correction_notice"]
    assert notice.recipient == f"{subject}同志:"
    assert "你存在以下问题:违规收受礼金2000元。" in text
    assert "一个月内退还礼金并作出书面检查" in text
    assert "自接到本通知书之日起1个月内整改到位" in text  # 第三十条

    (notice_document, _, _), = by_kind["correction_notice"]
    for kind in ("notification_organisation", "notification_personnel", "notification_unit"):
        (_, _, text), = by_kind[kind]
        # 第三十一条: the notifications name the notice and the restrictions.
        assert notice_document.number in text and "于2026年11月2日" in text and "不得评选评优" in text
    (_, unit_notice, _), = by_kind["notification_unit"]
    assert unit_notice.recipient == "正阳关镇党组织:"

    (_, approval, _), = by_kind["approval_form"]
    rows = table_of(approval)
    assert rows["拟预警方式"] == "责令纠错" and rows["预警建议"] == "建议予以责令纠错"
    assert rows["主要问题事实"] == "违规收受礼金2000元" and rows["核查情况"] == "经初核,反映问题基本属实"
    assert rows["领导审批意见"].startswith("同意") and "张正清" in rows["领导审批意见"]  # 第十七条
    assert "2026年11月2日" in rows["领导审批意见"]

    (_, plan, _), = by_kind["talk_plan"]
    assert table_of(plan)["主谈人"] == "张正清(纪委书记)"
    assert table_of(plan)["谈话人员"] == "张正清(纪委书记)、李建国(分管副书记)"  # 第二十二条: two or more
    (_, talk_notice, _), = by_kind["talk_notice"]
    assert "定于2026年11月3日9时在县纪委谈话室" in talk_notice.paragraphs[0]
    (_, record, _), = by_kind["talk_record"]
    assert table_of(record)["谈话地点"] == "县纪委谈话室" and table_of(record)["本人已核实签字"] == "是"
    assert table_of(record)["谈话对象签名"] == BLANK
    assert table_of(record)["记录人"] == "王晓"  # 第二十二条(二)4: the talk is recorded

    (_, registration, _), = by_kind["registration_form"]
    rows = table_of(registration)
    assert rows["整改要求(警示诫勉、责令纠错)"] == "一个月内退还礼金并作出书面检查"  # 第二十五条
    assert rows["实施方式"] == "书面和谈话预警" and rows["批准日期"] == "2026年11月2日"
    assert "李建国" in rows["领导审批意见"]

    (_, extension_form, _), = by_kind["extension_approval_form"]
    rows = table_of(extension_form)
    # Printed after the extension, the form still shows the due date in force when it was filled (第三十条).
    assert rows["原定整改期限"] == rows["现整改期限"] == "2026年12月3日"
    assert rows["申请延长至"] == "2026年12月20日" and rows["申请日期"] == "2026年11月20日"
    assert rows["延期最迟不超过"].startswith(zh_date(walk.case().extension_cap_date))
    assert rows["领导审批意见"].startswith("同意,延长至2026年12月20日") and "李建国" in rows["领导审批意见"]

    (_, extension_notice, _), = by_kind["extension_notice"]
    assert "你于2026年11月20日提出的延期整改申请收悉" in extension_notice.paragraphs[0]
    assert "由2026年12月3日延长至2026年12月20日" in extension_notice.paragraphs[0]

    (_, follow_up, _), = by_kind["follow_up_form"]
    rows = table_of(follow_up)
    assert rows["整改期限"] == "2026年12月20日" and rows["回访方式"] == "听取汇报、查阅资料"
    assert rows["整改报告提交日期"] == "2026年12月9日" and rows["回访意见"] == "已达到整改要求,建议解除预警"
    assert rows["接到通知书日期"] == "2026年11月3日" and "张正清" in rows["领导审批意见"]  # 第三十条

    (_, lifting, _), = by_kind["lifting_approval"]
    assert "通过听取汇报、查阅资料等形式" in lifting.paragraphs[0]
    assert "决定自2026年12月10日起解除对你的责令纠错预警" in lifting.paragraphs[1]

    (feedback_document, feedback, _), = by_kind["source_feedback"]
    assert feedback.recipient == "县信访局:"  # 第十四条
    assert "处理结果为:已解除预警。已责令纠错并整改到位,解除预警。" in feedback.paragraphs[1]
    with world.factory() as session:
        values = document_values(session, session.get(Document, feedback_document.id))
    # Every case fact a template may use is wired to the record (those this case has no reason to hold aside).
    unfilled = {name for name in COMMON_PLACEHOLDERS if values[name] == BLANK}
    assert unfilled == {"transfer_form_number", "transferring_body", "transferred_on", "commitment",
                        "leader_opinion", "blank"}


def test_inquiry_letter_and_registration_commitment_第二十二_二十五_二十八条(world, walker_for):
    walk = walker_for("town-zhengyang", "副镇长")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议谈话函询", basis="第七条、第十七条")
    walk.do("li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")
    walk.do(
        "wang.clerk", "plan_implementation", method="written", started_on="2026-11-02", implementer="县纪委分管副书记"
    )
    walk.do("xu.clerk", "fill_registration_form", commitment="本人承诺如实说明情况")
    walk.do("wang.clerk", "issue_notice", issued_on="2026-11-02", delivery_method="post")
    subject = _cadre(world, walk.case_id).name
    by_kind = _rendered(world, walk.case_id)
    assert set(by_kind) == {"approval_form", "registration_form", "inquiry_letter"}
    (letter_document, letter, text), = by_kind["inquiry_letter"]
    assert letter_document.number in text and "询问函" in text and "2026年11月2日" in text
    assert letter.recipient == f"{subject}同志:"
    assert "函告如下:反映其违规操办婚宴。" in text and "10日内" in text  # 第二十八条
    (_, registration, _), = by_kind["registration_form"]
    assert table_of(registration)["承诺情况(谈话函询)"] == "本人承诺如实说明情况"  # 第二十五条
    assert table_of(registration)["预警方式"] == "谈话函询"
    (_, approval, _), = by_kind["approval_form"]
    assert "李建国" in table_of(approval)["领导审批意见"]  # 第十七条: the deputy secretary approves an inquiry


def test_admonition_notice_第二十三_二十九条(world, walker_for):
    walk = walker_for("town-zhengyang", "副镇长")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="admonition", facts="多次在工作日中午饮酒", grounds="第八条")
    walk.do("wang.clerk", "preliminary_check", method="understanding", finished_on="2026-11-02",
            findings="经了解属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议警示诫勉", basis="第八条、第十七条")
    walk.do("zhang.secretary", "approve_admonition", approval_decision="approved", decided_on="2026-11-02")
    walk.do("wang.clerk", "plan_implementation", method="written", started_on="2026-11-02", implementer="县纪委书记")
    walk.do("xu.clerk", "fill_registration_form", rectification_requirements="立即停止工作日饮酒并作书面检查")
    walk.do("li.deputy", "approve_registration", approval_decision="approved", decided_on="2026-11-02")
    walk.do("wang.clerk", "issue_notice", issued_on="2026-11-02", delivery_method="in_person")
    by_kind = _rendered(world, walk.case_id)
    (document, notice, text), = by_kind["admonition_notice"]
    assert notice.recipient == f"{_cadre(world, walk.case_id).name}同志:"
    assert document.number in text and "警示诫勉通知书" in text and "2026年11月2日" in text
    assert "苗头性、倾向性问题:多次在工作日中午饮酒。" in text
    assert "立即停止工作日饮酒并作书面检查" in text
    assert "自接到本通知书之日起10日内" in text and "第二十九条" in text


def test_handover_letter_and_feedback_for_a_case_clue_第十四条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    walk.do("wang.clerk", "screen_clue", routing="case_clue", reason="涉嫌违纪,属案件线索")
    walk.do("wang.clerk", "hand_over", handover_kind="case_clue", receiving_body="县纪委案件监督管理室",
            handed_over_on="2026-11-02")
    walk.on("2026-11-03")
    walk.do("wang.clerk", "feedback_to_source", notified_on="2026-11-03", feedback="已移交案件查办")
    subject = _cadre(world, walk.case_id).name
    by_kind = _rendered(world, walk.case_id)
    (document, letter, text), = by_kind["handover_letter"]
    assert letter.recipient == "县纪委案件监督管理室:" and document.number in text and "线索移交函" in text
    assert f"{subject}同志有关问题" in text and "处理意见为:案件线索移交" in text
    assert "主要问题:群众反映该干部违规收受礼金。" in text  # no proposal yet: the clue's own words
    assert "备注:" + BLANK in text and "None" not in text
    (_, feedback, text), = by_kind["source_feedback"]
    assert feedback.recipient == "县信访局:"
    assert "2026年11月3日" in text and "处理结果为:移交案件查办" in text


def test_every_kind_issued_with_nothing_recorded_still_renders(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    with unit_of_work(world.factory) as session:
        case = session.get(Case, walk.case_id)
        actor = world.actor(session, "wang.clerk")
        for kind in DOCUMENT_TITLES:
            issue_document(session, world.clock, actor, case, kind, recipient="", issued_on=ISSUED_ON, fields={})
    with world.factory() as session:
        documents = documents_of(session, walk.case_id)
        assert len(documents) == len(DOCUMENT_TITLES)
        for document in documents:
            text = docx_text(render_docx(compose_document(session, document)))
            assert document.number in text and document.title in text and "2026年11月2日" in text
            assert "None" not in text and "{" not in text


def test_clue_transfer_form_shows_the_transfer_第十三条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长", source_channel="transfer", source_unit_name="县审计局",
                      transfer_form_number="寿审移〔2026〕3号", transferring_body="县审计局",
                      transferred_on="2026-10-30")
    with unit_of_work(world.factory) as session:
        issue_document(session, world.clock, world.actor(session, "wang.clerk"), session.get(Case, walk.case_id),
                       "clue_transfer_form", recipient="县审计局", issued_on=ISSUED_ON, fields={})
    (_, composed, text), = _rendered(world, walk.case_id)["clue_transfer_form"]
    rows = table_of(composed)
    assert rows["移送表编号"] == "寿审移〔2026〕3号" and rows["移送机关"] == "县审计局"
    assert rows["移送日期"] == "2026年10月30日" and rows["线索来源渠道"] == "执纪执法机关移送"
    assert rows["接收机关"] == "寿县纪委" and "预警线索移送表" in text


def test_compose_document_reads_only_the_document(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    walk_correction_to_lifting(walk, world)
    with world.factory() as session:
        for document in documents_of(session, walk.case_id):
            compose_document(session, document)
        assert not session.dirty and not session.new
