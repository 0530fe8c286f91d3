"""Diagram XML leaves the site as a file to save, never as a page to render (issue 14 §3.14).

A draft is whatever its author uploaded; served inline as XML, a browser would render it on this origin
(an XML document may carry XHTML and script). As an attachment with ``nosniff`` it is only ever saved; the
modeler's script still reads it with ``fetch``.
"""
from __future__ import annotations

from flask import Response

from webui.pages.document_downloads import attachment_disposition


def xml_download(xml: str, filename: str) -> Response:
    """Return BPMN XML as a download that no cache keeps."""
    return Response(xml, mimetype="application/xml", headers={
        "Content-Disposition": attachment_disposition(filename), "Cache-Control": "no-store"})
