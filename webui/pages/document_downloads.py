"""Official documents (文书): a print-friendly preview and the DOCX download; attachments' download."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response
from flask import g
from flask import render_template

from engine.document_numbers import load_document_for
from engine.operations.attachments import load_attachment_for
from processes.measures.rendering import compose_document
from processes.measures.rendering import render_docx
from webui.extensions import db
from webui.pages.auth import page

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment_disposition(filename: str, *, inline: bool = False) -> str:
    """Return a Content-Disposition that keeps a Chinese file name (RFC 6266 ``filename*``)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "file"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@page
def preview_document(document_id: int):
    """Show a document as it prints: issuing body, number, title, recipient, body, issuer, date."""
    document = load_document_for(db.session, g.user, document_id)
    return render_template("pages/document.html", document=document,
                           composed=compose_document(db.session, document))


@page
def download_document(document_id: int):
    """Download the document as a DOCX in formal layout."""
    document = load_document_for(db.session, g.user, document_id)
    content = render_docx(compose_document(db.session, document))
    filename = f"{document.title}-{document.number}.docx"
    return Response(content, mimetype=DOCX_MIMETYPE,
                    headers={"Content-Disposition": attachment_disposition(filename)})


@page
def download_attachment(attachment_id: int):
    """Download an attachment of a case the user may read (always as a download, never rendered inline)."""
    row = load_attachment_for(db.session, g.user, attachment_id)
    return Response(row.content, mimetype=row.content_type,
                    headers={"Content-Disposition": attachment_disposition(row.filename)})
