"""The designer's check is the engine's (engine/design_rules.py); the rules are the regulations' (issue 11 §1).

The engine runs deploy validation and then whatever rules the registered regulations declare
(``Regulation.conformance``, ``REGISTRY.conformance_rules()``), never one regulation's rules by name: a rule a
regulation registers is run with the draft and the deployed library, and a rule nobody registered is not run,
even the Measures' 第十七条 approval rule.
"""
from __future__ import annotations

import pytest

from engine import design_rules
from engine.bpmn.loader import parse_xml
from engine.db import unit_of_work
from engine.design_rules import Problem
from engine.design_rules import check_with_context
from engine.design_rules import design_context
from engine.design_rules import shipped_library
from engine.registry import REGISTRY
from engine.registry import Registry
from engine.registry import Regulation
from engine.registry import Vocabulary
from tests.engine.test_conformance import edited
from tests.engine.test_conformance import source

#: the shipped approval process with the ordered correction's approval by the secretary skipped (第十七条)
SKIPPED = ('sourceRef="gw_warning_type" targetRef="approve_correction"',
           'sourceRef="gw_warning_type" targetRef="gw_party_chief"')


class _Recorder:
    """A regulation's rule that asks each draft for a name (a test regulation's own wording rule)."""

    def __init__(self) -> None:
        self.libraries: list[set[str]] = []

    def __call__(self, root, *, library=None) -> list[Problem]:
        self.libraries.append(set(library or ()))
        return [Problem(p.get("id"), "process_name_missing", "测试条款", f"流程“{p.get('id')}”须有名称")
                for p in root.iter(f"{{{design_rules.BPMN_NS}}}process") if p.get("name") != "须命名"]


@pytest.fixture()
def naming_rule():
    rule = _Recorder()
    regulation = Regulation(name="naming_test", label_zh="命名规则(测试)", vocabulary=Vocabulary(),
                            conformance=(rule,))
    REGISTRY.register(regulation)
    yield rule
    REGISTRY.unregister(regulation.name)


def test_a_registered_regulations_rule_runs_on_the_draft_with_the_deployed_library(world, naming_rule):
    with unit_of_work(world.factory) as session:
        context = design_context(session)

    problems = check_with_context(context, "warning_approval.bpmn", source("warning_approval").encode("utf-8"))

    assert [(p.code, p.element_id, p.article) for p in problems] == [
        ("process_name_missing", "warning_approval", "测试条款")]
    assert {"warning_case", "warning_approval", "info_monthly_report"} <= naming_rule.libraries[0]


def test_the_measures_rules_run_because_they_are_registered_第十七条(world):
    with unit_of_work(world.factory) as session:
        context = design_context(session)
    data = edited("warning_approval", SKIPPED).encode("utf-8")

    registered = check_with_context(context, "warning_approval.bpmn", data)
    assert any(p.code == "approval_skipped" and p.article == "第十七条" for p in registered)

    # a registry without the Measures (only a test regulation's rule): the engine runs no rule of theirs
    alone = Registry()
    alone.register(Regulation(name="naming_test", label_zh="命名规则(测试)", vocabulary=Vocabulary(),
                              conformance=(_Recorder(),)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(design_rules, "REGISTRY", alone)
        unregistered = check_with_context(context, "warning_approval.bpmn", data)
    assert [p.code for p in unregistered] == ["process_name_missing"]


def test_the_library_holds_every_registered_regulations_shipped_diagrams():
    library = shipped_library()
    shipped = {p.get("id") for regulation in REGISTRY.regulations() if regulation.diagrams
               for path in regulation.diagrams.glob("*.bpmn")
               for p in parse_xml(path.read_bytes()).iter(f"{{{design_rules.BPMN_NS}}}process")}

    assert {"warning_case", "warning_execution", "info_monthly_report"} <= shipped
    assert set(library) == shipped
