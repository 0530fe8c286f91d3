"""The decision table editor's Content-Security-Policy: the pages' policy plus dmn-js's own inline styles.

dmn-js 17 builds its bpmn.io logo and the logo's lightbox from HTML strings carrying ``style="..."``
attributes, which the pages' ``default-src 'self'`` refuses (bpmn-js sets the same styles through the DOM
instead). The logo must stay visible (bpmn.io licence), and ``'unsafe-inline'`` would let any injected style
through, so the editor page allows exactly these attribute values by hash (CSP 3 ``'unsafe-hashes'``).
tests/webui/test_pages_decisions.py recomputes the list from the vendored file: upgrading dmn-js with new
inline styles fails there, not silently in the browser.
"""
from __future__ import annotations

import base64
import hashlib

from webui import PAGE_CSP

#: every ``style`` attribute value dmn-modeler.production.min.js 17.10.2 writes into HTML it parses
DMN_JS_INLINE_STYLES = (
    "vertical-align:middle",
    "position: absolute; bottom: 15px; right: 15px; z-index: 100;",
    "margin: 15px 20px 15px 10px; align-self: center;",
    "\n          visibility: hidden;\n          position: fixed;\n          top: -10000px\n      ",
    "z-index: 1001;position: fixed;top: 0;left: 0;right: 0;bottom: 0",
    "width: 100%;height: 100%;background: rgba(40,40,40,0.2)",
    "position: absolute;left: 50%;top: 40%;transform: translate(-50%);width: 260px;padding: 10px;"
    "background: white;box-shadow: 0 1px 4px rgba(0,0,0,0.3);font-family: Helvetica, Arial, sans-serif;"
    "font-size: 14px;display: flex;line-height: 1.3",
)


def style_hash(value: str) -> str:
    """Return the CSP source expression of one inline style value."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(value.encode("utf-8")).digest()).decode("ascii") + "'"


DECISION_EDITOR_CSP = (f"{PAGE_CSP}; style-src 'self' 'unsafe-hashes' "
                       + " ".join(style_hash(value) for value in DMN_JS_INLINE_STYLES))
