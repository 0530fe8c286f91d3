"""The one hardened XML entry point of the project (SECURITY.md 18, SPIFFWORKFLOW.md §6).

Every BPMN (or DMN) document is parsed here and nowhere else: a meta-test fails if another module of
``engine/``, ``webui/`` or ``forms/`` builds an XML parser or hands raw text to SpiffWorkflow.

Defences, in order:
1. a size cap (``MAX_BPMN_BYTES``) and a refusal of non-UTF-8-compatible encodings (NUL bytes), so the
   byte-level checks below see the markup as it will be parsed;
2. a refusal of any ``<!DOCTYPE`` or ``<!ENTITY`` in the raw bytes, before libxml2 sees them;
3. an lxml parser that resolves no entities, loads no DTD, uses no network and keeps no processing
   instructions, with libxml2's default (non-huge) limits;
4. after parsing, a second refusal if the document info shows any DTD, or the tree holds entity nodes.

Every failure becomes :class:`engine.errors.DefinitionRejected` with a Chinese message; raw lxml
exceptions never leave this module.
"""
from __future__ import annotations

import re

from lxml import etree

from engine.errors import DefinitionRejected

MAX_BPMN_BYTES = 2_000_000

_DTD_MARKERS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _make_parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        attribute_defaults=False,
    )


def _reject(message_zh: str, filename: str, code: str, detail: str | None = None) -> DefinitionRejected:
    details = {"file": filename}
    if detail:
        details["detail"] = detail[:500]
    return DefinitionRejected(message_zh, details=details, code=code)


def _precheck(data: bytes, filename: str) -> None:
    """Refuse oversized, non-UTF-8-compatible or DTD-bearing input before any parsing."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise _reject("流程定义必须以字节形式提交", filename, "xml_not_bytes")
    if len(data) == 0:
        raise _reject("流程定义文件为空", filename, "xml_empty")
    if len(data) > MAX_BPMN_BYTES:
        raise _reject(f"流程定义文件过大(上限{MAX_BPMN_BYTES}字节)", filename, "xml_too_large")
    raw = bytes(data)
    if b"\x00" in raw:
        # UTF-16/32 (and friends) would hide the markup from the byte-level DTD check.
        raise _reject("流程定义须使用UTF-8编码", filename, "xml_encoding")
    if _DTD_MARKERS.search(raw):
        raise _reject("流程定义不得包含DOCTYPE或实体声明", filename, "xml_doctype")


def _postcheck(root: etree._Element, filename: str) -> None:
    """Refuse a parsed document that carries any DTD or entity node (defence in depth)."""
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None \
            or info.system_url or info.public_id:
        raise _reject("流程定义不得包含DOCTYPE或实体声明", filename, "xml_doctype")
    if next(root.iter(etree.Entity), None) is not None:
        raise _reject("流程定义不得包含DOCTYPE或实体声明", filename, "xml_entity")


def parse_xml(data: bytes, *, filename: str = "upload.bpmn") -> etree._Element:
    """Parse untrusted BPMN/DMN bytes with every XML defence on; return the root element.

    Raises :class:`DefinitionRejected` (never an lxml exception) on any problem.
    """
    _precheck(data, filename)
    try:
        root = etree.fromstring(bytes(data), _make_parser())
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        where = f"(第{line}行)" if line else ""
        raise _reject(f"流程定义不是格式正确的XML{where}", filename, "xml_malformed", str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - any parser failure is a rejected upload, never a 500
        detail = f"{type(exc).__name__}: {exc}"
        raise _reject("流程定义无法解析为XML", filename, "xml_malformed", detail) from None
    if root is None:
        raise _reject("流程定义无法解析为XML", filename, "xml_malformed")
    _postcheck(root, filename)
    return root
