"""The engine is a library that knows no web framework (STYLE rule 6) and no regulation (issue 11 §1).

A regulation is a package under ``processes/`` that registers itself (engine/registry.py); the engine never
imports one and never names one of its concepts. The engine modules that still hold the Measures' code are
listed in ``NOT_YET_CUT`` with why; the list only shrinks: a listed module found clean fails too.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from processes.measures.effects import EFFECTS

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
FORBIDDEN = ("flask", "flask_login", "flask_sqlalchemy", "flask_wtf", "webui")
#: every regulation package (a folder of processes/ with an __init__.py)
REGULATIONS = ("processes", *sorted(f"processes.{p.name}" for p in (ROOT / "processes").iterdir()
                                    if (p / "__init__.py").exists()))

#: The Measures' words: their subject and its parts, the warning type, the effects their diagrams name (as strings), and
#: their articles (第N条 other than the Civil Code's period rules, which are generic: DOMAIN.md §2).
MEASURES_WORDS = re.compile("|".join([
    r"\bwarning_case\b", r"\bCase\b", r"\bClue\b", r"\bwarning_type\b", r"\bWarningType\b", r"models\.cases",
    *(rf"[\"']{name}[\"']" for name in sorted(EFFECTS)),  # named as a diagram names them: a string
    r"(?<!民法典》)第[一二三四五六七八九十百零至、–]+条",
]))

#: Engine modules that still hold the Measures' code, and what moves them out (issue 11 §1, step by step).
NOT_YET_CUT: dict[str, str] = {
    "deadlines.py": "REPLY_PERIODS and START_PERIOD are the Measures' lengths; the Civil Code counting stays",
    "document_numbers.py": "DOCUMENT_TITLES and documents_of(case_id): titles to the Measures, documents by subject",
    "models/__init__.py": "imports models/cases.py until the Case model moves to processes/measures/",
    "models/cases.py": "Case, Clue, Restriction, IntegrityFileEntry: to processes/measures/ with revision 0007",
    "models/instances.py": "row.case_id for the audit chain's case column, until the audit names a generic subject",
    "models/people.py": "Cadre.position_kind names the Measures' positions (第二十条)",
    "overdue.py": "one overdue rule over the Case columns and the steps' due dates (issue 14 §4): moves with Case",
    "operations/cadres.py": "the cadre roster cites 第三、十四、三十四条 (management authority)",
    "operations/oversight.py": "the supervisor's actions on cases",
    "operations/organisation.py": "the organisation workbook links accounts to cadres (第三、十四、三十三条)",
    "operations/user_cadres.py": "linking an account to its cadre record keeps a subject off their case (第三十三条)",
    "permissions.py": "who may read a case (第三十三条): a subject's visibility through its adapter",
    "queries.py": "case lists and restrictions beside the generic inbox",
    "spreadsheets.py": "the ledger export (一案一例台帐, 第二十六条): to processes/measures/",
    "supervision_queries.py": "the supervisor's case statistics: to processes/measures/",
    "vocabulary.py": "the Measures' roles, stages, types and due rules: to processes/measures/vocabulary.py",
}

MODULES = sorted(p for p in ENGINE.rglob("*.py") if "migrations" not in p.parts)


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _name(path: Path) -> str:
    return str(path.relative_to(ENGINE))


@pytest.mark.parametrize("path", sorted(ENGINE.rglob("*.py")), ids=_name)
def test_engine_module_imports_no_web_framework(path: Path):
    for name in _imports(path):
        assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_engine_module_imports_no_regulation(path: Path):
    for name in _imports(path):
        assert not any(name == r or name.startswith(f"{r}.") for r in REGULATIONS), f"{_name(path)} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_engine_module_names_no_concept_of_the_measures(path: Path):
    found = sorted({m.group(0) for m in MEASURES_WORDS.finditer(path.read_text(encoding="utf-8"))})
    if _name(path) in NOT_YET_CUT:
        assert found, f"{_name(path)} is clean now: take it off NOT_YET_CUT"
    else:
        assert not found, f"{_name(path)} names the Measures' {found}: move that code to processes/measures/"


def test_the_not_yet_cut_list_names_only_engine_modules():
    assert set(NOT_YET_CUT) <= {_name(p) for p in MODULES}
