"""GB/T 9704-2012 layout of the documents as their DOCX opens in python-docx (issue 15, "Documents").

- 7.5 页码: "— n —" in 4号 宋体, a PAGE field between two dashes; odd pages at the right with one character's
  space, even pages at the left with one; odd and even pages have their own footers;
- 7.3.5 署名 and 成文日期: a sealed document's date four characters from the right with the issuer centred on it
  (7.3.5.1); an unsealed record's issuer two characters from the right and the date two characters further in
  (7.3.5.2); Arabic numerals without leading zeros (7.3.5.4);
- 7.2 版头: the red masthead heads what is issued outward, never a record the office keeps;
- 第二十二条(二)4 of the Measures: the talk is recorded, and the talk record names its recorder.
"""
from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

import forms
from engine.document_numbers import DOCUMENT_TITLES
from engine.errors import FormInvalid
from forms.base import FormContext
from processes.measures.document_wording import TEMPLATES
from processes.measures.rendering import compose
from processes.measures.rendering import render_docx
from processes.measures.rendering import signature_layout
from processes.measures.rendering import text_width

ISSUING_BODY = "中共寿县纪律检查委员会"
ISSUED_ON = dt.date(2026, 12, 7)
#: one character of the body text (三号, 16 pt): the unit GB/T 9704 measures spaces in
CHAR = Pt(16)

#: what the warning office keeps on file (forms and records) against what it sends out (letters, notices)
INTERNAL = {"clue_transfer_form", "approval_form", "talk_plan", "talk_record", "registration_form",
            "extension_approval_form", "follow_up_form"}
ISSUED = set(DOCUMENT_TITLES) - INTERNAL


def _open(kind: str, values: dict | None = None):
    composed = compose(kind, number="寿纪预〔2026〕7号", title=DOCUMENT_TITLES[kind], recipient="张三",
                       issued_on=ISSUED_ON, issuing_body=ISSUING_BODY, values=values or {})
    return composed, docx.Document(io.BytesIO(render_docx(composed)))


def _footer_parts(footer) -> tuple[str, str, str]:
    """The footer's text before the PAGE field, the field's instruction, and the text after it."""
    (paragraph,) = footer.paragraphs
    p = paragraph._p
    (field,) = p.findall(qn("w:fldSimple"))
    children = list(p)
    at = children.index(field)
    text = "".join(t.text for child in children[:at] for t in child.iter(qn("w:t")))
    after = "".join(t.text for child in children[at + 1:] for t in child.iter(qn("w:t")))
    return text, field.get(qn("w:instr")).strip(), after


# --- 7.5 page numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["correction_notice", "talk_record"])
def test_page_numbers_sit_at_the_outer_side_between_dashes_gbt9704_7_5(kind):
    _, opened = _open(kind)
    section = opened.sections[0]
    # Odd and even pages have their own footers (w:evenAndOddHeaders in settings.xml).
    assert opened.settings.odd_and_even_pages_header_footer
    assert not section.different_first_page_header_footer  # the first page is odd: it takes the odd footer
    odd, even = section.footer, section.even_page_footer
    assert not odd.is_linked_to_previous and not even.is_linked_to_previous
    for footer in (odd, even):
        before, instruction, after = _footer_parts(footer)
        assert (before, instruction, after) == ("— ", "PAGE", " —")  # "— 1 —"
        (paragraph,) = footer.paragraphs
        for run in paragraph._p.iter(qn("w:r")):
            assert run.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
            assert run.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "28"  # 4号 = 14 pt
    odd_p, even_p = odd.paragraphs[0], even.paragraphs[0]
    # Odd pages: at the right, one character in; even pages: at the left, one character in.
    assert odd_p.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd_p.paragraph_format.right_indent == CHAR
    assert not odd_p.paragraph_format.left_indent
    assert even_p.alignment == WD_ALIGN_PARAGRAPH.LEFT and even_p.paragraph_format.left_indent == CHAR
    assert not even_p.paragraph_format.right_indent
    # The number's line stands 7 mm under the 35 mm bottom margin's text block: about 23 mm from the edge.
    assert 22 <= section.footer_distance.mm <= 24


# --- 7.3.5 signature and date ------------------------------------------------------------------------

def _signature(opened, composed):
    paragraphs = opened.paragraphs
    date_at = max(i for i, p in enumerate(paragraphs) if p.text == composed.date_line)
    issuer = paragraphs[date_at - 1]
    assert issuer.text == ISSUING_BODY
    return issuer, paragraphs[date_at]


def test_a_sealed_documents_date_stands_four_characters_in_with_the_issuer_centred_on_it_gbt9704_7_3_5_1():
    composed, opened = _open("correction_notice")
    assert composed.date_line == "2026年12月7日"  # 7.3.5.4: Arabic numerals, no leading zeros
    issuer, date = _signature(opened, composed)
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == 4 * CHAR
    # Centred on the date: the centres of the two lines, measured from the right margin, coincide.
    issuer_centre = issuer.paragraph_format.right_indent + text_width(ISSUING_BODY) * CHAR / 2
    date_centre = date.paragraph_format.right_indent + text_width("2026年12月7日") * CHAR / 2
    assert abs(issuer_centre - date_centre) <= Pt(0.1)
    # The seal presses over both lines; the note where it goes follows the date.
    assert opened.paragraphs[-1].text == "(盖章)"
    assert opened.paragraphs[-1].paragraph_format.right_indent == 4 * CHAR


def test_an_unsealed_records_issuer_stands_two_characters_in_and_the_date_starts_two_further_gbt9704_7_3_5_2():
    composed, opened = _open("talk_record")
    issuer, date = _signature(opened, composed)
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert issuer.paragraph_format.right_indent == 2 * CHAR
    issuer_start = issuer.paragraph_format.right_indent + text_width(ISSUING_BODY) * CHAR
    date_start = date.paragraph_format.right_indent + text_width(composed.date_line) * CHAR
    assert abs((issuer_start - date_start) - 2 * CHAR) <= Pt(0.1)
    assert "(盖章)" not in [p.text for p in opened.paragraphs]
    # One empty line between the record (its table) and the issuer (7.3.5.2), not the room a seal needs.
    body = list(opened.element.body)
    at = body.index(issuer._p)
    assert body[at - 1].tag == qn("w:p") and not "".join(body[at - 1].itertext())
    assert body[at - 2].tag == qn("w:tbl")


@pytest.mark.parametrize(("issuer", "date", "sealed", "issuer_right", "date_right"), [
    # 7.3.5.1: the date four characters in; the issuer centred on it whether longer or shorter.
    ("中共寿县纪律检查委员会", "2026年12月7日", True, 1.75, 4.0),
    ("县纪委", "2026年12月17日", True, 6.0, 4.0),
    # 7.3.5.2: the issuer two characters in, the date starting two characters right of its first character;
    # a date too long for that stands two characters in and pushes the issuer left.
    ("中共寿县纪律检查委员会", "2026年12月7日", False, 2.0, 4.5),
    ("县纪委", "2026年12月17日", False, 8.0, 2.0),
])
def test_signature_layout_by_gbt9704_7_3_5(issuer, date, sealed, issuer_right, date_right):
    layout = signature_layout(issuer, date, sealed=sealed)
    assert (layout.issuer_right, layout.date_right) == (issuer_right, date_right)


# --- 7.2 the red masthead ----------------------------------------------------------------------------

def test_the_internal_records_are_the_office_forms_and_everything_else_is_issued():
    assert {kind for kind, template in TEMPLATES.items() if template.internal} == INTERNAL
    for kind in INTERNAL:
        # A record is a form the office fills, addressed to nobody.
        assert TEMPLATES[kind].table and not TEMPLATES[kind].addressed, kind


def _is_red(run) -> bool:
    return run.font.color is not None and run.font.color.type is not None and str(run.font.color.rgb) == "FF0000"


def _red_rule(paragraph) -> bool:
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return borders is not None and borders.find(qn("w:bottom")).get(qn("w:color")) == "FF0000"


@pytest.mark.parametrize("kind", sorted(INTERNAL))
def test_an_internal_record_carries_no_red_masthead_gbt9704_7_2(kind):
    composed, opened = _open(kind)
    assert not composed.masthead
    paragraphs = opened.paragraphs
    assert paragraphs[0].text == DOCUMENT_TITLES[kind]  # the title comes first
    assert not any(_is_red(run) for p in paragraphs for run in p.runs)
    assert not any(_red_rule(p) for p in paragraphs)
    assert "寿纪预〔2026〕7号" in [p.text for p in paragraphs]  # still numbered, in black


@pytest.mark.parametrize("kind", sorted(ISSUED))
def test_an_issued_document_keeps_its_red_masthead_gbt9704_7_2(kind):
    composed, opened = _open(kind)
    assert composed.masthead
    header, number = opened.paragraphs[0], opened.paragraphs[1]
    assert header.text == ISSUING_BODY and all(_is_red(run) for run in header.runs)
    assert number.text == "寿纪预〔2026〕7号" and _red_rule(number)
    assert opened.paragraphs[2].text == DOCUMENT_TITLES[kind]


# --- 第二十二条(二)4: the recorder ----------------------------------------------------------------------

def test_the_talk_record_names_its_recorder_第二十二条():
    _, opened = _open("talk_record", {"recorder": "王晓", "talker_names": "张正清、李建国"})
    rows = {row.cells[0].text: row.cells[1].text for row in opened.tables[0].rows}
    assert rows["记录人"] == "王晓"
    assert rows["谈话人员"] == "张正清、李建国"


def test_the_talk_record_form_asks_for_the_recorder_第二十二条():
    fields = {f.name: f for f in forms.describe("talk_record").fields}
    assert fields["recorder"].label_zh == "记录人" and fields["recorder"].required
    data = {"talked_on": "2026-11-02", "talker_ids": [1, 2], "record_summary": "本人承认错误", "subject_signed": True}
    with pytest.raises(FormInvalid) as refused:
        forms.load("talk_record", data, FormContext())
    assert refused.value.details["recorder"] == ["此项必填"]
    assert forms.load("talk_record", {**data, "recorder": " 王晓 "}, FormContext())["recorder"] == "王晓"
