"""The decision table editor's Content-Security-Policy: the pages' policy plus dmn-js's own inline styles.

dmn-js 17 builds its bpmn.io logo and the logo's lightbox from HTML strings carrying ``style="..."``
attributes, which the pages' ``default-src 'self'`` refuses (bpmn-js sets the same styles through the DOM
instead). The logo must stay visible (bpmn.io licence), and ``'unsafe-inline'`` would let any injected style
through, so the editor page allows exactly these attribute values by hash (CSP 3 ``'unsafe-hashes'``).
tests/webui/test_pages_decisions.py recomputes the list from the vendored file: upgrading dmn-js with new
inline styles fails there, not silently in the browser.

A rule's cell is edited in CodeMirror 6, whose style-mod puts its theme into a ``<style>`` element it rewrites
as editors come and go (no fixed text, so no hash can allow it). CodeMirror's own answer is a nonce
(``EditorView.cspNonce``), but dmn-js 17 builds its FEEL editors with fixed extensions and passes none. The
editor page therefore gets a fresh style nonce per response, and decision_designer.js stamps exactly the
``<style>`` elements that scripts create on that page with it (what ``cspNonce`` would do). A ``<style>``
smuggled into the page as markup carries no nonce and stays refused; scripts stay ``'self'`` only.
"""
from __future__ import annotations

import base64
import hashlib
import secrets

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


_STYLE_HASHES = " ".join(style_hash(value) for value in DMN_JS_INLINE_STYLES)


def new_style_nonce() -> str:
    """Return a fresh, unguessable nonce for one response of the editor page (128 bits)."""
    return secrets.token_urlsafe(16)


def decision_editor_csp(style_nonce: str) -> str:
    """Return the editor page's policy: the pages' policy, dmn-js's logo styles by hash, CodeMirror's by nonce."""
    return f"{PAGE_CSP}; style-src 'self' 'nonce-{style_nonce}' 'unsafe-hashes' {_STYLE_HASHES}"
