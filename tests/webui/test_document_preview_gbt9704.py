"""The document preview lays a document out as its DOCX does (GB/T 9704-2012, issue 15 "Documents"):

- 7.2: the red masthead (issuing body, number over the red rule) heads only what is issued outward; the talk
  record, a record the office keeps, starts with its title;
- 7.3.5: a sealed document's issuer and date (7.3.5.1) against an unsealed record's (7.3.5.2), with the seal
  note only where a seal goes;
- 第二十二条(二)4: the talk record's recorder, as the DOCX prints it.
"""
from __future__ import annotations

import io
import re

import docx
from lxml import html
from sqlalchemy import select

from engine.models import Document
from processes.measures.document_wording import TEMPLATES
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from webui import extensions


def _documents(page_app, case_id: int) -> dict[str, int]:
    with page_app.app_context(), extensions.session_factory()() as session:
        rows = session.execute(select(Document).where(Document.subject_id == case_id)).scalars()
        return {row.kind: row.id for row in rows}


def _preview(client, document_id: int):
    response = client.get(f"/documents/{document_id}")
    assert response.status_code == 200
    (article,) = html.fromstring(response.data).xpath("//article[contains(@class, 'lj-doc-preview')]")
    return article


def _docx_table(client, document_id: int) -> dict[str, str]:
    opened = docx.Document(io.BytesIO(client.get(f"/documents/{document_id}.docx").data))
    return {row.cells[0].text: row.cells[1].text for row in opened.tables[0].rows}


def _classes(node) -> set[str]:
    return set((node.get("class") or "").split())


def test_the_preview_shows_the_masthead_signature_and_recorder_as_the_docx_does(
        browser, page_app, correction_case):  # noqa: F811
    clerk = browser("wang.clerk")
    documents = _documents(page_app, correction_case.case_id)
    assert {"talk_record", "correction_notice"} <= set(documents)

    notice = _preview(clerk, documents["correction_notice"])
    # 7.2: an issued notice keeps its red masthead: the issuing body, then the number over the red rule.
    assert notice.xpath(".//*[contains(@class, 'lj-doc-issuer')]")[0].text_content() == "中共寿县纪律检查委员会"
    (number,) = notice.xpath(".//*[contains(@class, 'lj-doc-number')]")
    assert "lj-doc-rule" in _classes(number) and re.fullmatch(r".+〔2026〕\d+号", number.text_content())
    # 7.3.5.1: sealed; the date in Arabic numerals, the seal note after it.
    (sign,) = notice.xpath(".//*[contains(@class, 'lj-doc-sign ')]")
    assert "lj-doc-sealed" in _classes(sign)
    assert re.fullmatch(r"2026年\d{1,2}月\d{1,2}日",
                        sign.xpath(".//*[@class='lj-doc-sign-date']")[0].text_content())
    assert sign.xpath(".//*[contains(@class, 'lj-doc-seal-note')]")[0].text_content() == "(盖章)"

    record = _preview(clerk, documents["talk_record"])
    assert TEMPLATES["talk_record"].internal
    # 7.2: the talk record is the office's own: no masthead, no red rule, the title first.
    assert not record.xpath(".//*[contains(@class, 'lj-doc-issuer') or contains(@class, 'lj-doc-rule')]")
    first = record.xpath("./*")[0]
    assert "lj-doc-title" in _classes(first) and first.text_content() == "谈话记录"
    # 7.3.5.2: unsealed, no seal note.
    (sign,) = record.xpath(".//*[contains(@class, 'lj-doc-sign ')]")
    assert "lj-doc-unsealed" in _classes(sign) and not sign.xpath(".//*[contains(@class, 'lj-doc-seal-note')]")
    # 第二十二条(二)4: the recorder, in the preview as in the DOCX.
    rows = {tr.xpath("./th")[0].text_content(): tr.xpath("./td")[0].text_content() for tr in record.xpath(".//tr")}
    assert rows["记录人"] == "王晓" == _docx_table(clerk, documents["talk_record"])["记录人"]
