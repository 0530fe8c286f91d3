"""The hardened XML loader (SECURITY.md 18): DTDs, entities, size, encoding, and the single entry point."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from engine.bpmn import loader
from engine.bpmn.loader import MAX_BPMN_BYTES
from engine.bpmn.loader import parse_xml
from engine.bpmn.specs import parse_bundle
from engine.errors import DefinitionRejected

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "bpmn"
HOSTILE = DATA / "hostile"
GOOD = DATA / "good"

DTD_FIXTURES = [
    "billion_laughs.bpmn",
    "xxe_file_entity.bpmn",
    "xxe_http_entity.bpmn",
    "internal_entity.bpmn",
    "parameter_entity.bpmn",
    "bare_doctype.bpmn",
]

SMALL = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
         b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"/>')


def test_good_diagram_parses_to_its_root_element():
    root = parse_xml((GOOD / "minimal.bpmn").read_bytes(), filename="minimal.bpmn")
    assert root.tag == "{http://www.omg.org/spec/BPMN/20100524/MODEL}definitions"
    assert root.get("id") == "minimal_definitions"


@pytest.mark.parametrize("name", DTD_FIXTURES)
def test_dtd_fixtures_are_rejected_before_parsing(name):
    with pytest.raises(DefinitionRejected) as info:
        parse_xml((HOSTILE / name).read_bytes(), filename=name)
    assert info.value.code == "xml_doctype"
    assert info.value.message_zh == "流程定义不得包含DOCTYPE或实体声明"
    assert info.value.details["file"] == name


@pytest.mark.parametrize("name", DTD_FIXTURES)
def test_dtd_fixtures_are_rejected_through_parse_bundle(name):
    with pytest.raises(DefinitionRejected):
        parse_bundle({name: (HOSTILE / name).read_bytes()})


@pytest.mark.parametrize("name", DTD_FIXTURES)
def test_parser_and_docinfo_check_hold_without_the_byte_precheck(monkeypatch, name):
    """Defence in depth: with the raw-bytes check disabled, the parser and docinfo check still refuse."""
    monkeypatch.setattr(loader, "_precheck", lambda data, filename: None)
    started = time.perf_counter()
    with pytest.raises(DefinitionRejected) as info:
        parse_xml((HOSTILE / name).read_bytes(), filename=name)
    assert time.perf_counter() - started < 1.0
    assert info.value.code in {"xml_doctype", "xml_entity", "xml_malformed"}
    assert re.search(r"[\u4e00-\u9fff]", info.value.message_zh)


@pytest.mark.parametrize("prefix", [b"<!doctype x>", b"<!DOCTYPE  x>", b"<! ENTITY x 'y'>"])
def test_doctype_spellings_are_refused(prefix):
    with pytest.raises(DefinitionRejected) as info:
        parse_xml(prefix + SMALL.split(b"\n", 1)[1])
    assert info.value.code == "xml_doctype"


def test_entity_reference_without_declaration_is_rejected_not_expanded():
    body = b'id="d"><bpmn:documentation>&xxe;</bpmn:documentation></bpmn:definitions>'
    data = SMALL.replace(b'id="d"/>', body)
    with pytest.raises(DefinitionRejected) as info:
        parse_xml(data)
    assert info.value.code == "xml_malformed"


def test_size_cap():
    padding = b" " * (MAX_BPMN_BYTES + 1 - len(SMALL))
    with pytest.raises(DefinitionRejected) as info:
        parse_xml(SMALL + padding)
    assert info.value.code == "xml_too_large"
    assert parse_xml(SMALL + padding[:-1]) is not None  # exactly at the cap is fine


@pytest.mark.parametrize("data, code", [
    (b"", "xml_empty"),
    (b"<bpmn:definitions", "xml_malformed"),
    (b"not xml at all", "xml_malformed"),
    (b"<a><b></a>", "xml_malformed"),
    (SMALL.decode().replace("UTF-8", "UTF-16").encode("utf-16"), "xml_encoding"),
])
def test_malformed_input_becomes_definition_rejected(data, code):
    with pytest.raises(DefinitionRejected) as info:
        parse_xml(data, filename="bad.bpmn")
    assert info.value.code == code
    assert info.value.__cause__ is None  # never a raw lxml exception, not even chained
    assert re.search(r"[\u4e00-\u9fff]", info.value.message_zh)


def test_non_bytes_input_is_rejected():
    with pytest.raises(DefinitionRejected):
        parse_xml(SMALL.decode())  # type: ignore[arg-type]


def test_processing_instructions_are_dropped():
    data = SMALL.replace(b'id="d"/>', b'id="d"><?evil payload?></bpmn:definitions>')
    root = parse_xml(data)
    assert len(root) == 0


# --- the single entry point (meta-test) ------------------------------------------------------------

FORBIDDEN_XML_CALLS = re.compile(r"etree\.parse\(|etree\.fromstring\(|XMLParser\(|add_bpmn_file|add_bpmn_str")


def test_only_the_loader_parses_xml():
    loader_path = ROOT / "engine" / "bpmn" / "loader.py"
    offenders = []
    for package in ("engine", "webui", "forms"):
        base = ROOT / package
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            if path == loader_path:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN_XML_CALLS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "XML must be parsed only by engine/bpmn/loader.py:\n" + "\n".join(offenders)


def test_the_loader_itself_builds_the_hardened_parser():
    source = (ROOT / "engine" / "bpmn" / "loader.py").read_text(encoding="utf-8")
    for option in ("resolve_entities=False", "no_network=True", "load_dtd=False", "dtd_validation=False",
                   "huge_tree=False", "remove_pis=True", "attribute_defaults=False"):
        assert option in source
