"""The Measures' conformance rules on BPMN diagrams (processes/measures/conformance.py): each rule catches a
diagram that breaks it, and the shipped processes/ diagrams pass them all. The designer's check
(engine/design_rules.py ``check_design``) runs them through the registry beside deploy validation."""
from __future__ import annotations

import pytest
from lxml import etree

from engine.bpmn.loader import parse_xml
from engine.db import unit_of_work
from engine.design_rules import check_design
from processes.measures.conformance import check_conformance
from processes.measures.conformance import shipped_library
from webui.config import REPO_ROOT

PROCESSES = REPO_ROOT / "processes" / "measures"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
SHIPPED_IDS = ("warning_case", "warning_approval", "warning_execution", "reply_supervision",
               "correction_supervision")


def source(process_id: str) -> str:
    return (PROCESSES / f"{process_id}.bpmn").read_text(encoding="utf-8")


def edited(process_id: str, *replacements: tuple[str, str]) -> str:
    """The shipped diagram with each (old, new) text replaced; every old text must occur."""
    text = source(process_id)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def with_property(process_id: str, task_id: str, name: str, value: str | None) -> str:
    """The shipped diagram with one property of one user task set (or removed, for None)."""
    root = parse_xml(source(process_id).encode("utf-8"))
    [task] = [t for t in root.iter(f"{{{BPMN}}}userTask") if t.get("id") == task_id]
    [prop] = [p for p in task.iter(f"{{{SPIFF}}}property") if p.get("name") == name]
    if value is None:
        prop.getparent().remove(prop)
    else:
        prop.set("value", value)
    return etree.tostring(root, encoding="unicode")


def problems_of(text: str, **kwargs):
    return check_conformance(parse_xml(text.encode("utf-8")), **kwargs)


def codes(problems) -> set[tuple[str, str | None, str | None]]:
    return {(p.code, p.element_id, p.article) for p in problems}


# --- the shipped diagrams ---------------------------------------------------------------------------------


@pytest.mark.parametrize("process_id", SHIPPED_IDS)
def test_the_shipped_diagrams_pass_every_rule(process_id):
    assert problems_of(source(process_id)) == []


def test_the_shipped_library_holds_the_five_processes():
    assert set(shipped_library()) == set(SHIPPED_IDS)


def test_a_harmless_change_passes():
    renamed = edited("warning_approval", ('name="常委会研究确定"', 'name="常委会集体研究确定"'))
    assert problems_of(renamed) == []


# --- 第十七条: approval before carrying out ---------------------------------------------------------------


def test_an_ordered_correction_that_skips_the_secretarys_approval_is_refused_第十七条():
    skipping = edited("warning_approval", ('sourceRef="gw_warning_type" targetRef="approve_correction"',
                                           'sourceRef="gw_warning_type" targetRef="gw_party_chief"'))
    problems = problems_of(skipping)
    assert problems, "skipping the secretary's approval must be refused"
    assert {p.article for p in problems} == {"第十七条", None}
    # the secretary's step is left without any incoming flow
    assert ("unreachable", "approve_correction", None) in codes(problems)
    found = [p for p in problems if p.code == "approval_skipped"]
    assert found and "责令纠错须经纪委书记审批或常委会研究确定" in found[0].message_zh
    # placed on the diagram being checked, with the offending path through it
    assert found[0].element_id in {"end_reported", "end_decided"}
    assert found[0].path[0] == "start_approval" and "approve_correction" not in found[0].path


def test_a_deputy_secretary_may_not_approve_an_admonition_第十七条():
    weaker = with_property("warning_approval", "approve_admonition", "role", "deputy_secretary|secretary")
    problems = problems_of(weaker)
    assert ("approval_skipped", "approve_admonition", "第十七条") in codes(problems)
    message = next(p.message_zh for p in problems if p.element_id == "approve_admonition")
    assert "警示诫勉须经纪委书记审批" in message and "deputy_secretary|secretary" in message


def test_an_approved_correction_must_be_reported_to_the_party_chief_第十七条():
    unreported = edited("warning_approval", ('sourceRef="gw_party_chief" targetRef="report_to_party_chief"',
                                             'sourceRef="gw_party_chief" targetRef="end_reported"'),
                        ('sourceRef="report_to_party_chief" targetRef="end_reported"',
                         'sourceRef="report_to_party_chief" targetRef="end_decided"'))
    problems = problems_of(unreported)
    assert ("party_chief_report_skipped", "end_reported", "第十七条") in codes(problems)


def test_carrying_out_right_after_the_preliminary_check_is_refused_第十七条():
    shortcut = edited("warning_case", ('sourceRef="gw_check" targetRef="fill_approval_form"',
                                       'sourceRef="gw_check" targetRef="call_execution"'))
    problems = problems_of(shortcut)
    assert ("approval_skipped", "call_execution", "第十七条") in codes(problems)
    found = next(p for p in problems if p.element_id == "call_execution")
    # the inquiry branch goes through approval; only the types checked first skip it
    assert "警示诫勉" in found.message_zh and "谈话函询" not in found.message_zh
    assert found.path[:3] == ("start", "screen_clue", "gw_routing") and "call_approval" not in found.path


def test_an_escalated_warning_needs_a_new_approval_第十七条_第二十八条():
    """After 转警示诫勉/责令纠错 the earlier approval no longer covers the case (第十七、二十八、二十九条)."""
    escalation_shortcut = edited("warning_case", (
        'name="转警示诫勉或责令纠错" sourceRef="gw_outcome" targetRef="preliminary_check"',
        'name="转警示诫勉或责令纠错" sourceRef="gw_outcome" targetRef="call_execution"'))
    problems = problems_of(escalation_shortcut)
    assert ("approval_skipped", "call_execution", "第十七条") in codes(problems)
    found = next(p for p in problems if p.code == "approval_skipped")
    assert "call_approval" in found.path and found.path[-2:] == ("gw_outcome", "call_execution")


def test_a_new_process_that_carries_out_without_approval_is_refused_第十七条():
    own = edited("warning_execution", ('id="warning_execution"', 'id="own_execution"'),
                 ('processRef="warning_execution"', 'processRef="own_execution"'))
    problems = problems_of(own)
    assert ("approval_skipped", "plan_implementation", "第十七条") in codes(problems)


def test_a_call_of_the_execution_process_from_a_new_process_is_a_carrying_out_step_第十七条():
    caller = edited(
        "reply_supervision",
        ('id="reply_supervision"', 'id="own_caller"'),
        ('processRef="reply_supervision"', 'processRef="own_caller"'),
        ('<bpmn:userTask id="review_reply"', '<bpmn:callActivity id="review_reply" calledElement="warning_execution"'),
        (
            '</bpmn:userTask>\n    <bpmn:endEvent id="end_reviewed"',
            '</bpmn:callActivity>\n    <bpmn:endEvent id="end_reviewed"',
        ),
    )
    problems = problems_of(caller, library={})
    assert ("approval_skipped", "review_reply", "第十七条") in codes(problems)


# --- 第三十条: follow-up visit before lifting; extensions -------------------------------------------------


def test_lifting_without_a_follow_up_visit_is_refused_第三十条():
    no_visit = edited("correction_supervision", ('sourceRef="gw_progress" targetRef="follow_up_visit"',
                                                 'sourceRef="gw_progress" targetRef="fill_follow_up_form"'))
    problems = problems_of(no_visit)
    assert codes(problems) == {("lifting_without_follow_up", "approve_lifting", "第三十条")}
    assert problems[0].path == ("start_correction", "await_rectification", "gw_progress", "fill_follow_up_form",
                                "approve_lifting")


def test_a_late_report_needs_its_own_follow_up_visit_第三十条():
    """A visit before the deadline passed does not cover the report submitted late."""
    late = edited("correction_supervision", ('sourceRef="gw_correction_overdue" targetRef="follow_up_visit"',
                                             'sourceRef="gw_correction_overdue" targetRef="fill_follow_up_form"'))
    assert ("lifting_without_follow_up", "approve_lifting", "第三十条") in codes(problems_of(late))


def test_lifting_is_a_leaders_decision_第三十条():
    by_office = with_property("correction_supervision", "approve_lifting", "role", "warning_office")
    assert ("lifting_not_by_leader", "approve_lifting", "第三十条") in codes(problems_of(by_office))


def test_the_extension_steps_keep_the_effects_that_enforce_the_cap_第三十条():
    no_cap = edited(
        "correction_supervision", ('<spiffworkflow:property name="effect" value="issue_extension_notice" />', '')
    )
    found = codes(problems_of(no_cap))
    assert ("extension_effect_removed", "issue_extension_notice", "第三十条") in found
    assert ("extension_effect_missing", "issue_extension_notice", "第三十条") in found


def test_extension_steps_need_the_deadline_timer_第三十条():
    text = source("correction_supervision")
    root = parse_xml(text.encode("utf-8"))
    for event in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}boundaryEvent"):
        event.getparent().remove(event)
    problems = check_conformance(root)
    found = codes(problems)
    for task in ("fill_extension_form", "approve_extension", "issue_extension_notice"):
        assert ("extension_without_deadline_timer", task, "第三十条") in found
    assert ("deadline_timer_removed", "await_rectification", "第三十、三十一条") in found


def test_an_extension_notice_needs_the_leaders_approval_第三十条():
    unapproved = edited("correction_supervision", (
        'name="不批准" sourceRef="gw_extension" targetRef="await_rectification"',
        'name="不批准" sourceRef="gw_extension" targetRef="issue_extension_notice"'))
    found = codes(problems_of(unapproved))
    assert ("extension_notice_without_approval", "issue_extension_notice", "第三十条") in found


def test_an_extension_is_decided_only_on_a_request_第三十条():
    unrequested = edited("correction_supervision", ('sourceRef="gw_progress" targetRef="fill_extension_form"',
                                                    'sourceRef="gw_progress" targetRef="approve_extension"'))
    found = codes(problems_of(unrequested))
    assert ("extension_decision_without_request", "approve_extension", "第三十条") in found


# --- statutory deadlines ---------------------------------------------------------------------------------


def test_a_removed_due_rule_is_refused_第十七条():
    no_due = with_property("warning_execution", "plan_implementation", "dueRule", None)
    assert codes(problems_of(no_due)) == {("due_rule_removed", "plan_implementation", "第十七条")}


def test_a_removed_step_with_a_deadline_is_refused():
    renamed = source("warning_execution").replace("draft_talk_plan", "draft_talk_outline")
    found = codes(problems_of(renamed))
    assert ("due_step_removed", None, "第十七条") in found


def test_the_reply_deadline_timer_must_stay_interrupting_第二十八条():
    soft = edited("reply_supervision", ('cancelActivity="true" attachedToRef="await_reply"',
                                        'cancelActivity="false" attachedToRef="await_reply"'))
    found = codes(problems_of(soft))
    assert ("deadline_timer_changed", "reply_overdue", "第二十八、二十九条") in found


def test_the_rules_follow_the_reference_given():
    no_due = edited("warning_execution", ('<spiffworkflow:property name="dueRule" value="start_within_7_days" />', ''))
    assert problems_of(no_due, reference={}) == []


# --- structure: what a token can reach and leave ---------------------------------------------------------


def test_an_unconnected_step_and_a_dead_end_are_reported():
    text = edited("reply_supervision",
                  ('<bpmn:sequenceFlow id="f_reviewed" sourceRef="review_reply" targetRef="end_reviewed" />', ''))
    found = codes(problems_of(text))
    assert ("dead_end", "review_reply", None) in found
    assert ("unreachable", "end_reviewed", None) in found


# --- check_design: deploy validation and conformance in one list -----------------------------------------


def test_check_design_passes_the_shipped_diagrams(world):
    with unit_of_work(world.factory) as session:
        for process_id in SHIPPED_IDS:
            data = source(process_id).encode("utf-8")
            assert check_design(session, f"{process_id}.bpmn", data) == [], process_id


def test_check_design_merges_deploy_validation_with_the_rules(world):
    bad = edited("correction_supervision",
                 ('sourceRef="gw_progress" targetRef="follow_up_visit"',
                  'sourceRef="gw_progress" targetRef="fill_follow_up_form"'),
                 ('<spiffworkflow:property name="formKey" value="follow_up_registration" />',
                  '<spiffworkflow:property name="formKey" value="no_such_form" />'))
    with unit_of_work(world.factory) as session:
        problems = check_design(session, "correction_supervision.bpmn", bad.encode("utf-8"))
    found = codes(problems)
    assert ("unknown_form_key", "fill_follow_up_form", None) in found
    assert ("lifting_without_follow_up", "approve_lifting", "第三十条") in found


def test_check_design_still_runs_the_rules_when_spiffworkflow_refuses_the_structure(world):
    visited = '<bpmn:sequenceFlow id="f_visited" sourceRef="follow_up_visit" targetRef="gw_requirements_met" />'
    fork = '<bpmn:sequenceFlow id="f_fork" sourceRef="await_rectification" targetRef="fill_follow_up_form" />'
    forked = edited("correction_supervision", (visited, visited + fork))
    with unit_of_work(world.factory) as session:
        problems = check_design(session, "correction_supervision.bpmn", forked.encode("utf-8"))
    messages = [p.message_zh for p in problems]
    assert any("任务只能有一条出口顺序流" in m for m in messages), messages
    assert ("lifting_without_follow_up", "approve_lifting", "第三十条") in codes(problems)


def test_check_design_reports_a_malformed_file(world):
    with unit_of_work(world.factory) as session:
        problems = check_design(session, "x.bpmn", b"<bpmn:definitions")
    assert [p.code for p in problems] == ["xml_malformed"]
