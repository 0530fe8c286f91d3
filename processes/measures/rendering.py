"""Official documents (文书) as people read them: composed from their template and the record, then laid
out as a DOCX in the formal style of GB/T 9704-2012 (red issuing body, number, red rule, title, recipient,
body, issuer, date, room for the seal). The same ``ComposedDocument`` feeds the HTML print preview.

Where GB/T 9704-2012 places things (its sections cited where the code does it):
- 7.2 版头: only a document issued outward carries the red issuing body and the red rule; a record the office
  keeps (审批表、谈话记录……, ``DocumentTemplate.internal``) starts with its title and carries no seal;
- 7.3.5 署名 and 成文日期: a sealed document's date ends four characters from the right edge of the text, the
  issuing body centred above it (7.3.5.1); an unsealed record's issuer ends two characters from the right,
  the date under it starting two characters further right (7.3.5.2); dates in Arabic numerals, no leading
  zeros (7.3.5.4), see ``zh_date`` and ``signature_layout``;
- 7.5 页码: 4号 half-width 宋体 Arabic numerals between two dashes, "— 1 —", odd pages at the right with one
  character's space, even pages at the left with one character's space.

A document shows the case as it stood when it was issued: facts are read from the steps completed up to the
issuing step and from documents issued before it, so printing a correction notice again after an extension
gives the same text. The one addition is the leader's approval written on a form (审批表、登记表) after
it was filed, which completes the form rather than changing it.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.shared import Mm
from docx.shared import Pt
from docx.shared import RGBColor
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine.clock import LOCAL_TZ
from engine.clock import UTC
from engine.document_numbers import DOCUMENT_TITLES
from engine.errors import FormInvalid
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.models.cases import of_case
from engine.models.issued_documents import Document
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import UnitKind
from processes.measures.document_wording import BLANK
from processes.measures.document_wording import COMMON_PLACEHOLDERS
from processes.measures.document_wording import TEMPLATES
from processes.measures.document_wording import DocumentTemplate

__all__ = ["BLANK", "SEAL_NOTE", "ComposedDocument", "SignatureLayout", "compose", "compose_document",
           "document_values", "issuer_short_name", "issuing_body_name", "readable", "render_docx",
           "signature_layout", "text_width", "zh_date", "zh_datetime", "new_document", "add_masthead",
           "add_body_paragraph", "add_record_title", "add_grid_table", "add_signature", "finish_document", "TEXT_WIDTH"]

SEAL_NOTE = "(盖章)"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
#: characters XML 1.0 cannot carry; python-docx refuses them, and a pasted form field may hold one
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SENTENCE_END = ("。", "!", "?", "…", "”", BLANK[-1])

_NOTICE_KINDS = ("inquiry_letter", "admonition_notice", "correction_notice")

#: facts taken from the steps completed before a document: step → (form field, placeholder)
_EARLIER_FACTS: dict[str, tuple[tuple[str, str], ...]] = {
    "propose_subject": (("facts", "problem"), ("grounds", "grounds")),
    "preliminary_check": (("method", "check_method"), ("findings", "check_findings")),
    "plan_implementation": (("method", "method"), ("implementer", "implementer")),
    "notify_talk": (("talk_at", "talk_at"), ("place", "place")),
    "record_talk": (("talked_on", "talked_on"),),
    "fill_registration_form": (("commitment", "commitment"),
                               ("rectification_requirements", "rectification_requirements")),
    "record_receipt": (("received_on", "notice_received_on"),),
    "await_reply": (("submitted_on", "report_submitted_on"), ("summary", "report_summary")),
    "await_rectification": (("requested_on", "extension_requested_on"), ("submitted_on", "report_submitted_on"),
                            ("summary", "report_summary")),
    "follow_up_visit": (("visited_on", "visited_on"), ("methods", "visit_methods"),
                        ("findings", "visit_findings")),
}
#: approval steps that set the approval date (第十七条): step → its date field
_APPROVAL_DATES = {"approve_inquiry": "decided_on", "approve_admonition": "decided_on",
                   "approve_correction": "decided_on", "committee_decision": "meeting_on"}
#: the leader's approval written on a form: form kind → the steps that approve it
_APPROVED_BY: dict[str, tuple[str, ...]] = {
    "approval_form": ("approve_inquiry", "approve_admonition", "approve_correction", "committee_decision"),
    "registration_form": ("approve_registration",),
    "extension_approval_form": ("approve_extension",),
    "follow_up_form": ("approve_lifting",),
}


@dataclass(frozen=True)
class ComposedDocument:
    """A document's text in reading order: what both the DOCX and the HTML preview lay out."""

    #: the issuing body as printed in red at the top, e.g. "中共寿县纪律检查委员会"
    issuing_body: str
    #: e.g. "寿纪预〔2026〕7号"
    number: str
    title: str
    #: the addressee line with its colon, e.g. "张三同志:"; empty for forms
    recipient: str
    paragraphs: list[str]
    #: (label, value) rows of a form's table; empty for letters and notices
    table: list[tuple[str, str]]
    #: e.g. ["特此通知。"]
    closing: list[str]
    #: the signature line above the date
    issuer: str
    #: the issue date in Chinese, e.g. "2026年11月2日"
    date_line: str
    seal_note: str
    #: the articles of the Measures the document serves
    article: str
    kind: str = ""
    issued_on: dt.date | None = None
    #: when the record was made (UTC); the DOCX's creation time
    created_at: dt.datetime | None = None
    #: a record the office keeps: no red masthead (GB/T 9704-2012 7.2), no seal (7.3.5.2)
    internal: bool = False

    @property
    def masthead(self) -> bool:
        """Whether the red issuing body and red rule head the document (GB/T 9704-2012 7.2): issued ones only."""
        return not self.internal

    @property
    def signature(self) -> SignatureLayout:
        """Where the issuer and the date stand (GB/T 9704-2012 7.3.5)."""
        return signature_layout(self.issuer, self.date_line, sealed=not self.internal)


@dataclass(frozen=True)
class SignatureLayout:
    """The space, in characters of the body text, right of the issuer line and right of the date line."""

    issuer_right: float
    date_right: float
    sealed: bool


def text_width(text: str) -> float:
    """Width of a line in characters: ASCII (the Arabic numerals of a date) is half a character."""
    return sum(0.5 if ord(ch) < 0x80 else 1 for ch in text)


def signature_layout(issuer: str, date_line: str, *, sealed: bool) -> SignatureLayout:
    """Place the issuer (发文机关署名) and the date (成文日期) by GB/T 9704-2012 7.3.5.

    Sealed (7.3.5.1): the date stands four characters from the right; the issuer is centred on the date, so
    its space is four plus half the difference of the two widths. Unsealed (7.3.5.2): the issuer stands two
    characters from the right and the date, under it, begins two characters right of the issuer's first
    character; a date too long for that stands two characters from the right and pushes the issuer left.
    """
    issuer_width, date_width = text_width(issuer), text_width(date_line)
    if sealed:
        return SignatureLayout(issuer_right=max(0.0, 4 + (date_width - issuer_width) / 2), date_right=4.0,
                               sealed=True)
    date_right = 2 + issuer_width - 2 - date_width
    if date_right >= 2:
        return SignatureLayout(issuer_right=2.0, date_right=date_right, sealed=False)
    return SignatureLayout(issuer_right=2 + date_width + 2 - issuer_width, date_right=2.0, sealed=False)


def zh_date(day: dt.date) -> str:
    """Write a date as documents do: 2026年11月2日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_datetime(moment: dt.datetime) -> str:
    """Write an instant in China time: 2026年11月3日9时 or 2026年11月3日14时30分."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TZ)
    minutes = f"{moment.minute}分" if moment.minute else ""
    return f"{zh_date(moment.date())}{moment.hour}时{minutes}"


def readable(value: Any, labels: Mapping[str, str] | None = None) -> str:
    """Turn a recorded value into document text; anything not recorded becomes ``BLANK``."""
    if value is None or isinstance(value, (dict, set)):
        return BLANK
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return zh_datetime(value)
    if isinstance(value, dt.date):
        return zh_date(value)
    if isinstance(value, (list, tuple)):
        parts = [readable(v, labels) for v in value]
        parts = [p for p in parts if p != BLANK]
        return "、".join(parts) if parts else BLANK
    text = str(value).strip()
    if not text:
        return BLANK
    if labels and text in labels:
        return labels[text]
    if _ISO_DATE.match(text):
        try:
            return zh_date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    if _ISO_INSTANT.match(text):
        try:
            return zh_datetime(dt.datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def issuing_body_name(unit: Unit | None) -> str:
    """Return the issuing body's full name for the red header: 中共寿县纪律检查委员会, 县财政局纪检组."""
    if unit is None:
        return BLANK
    name = unit.name.strip()
    if name.startswith("中共") or name.endswith("纪律检查委员会"):
        return name
    if unit.kind == UnitKind.COMMISSION and name.endswith("纪委"):
        return f"中共{name[:-2]}纪律检查委员会"
    if unit.kind == UnitKind.TOWN:
        return f"中共{name}纪律检查委员会"
    return issuer_short_name(unit)


def issuer_short_name(unit: Unit | None) -> str:
    """Return how the body text names the issuing body: 寿县纪委, 正阳关镇纪委, 县财政局纪检组 (第十五条)."""
    if unit is None:
        return BLANK
    name = unit.name.strip()
    if name.endswith(("纪委", "纪检组", "纪律检查委员会")):
        return name
    if unit.kind == UnitKind.TOWN:
        return f"{name}纪委"
    if unit.kind == UnitKind.DEPARTMENT:
        return f"{name}纪检组"
    return name


class _Values(dict):
    """Placeholder values with a blank line for anything not recorded."""

    def __missing__(self, key: str) -> str:
        return BLANK


def _fill(template: str, values: _Values) -> str:
    return string.Formatter().vformat(template, (), values)


def _end_sentence(text: str) -> str:
    """Close a paragraph that ends with a filled-in value the clerk typed without a full stop."""
    stripped = text.rstrip()
    if not stripped or stripped.endswith(_SENTENCE_END):
        return stripped
    return stripped + "。"


def _address(template: DocumentTemplate, recipient: str, subject: str) -> str:
    if not template.addressed:
        return ""
    name = recipient.strip()
    if not name and template.to_subject:
        name = subject
    name = name or BLANK
    if template.to_subject and not name.endswith("同志"):
        name += "同志"
    return f"{name}:"


def compose(
    kind: str,
    *,
    number: str,
    title: str,
    recipient: str,
    issued_on: dt.date,
    issuing_body: str,
    values: Mapping[str, Any],
    created_at: dt.datetime | None = None,
) -> ComposedDocument:
    """Fill the template of ``kind`` with ``values`` (placeholder → value); a missing value prints blank."""
    template = TEMPLATES[kind]
    filled = _Values({name: readable(value) for name, value in values.items()})
    if "issuer" not in values:
        filled["issuer"] = issuing_body
    return ComposedDocument(
        issuing_body=issuing_body, number=number or BLANK, title=title or DOCUMENT_TITLES.get(kind, ""),
        recipient=_address(template, recipient or "", filled["subject"]),
        paragraphs=[_end_sentence(_fill(text, filled)) for text in template.paragraphs],
        table=[(label, _fill(text, filled)) for label, text in template.table],
        closing=list(template.closing), issuer=issuing_body, date_line=zh_date(issued_on) if issued_on else BLANK,
        seal_note="" if template.internal else SEAL_NOTE, article=template.article, kind=kind,
        issued_on=issued_on, created_at=created_at, internal=template.internal,
    )


def compose_document(session: Session, document: Document) -> ComposedDocument:
    """Compose a stored document from its template, its recorded fields and the case at issue time."""
    issuing_unit = session.get(Unit, document.issuing_unit_id)
    return compose(
        document.kind, number=document.number, title=document.title, recipient=document.recipient,
        issued_on=document.issued_on, issuing_body=issuing_body_name(issuing_unit),
        values=document_values(session, document), created_at=document.created_at,
    )


@functools.cache
def _field_labels(form_key: str | None) -> dict[str, dict[str, str]]:
    """Return each choice field's value → Chinese label for a form (empty when the form is unknown)."""
    if not form_key:
        return {}
    try:
        described = forms.describe(form_key)
    except FormInvalid:
        return {}
    return {f.name: dict(f.choices) for f in described.fields if f.choices}


def _display_name(session: Session, user_id: Any) -> str | None:
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    return user.display_name if user is not None else None


def _names(session: Session, ids: Any) -> str | None:
    if not isinstance(ids, list):
        return None
    names = [_display_name(session, i) for i in ids]
    return "、".join(n for n in names if n) or None


def _completed_steps(session: Session, document: Document) -> list[HumanTask]:
    """The case's steps completed up to the one that issued the document, in order."""
    stmt = (select(HumanTask)
            .where(of_case(HumanTask, document.case_id), HumanTask.status == TaskStatus.COMPLETED)
            .order_by(HumanTask.id))
    if document.task_id is not None:
        stmt = stmt.where(HumanTask.id <= document.task_id)
    elif document.created_at is not None:
        stmt = stmt.where(HumanTask.completed_at <= document.created_at)
    return list(session.execute(stmt).scalars())


def _earlier_facts(session: Session, steps: list[HumanTask]) -> dict[str, str]:
    """Facts recorded by earlier steps; a step done twice (e.g. 跟踪整改) keeps its latest non-blank values."""
    facts: dict[str, str] = {}
    for step in steps:
        data = step.submitted or {}
        labels = _field_labels(step.form_key)
        for field_name, placeholder in _EARLIER_FACTS.get(step.bpmn_id, ()):
            text = readable(data.get(field_name), labels.get(field_name))
            if text != BLANK:
                facts[placeholder] = text
        if step.bpmn_id == "draft_talk_plan":
            lead = _display_name(session, data.get("lead_talker_id"))
            if lead:
                facts["lead_talker"] = lead
        date_field = _APPROVAL_DATES.get(step.bpmn_id)
        if date_field and data.get("approval_decision") == "approved" and data.get(date_field):
            facts["approved_on"] = readable(data[date_field])
    return facts


def _signed_opinion(session: Session, step: HumanTask) -> str:
    """One approval as written on a form: decision and opinion, who signed, and when."""
    data = step.submitted or {}
    labels = _field_labels(step.form_key)
    field_name = "extension_decision" if "extension_decision" in data else "approval_decision"
    text = readable(data.get(field_name), labels.get(field_name))
    if data.get("approved_due_date"):
        text += f",延长至{readable(data['approved_due_date'])}"
    opinion = str(data.get("opinion") or step.opinion or "").strip()
    if opinion and opinion.rstrip("。") != text:
        text = f"{text}。{opinion}"
    if step.bpmn_id == "committee_decision":
        signer = f"县纪委常委会研究({readable(data.get('meeting_number'))})"
    else:
        signer = _display_name(session, step.completed_by_id) or BLANK
    return f"{text} {signer} {readable(data.get('decided_on') or data.get('meeting_on'))}"


def _leader_opinion(session: Session, document: Document) -> str | None:
    """The approval written on a form after it was filed: its approving steps until one decides (not a referral)."""
    approving = _APPROVED_BY.get(document.kind)
    if approving is None or document.task_id is None:
        return None
    later = select(HumanTask).where(of_case(HumanTask, document.case_id), HumanTask.id > document.task_id,
                                    HumanTask.bpmn_id.in_(approving), HumanTask.status == TaskStatus.COMPLETED)
    # A form filled again (e.g. after a rejection) is approved on its own sheet, not on this one.
    refiled = session.execute(
        select(Document.task_id).where(of_case(Document, document.case_id), Document.kind == document.kind,
                                       Document.task_id > document.task_id).order_by(Document.task_id).limit(1)
    ).scalar_one_or_none()
    if refiled is not None:
        later = later.where(HumanTask.id < refiled)
    opinions = []
    for step in session.execute(later.order_by(HumanTask.id)).scalars():
        opinions.append(_signed_opinion(session, step))
        if (step.submitted or {}).get("approval_decision") != "refer_committee":
            break
    return ";".join(opinions) or None


def _earlier_documents(session: Session, document: Document, kinds: tuple[str, ...]) -> list[Document]:
    stmt = select(Document).where(of_case(Document, document.case_id), Document.kind.in_(kinds))
    if document.id is not None:
        stmt = stmt.where(Document.id <= document.id)
    return list(session.execute(stmt.order_by(Document.id)).scalars())


def _due_date_at_issue(session: Session, document: Document, case: Case, received: bool) -> Any:
    """The rectification due date in force when the document was issued (第三十条: extensions move it)."""
    if case.original_due_date is None or not received:
        return None
    extensions = [d for d in _earlier_documents(session, document, ("extension_notice",)) if d.id != document.id]
    if extensions:
        return (extensions[-1].fields or {}).get("new_due_date") or case.original_due_date
    return case.original_due_date


def _recorded_fields(session: Session, document: Document, form_key: str | None) -> dict[str, str]:
    """The document's own fields as text: choices labelled, people named, blanks left out."""
    recorded = dict(document.fields or {})
    people = {"lead_talker": _display_name(session, recorded.pop("lead_talker_id", None)),
              "co_talkers": _names(session, recorded.pop("co_talker_ids", None))}
    talkers = _names(session, recorded.pop("talker_ids", None))
    if talkers and not recorded.get("talker_names"):
        people["talker_names"] = talkers
    labels = _field_labels(form_key)
    texts = {name: readable(value, labels.get(name)) for name, value in recorded.items()}
    texts.update({name: value for name, value in people.items() if value})
    return {name: text for name, text in texts.items() if text != BLANK}


def document_values(session: Session, document: Document) -> dict[str, str]:
    """Return the placeholder values of a stored document: the case at issue time, then its own fields."""
    case = session.get(Case, document.case_id)
    cadre = session.get(Cadre, case.cadre_id) if case is not None else None
    clue = session.get(Clue, case.clue_id) if case is not None else None
    cadre_unit = session.get(Unit, cadre.unit_id) if cadre is not None else None
    step = session.get(HumanTask, document.task_id) if document.task_id is not None else None
    steps = _completed_steps(session, document)
    earlier = _earlier_facts(session, steps)
    notices = _earlier_documents(session, document, _NOTICE_KINDS)
    notice = notices[-1] if notices else None
    warning_type = (step.category if step is not None and step.category else None) or (
        case.warning_type if case is not None else None)
    # Without an issuing step (a document entered by hand), the case's present facts are the best we know.
    received = "notice_received_on" in earlier or step is None
    facts: dict[str, Any] = {
        "subject": cadre.name if cadre else None,
        "unit": cadre_unit.name if cadre_unit else None,
        "position": cadre.position_title if cadre else None,
        "position_kind": POSITION_KIND_LABELS.get(cadre.position_kind) if cadre else None,
        "warning_type": WARNING_TYPE_LABELS.get(warning_type) if warning_type else None,
        "case_number": case.number if case else None,
        "clue_number": clue.number if clue else None,
        "clue_summary": clue.summary if clue else None,
        "source_channel": SOURCE_CHANNEL_LABELS.get(clue.source_channel) if clue else None,
        "source_unit": clue.source_unit_name if clue else None,
        "clue_received_on": clue.received_on if clue else None,
        "transfer_form_number": clue.transfer_form_number if clue else None,
        "transferring_body": clue.transferring_body if clue else None,
        "transferred_on": clue.transferred_on if clue else None,
        "problem": clue.summary if clue else None,
        "approved_on": case.approved_on if case else None,
        "talked_on": case.talked_on if case else None,
        "notice_number": notice.number if notice else None,
        "notice_issued_on": notice.issued_on if notice else (case.notice_issued_on if case else None),
        "notice_received_on": case.received_on if case and step is None else None,
        "original_due_date": case.original_due_date if case else None,
        "due_date": _due_date_at_issue(session, document, case, received) if case else None,
        "extension_cap_date": case.extension_cap_date if case else None,
        "leader_opinion": _leader_opinion(session, document),
        "issuer": issuer_short_name(session.get(Unit, document.issuing_unit_id)),
        "blank": None,
    }
    values = dict.fromkeys(COMMON_PLACEHOLDERS, BLANK)
    values.update({name: readable(value) for name, value in facts.items()})
    values.update(earlier)
    form_key = step.form_key if step is not None else TEMPLATES[document.kind].form_key
    values.update(_recorded_fields(session, document, form_key))
    return values


# --- DOCX layout (GB/T 9704-2012) ------------------------------------------------------------------

_RED = RGBColor(0xFF, 0x00, 0x00)
_HEADER_FONT = "方正小标宋简体"
_TITLE_FONT = "方正小标宋简体"
_BODY_FONT = "仿宋_GB2312"
_LABEL_FONT = "黑体"
_PAGE_NUMBER_FONT = "宋体"
#: 三号 (body), 二号 (title), 四号 (tables, page numbers)
_BODY_PT, _TITLE_PT, _SMALL_PT = 16, 22, 14
#: 五号, a many-columned table's text (a register's six columns do not fit 156 mm in 四号)
_TABLE_PT = 10.5
#: the text block is 156 mm wide (GB/T 9704 5.2.2)
_TEXT_WIDTH = Mm(156)
TEXT_WIDTH = _TEXT_WIDTH
#: 22 lines of text on a 225 mm block: a fixed line pitch keeps the grid whatever the font
_LINE_PITCH = Pt(28.95)


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _set_fonts(run_or_style_font_owner: Any, name: str) -> None:
    """Name the font for Latin and East Asian text: without ``w:eastAsia`` Word sets Chinese in a fallback."""
    rpr = run_or_style_font_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False,
         color: RGBColor | None = None) -> Any:
    run = paragraph.add_run(_clean(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _set_fonts(run, font)
    return run


def _paragraph(doc: Any, text: str = "", *, font: str = _BODY_FONT, size: float = _BODY_PT,
               align: Any = None, indent: bool = False, bold: bool = False, color: RGBColor | None = None,
               before: float = 0, after: float = 0, line: Length | None = _LINE_PITCH,
               right_indent: Length | None = None) -> Any:
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if right_indent is not None:
        fmt.right_indent = right_indent
    if indent:
        # Two characters, the first-line indent of every body paragraph; firstLineChars keeps it two
        # characters if the reader changes the font size.
        fmt.first_line_indent = Pt(size * 2)
        paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    if text:
        _run(paragraph, text, font, size, bold=bold, color=color)
    return paragraph


def _red_rule(paragraph: Any) -> None:
    """Draw the red separator under the number (版头分隔线) as the paragraph's bottom border."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # CT_PPr's children have a fixed order; Word rejects a pBdr after spacing or jc.
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                              "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _table_borders(table: Any) -> None:
    """Give a form's table visible single borders, whatever the reader's default table style."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(key), value)
        borders.append(line)
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _page_number(footer: Any, *, odd: bool) -> None:
    """Put "— n —" in a footer (GB/T 9704-2012 7.5): 4号 half-width 宋体 Arabic numerals between two dashes,
    an odd page's at the right with one character's space, an even page's at the left with one."""
    paragraph = footer.paragraphs[0]
    fmt = paragraph.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    # One character of the body text (三号), the unit GB/T 9704 measures its spaces in.
    if odd:
        fmt.right_indent = Pt(_BODY_PT)
    else:
        fmt.left_indent = Pt(_BODY_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(_SMALL_PT)
    _run(paragraph, "— ", _PAGE_NUMBER_FONT, _SMALL_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    # The field's cached result is a run in the same font; Word replaces it with the page number.
    field.append(_run(paragraph, "1", _PAGE_NUMBER_FONT, _SMALL_PT)._r)
    paragraph._p.append(field)
    _run(paragraph, " —", _PAGE_NUMBER_FONT, _SMALL_PT)


def _created(composed: ComposedDocument) -> dt.datetime:
    moment = composed.created_at
    if moment is None:
        day = composed.issued_on or dt.date(1970, 1, 1)
        moment = dt.datetime.combine(day, dt.time(0, 0), tzinfo=LOCAL_TZ)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    # python-docx writes the time with a "Z" without converting it.
    return moment.astimezone(UTC)


def new_document(*, author: str, title: str, subject: str, created: dt.datetime) -> Any:
    """Start a DOCX in the GB/T 9704-2012 page: A4, its margins, 仿宋_GB2312 三号 body, odd/even footers.

    Shared by every regulation's documents (the Measures' here, the risk register's in
    processes/risk_points/documents_register.py); ``finish_document`` adds the page numbers and saves it.
    """
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number's line sits 7 mm under the text block (GB/T 9704-2012 7.5): the footer's bottom edge is
    # the bottom margin less those 7 mm and one 4号 line.
    section.footer_distance = Mm(35 - 7) - Pt(_SMALL_PT)
    # Odd and even pages have their own footer, so the number sits on the outer side (7.5).
    doc.settings.odd_and_even_pages_header_footer = True

    normal = doc.styles["Normal"]
    normal.font.size = Pt(_BODY_PT)
    _set_fonts(normal, _BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)

    props = doc.core_properties
    # Only the issuing body: no clerk's name, no tool's comment in the file's metadata.
    props.author = props.last_modified_by = author[:255]
    props.title = _clean(title)[:255]
    props.subject = _clean(subject)[:255]
    props.comments = props.keywords = props.category = ""
    props.created = props.modified = created
    props.revision = 1
    return doc


def add_masthead(doc: Any, issuing_body: str, number: str, title: str) -> None:
    """The masthead (版头, GB/T 9704-2012 7.2) of a document issued outward: the issuing body in red, at most
    the 156 mm text width (7.2.3), the number, the red rule (7.2.5), then the title."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    header_pt = min(36.0, 442.0 / max(text_width(issuing_body), 1))
    _paragraph(doc, issuing_body, font=_HEADER_FONT, size=header_pt, align=center, bold=True, color=_RED,
               line=None)
    number_line = _paragraph(doc, number, align=center, before=24)
    _red_rule(number_line)
    _paragraph(doc, title, font=_TITLE_FONT, size=_TITLE_PT, align=center, before=28, after=14, line=Pt(36))


def add_record_title(doc: Any, title: str, number: str) -> None:
    """A record the office keeps is no 公文 issued outward (GB/T 9704-2012 7.2): no red masthead, its title
    first and its number (or year) in black at the right."""
    _paragraph(doc, title, font=_TITLE_FONT, size=_TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, line=Pt(36))
    _paragraph(doc, number, size=_SMALL_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, after=8)


def add_body_paragraph(doc: Any, text: str) -> None:
    """A body paragraph: justified, its first line indented two characters."""
    _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)


def add_grid_table(doc: Any, headers: list[str], rows: list[list[str]], widths: list[Length], *,
                   size: float = _TABLE_PT) -> Any:
    """A table with visible borders across the text width: a 黑体 header row, then 仿宋 rows."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, label, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], label, _LABEL_FONT, size)
    for values in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _run(cell.paragraphs[0], value, _BODY_FONT, size)
    return table


def add_signature(doc: Any, issuer: str, date_line: str, *, sealed: bool, seal_note: str = "") -> None:
    """The issuer and the date (GB/T 9704-2012 7.3.5), with room for the seal above them when sealed."""
    layout = signature_layout(issuer, date_line, sealed=sealed)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    # The seal presses over the issuer and the date, its top within a line of the text (7.3.5.1): room for it.
    for _ in range(3 if layout.sealed else 1):
        _paragraph(doc)
    # GB/T 9704-2012 7.3.5: the spaces right of the issuer and of the date, in characters of the body text.
    _paragraph(doc, issuer, align=right, right_indent=Pt(_BODY_PT * layout.issuer_right))
    _paragraph(doc, date_line, align=right, right_indent=Pt(_BODY_PT * layout.date_right))
    if seal_note:
        _paragraph(doc, seal_note, size=12, align=right, right_indent=Pt(_BODY_PT * layout.date_right))


def finish_document(doc: Any) -> bytes:
    """Put the page numbers in (GB/T 9704-2012 7.5) and return the DOCX bytes."""
    section = doc.sections[0]
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_docx(composed: ComposedDocument) -> bytes:
    """Lay a composed document out as DOCX bytes: A4, GB/T 9704 margins, red header, 仿宋_GB2312 三号 body."""
    doc = new_document(author=composed.issuing_body, title=composed.title, subject=composed.number,
                       created=_created(composed))
    center = WD_ALIGN_PARAGRAPH.CENTER
    if composed.masthead:
        add_masthead(doc, composed.issuing_body, composed.number, composed.title)
    else:
        add_record_title(doc, composed.title, composed.number)
    if composed.recipient:
        _paragraph(doc, composed.recipient)
    for text in composed.paragraphs:
        add_body_paragraph(doc, text)
    if composed.table:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_borders(table)
        widths = (Mm(40), _TEXT_WIDTH - Mm(40))
        # A fixed layout takes the grid's widths; the cells' widths are for readers that ignore the grid.
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for label, value in composed.table:
            cells = table.add_row().cells
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _run(cells[0].paragraphs[0], label, _LABEL_FONT, _SMALL_PT)
            cells[0].paragraphs[0].alignment = center
            _run(cells[1].paragraphs[0], value, _BODY_FONT, _SMALL_PT)
    for text in composed.closing:
        _paragraph(doc, text, indent=True)
    add_signature(doc, composed.issuer, composed.date_line, sealed=not composed.internal,
                  seal_note=composed.seal_note)
    return finish_document(doc)
