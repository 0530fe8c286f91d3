"""The conformance walk grows with the diagram, not with the combinations of its decisions (issue 11 §5).

The diagram is the benchmark's (bench/designer_check.py): the shipped warning_case with blocks of a
screening step, a decision on one of six choices in turn, two branches and a merge. Before the walk forgot
values no later condition reads, each block multiplied the states after it; now each adds the same number.
Counted, never timed (the time is measured by ``python -m bench``).
"""
from __future__ import annotations

from bench.designer_check import grown_warning_case
from engine.bpmn.loader import parse_xml
from processes.measures import conformance


def _walk(blocks: int) -> conformance._Walk:
    root = parse_xml(grown_warning_case(blocks=blocks), filename="warning_case.bpmn")
    checked = conformance._processes_of(root)
    processes = {}
    for pid, library_root in conformance.shipped_library().items():
        processes.update({k: v for k, v in conformance._processes_of(library_root).items() if k == pid})
    processes.update(checked)
    walk = conformance._Walk(processes)
    walk.run(conformance._roots(processes, set(checked)))
    return walk


def test_each_decision_block_adds_the_same_number_of_states():
    counts = [len(_walk(blocks).parents) for blocks in (6, 12, 18)]
    assert counts[2] - counts[1] == counts[1] - counts[0] > 0


def test_a_value_is_forgotten_once_no_condition_can_read_it_and_kept_while_one_can():
    walk = _walk(6)
    # the block's own gateway reads its choice ...
    assert "handover_kind" in walk.live[("warning_case", "b2_gw")]
    # ... which no condition reads again before the next handover form overwrites it
    assert "handover_kind" not in walk.live[("warning_case", "b2_merge")]
    # the warning type is what 第十七条's rules read wherever a token is
    assert all("warning_type" in names for names in walk.live.values())
    # the routing of 第十四条: read by the gateway after screening, written by the screening itself
    assert "routing" in walk.live[("warning_case", "gw_routing")]
    assert "routing" not in walk.live[("warning_case", "screen_clue")]


def test_the_grown_diagram_passes_every_rule_it_passed_before():
    assert conformance.check_conformance(parse_xml(grown_warning_case(blocks=12), filename="warning_case.bpmn")) == []
