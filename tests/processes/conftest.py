"""Harness that walks the shipped diagrams (processes/*.bpmn) step by step, as the engine will.

Every diagram is parsed once with ``SpiffBpmnParser(validator=VALIDATOR)`` (XSD-validated). A walk builds a
``BpmnWorkflow`` with the project's guarded script engine (``engine.bpmn.expressions.make_script_engine``)
when the engine package imports, else SpiffWorkflow's default engine, and **serialises and deserialises the
workflow after every step** (SPIFFWORKFLOW.md §4, STYLE.md rule 11), re-attaching the script engine.

Steps are addressed by BPMN id: ``walk.complete("screen_clue", routing="handle_here")`` finds the one READY
user task with that id (in the main process or any called process), writes the data, runs it and advances
the engine. Timers fire through ``walk.tick()`` (``refresh_timers()`` then ``do_engine_steps()``,
SPIFFWORKFLOW.md §9.2) once ``current_due_at`` is in the past, or after ``walk.move_timer(...)``.

Every walk records the sequence flows it took; ``test_zz_path_coverage.py`` checks that the suite as a whole
took every flow of every diagram.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import VALIDATOR
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from tests.engine.conftest import World

PROCESSES_DIR = Path(__file__).resolve().parents[2] / "processes" / "measures"
PROCESS_IDS = ("warning_case", "warning_approval", "warning_execution", "reply_supervision",
               "correction_supervision")
PROCESS_FILES = {pid: PROCESSES_DIR / f"{pid}.bpmn" for pid in PROCESS_IDS}

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}

#: an instant long past: a timer armed with it fires at the next tick
PAST = "2020-01-01T00:00:00+00:00"
#: an instant far ahead (24:00 China time on 31 December 2999): the timer stays armed
FUTURE = "2999-12-31T16:00:00+00:00"

#: what the engine puts into a new case (docs/ARCHITECTURE.md, "Workflow data variables")
CASE_DATA = {
    "case_id": 1,
    "case_number": "寿纪预〔2026〕1号",
    "clue_number": "寿纪线〔2026〕1号",
    "source_channel": "letters_visits",
    "subject_position": "principal_leader",
    "warning_type": None,
}

SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def _make_script_engine():
    """Return the project's guarded script engine, or None (SpiffWorkflow's default) if engine/ does not import."""
    try:
        from engine.bpmn.expressions import make_script_engine
    except ImportError:
        return None
    return make_script_engine()


SCRIPT_ENGINE = _make_script_engine()


@dataclass(frozen=True)
class Shipped:
    """The parsed diagrams: SpiffWorkflow specs plus the XML trees and the flows by (source, target)."""

    parser: SpiffBpmnParser
    trees: dict[str, etree._Element]
    #: (process id, source id, target id) -> sequence flow id
    flow_ids: dict[tuple[str, str, str], str]

    def specs(self, process_id: str):
        """Return (spec, subprocess specs) of an executable process."""
        return self.parser.get_spec(process_id), self.parser.get_subprocess_specs(process_id)


def _load_shipped() -> Shipped:
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_files([str(path) for path in PROCESS_FILES.values()])
    trees = {pid: etree.parse(str(path)).getroot() for pid, path in PROCESS_FILES.items()}
    flow_ids = {}
    for pid, root in trees.items():
        for flow in root.xpath(f"//bpmn:process[@id='{pid}']/bpmn:sequenceFlow", namespaces=NS):
            key = (pid, flow.get("sourceRef"), flow.get("targetRef"))
            assert key not in flow_ids, f"two flows join {key}: coverage could not tell them apart"
            flow_ids[key] = flow.get("id")
    return Shipped(parser, trees, flow_ids)


SHIPPED = _load_shipped()


@dataclass
class Coverage:
    """Flows taken by all walks of this session, and the test modules that walked them."""

    flows: set[tuple[str, str]] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)


COVERAGE = Coverage()


class Walk:
    """One workflow instance driven by BPMN task ids, serialised and restored after every step."""

    def __init__(self, process_id: str, data: dict, module: str):
        spec, subprocess_specs = SHIPPED.specs(process_id)
        self.process_id = process_id
        self.workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=SCRIPT_ENGINE)
        self.workflow.data.update(data)
        self.workflow.get_next_task(state=TaskState.READY).data.update(data)
        self.completed: list[str] = []
        COVERAGE.modules.add(module)
        self._advance()

    # --- driving ------------------------------------------------------------------------------

    def _advance(self) -> None:
        self.workflow.do_engine_steps()
        self._restore()

    def _restore(self) -> None:
        text = SERIALIZER.serialize_json(self.workflow)
        self.workflow = SERIALIZER.deserialize_json(text)
        if SCRIPT_ENGINE is not None:
            self.workflow.script_engine = SCRIPT_ENGINE
        self._record_flows()

    def task(self, bpmn_id: str):
        """Return the one READY user task with this BPMN id (fails if there is none or several)."""
        matches = [t for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)
                   if t.task_spec.bpmn_id == bpmn_id]
        assert len(matches) == 1, f"{bpmn_id} is not the one READY step; READY: {self.ready()}"
        return matches[0]

    def complete(self, bpmn_id: str, **data) -> Walk:
        """Write ``data`` into the READY user task ``bpmn_id``, complete it and run the engine."""
        task = self.task(bpmn_id)
        task.set_data(**data)
        task.run()
        self.completed.append(bpmn_id)
        self._advance()
        return self

    def tick(self) -> Walk:
        """Fire every timer whose instant has passed, then run what it unblocks (SPIFFWORKFLOW.md §9.2)."""
        self.workflow.refresh_timers()
        self.workflow.do_engine_steps()
        self._restore()
        return self

    def move_timer(self, bpmn_id: str, due_at: str) -> None:
        """Move an armed timer to another instant, as the engine does for an extension (SPIFFWORKFLOW.md §3.5)."""
        (task,) = [t for t in self.workflow.get_tasks(state=TaskState.WAITING) if t.task_spec.bpmn_id == bpmn_id]
        task._set_internal_data(event_value=due_at)
        self._restore()

    # --- reading ------------------------------------------------------------------------------

    def ready(self) -> list[str]:
        """Return the BPMN ids of the READY user tasks, sorted."""
        return sorted(t.task_spec.bpmn_id for t in self.workflow.get_tasks(state=TaskState.READY, manual=True))

    def armed_timers(self) -> dict[str, str]:
        """Return {boundary event id: armed due instant} for every WAITING timer."""
        armed = {}
        for task in self.workflow.get_tasks(state=TaskState.WAITING):
            definition = getattr(task.task_spec, "event_definition", None)
            if isinstance(definition, TimerEventDefinition):
                armed[task.task_spec.bpmn_id] = definition.details(task).value
        return armed

    def properties(self, bpmn_id: str) -> dict[str, str]:
        """Return the ``spiffworkflow:properties`` of the READY user task ``bpmn_id``."""
        return dict(self.task(bpmn_id).task_spec.extensions["properties"])

    def process_of(self, bpmn_id: str) -> str:
        """Return the id of the process the READY user task ``bpmn_id`` belongs to."""
        return self.task(bpmn_id).workflow.spec.name

    @property
    def finished(self) -> bool:
        """Whether the whole workflow (main process and every called one) has ended."""
        return self.workflow.is_completed()

    @property
    def data(self) -> dict:
        """The workflow's data once it has ended."""
        assert self.finished, f"still running; READY: {self.ready()}"
        return self.workflow.data

    def ended_at(self) -> set[str]:
        """Return the ids of the end events reached so far, in every process."""
        return {t.task_spec.bpmn_id for t in self.workflow.get_tasks(state=TaskState.COMPLETED)
                if t.task_spec.__class__.__name__ == "EndEvent"}

    def took(self, flow_id: str) -> bool:
        """Whether this walk has taken the sequence flow ``flow_id`` (in any process)."""
        return any(flow == flow_id for _, flow in self._flows())

    def _flows(self) -> set[tuple[str, str]]:
        taken = set()
        for task in self.workflow.get_tasks(state=TaskState.COMPLETED | TaskState.READY | TaskState.WAITING):
            target = task.task_spec.bpmn_id
            if target is None or task.state == TaskState.WAITING and not _is_user_task(task):
                continue
            source = task.parent
            while source is not None and source.task_spec.bpmn_id is None:
                source = source.parent
            if source is None or source.state != TaskState.COMPLETED:
                continue
            process_id = task.workflow.spec.name
            flow = SHIPPED.flow_ids.get((process_id, source.task_spec.bpmn_id, target))
            if flow is not None:
                taken.add((process_id, flow))
        return taken

    def _record_flows(self) -> None:
        COVERAGE.flows.update(self._flows())


def _is_user_task(task) -> bool:
    return task.task_spec.manual


@pytest.fixture()
def county(session_factory) -> World:
    """The seeded demo county with the shipped diagrams deployed (tests/engine's ``world``), Monday 2 November
    2026: for the scenarios that run through the engine rather than SpiffWorkflow alone."""
    clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="scrypt:131072:8:1$test$not-a-real-hash")
        deploy_shipped_processes(session, clock)
    return World(session_factory, clock)


@pytest.fixture
def start(request):
    """Return a factory: ``start("warning_case", warning_type="inquiry")`` -> a running :class:`Walk`."""
    module = request.module.__name__.rsplit(".", 1)[-1]

    def _start(process_id: str = "warning_case", **data) -> Walk:
        return Walk(process_id, {**CASE_DATA, **data}, module)

    return _start


# --- common stretches of the procedure (the data are the forms' output fields, docs/ARCHITECTURE.md) -------

TALK_METHODS = ("talk", "written_and_talk")


def determine(walk: Walk, warning_type: str) -> None:
    """Screen the clue for handling here, propose the subject, check it when required (第十四–十六条)."""
    walk.complete("screen_clue", routing="handle_here", reason="属本级管辖")
    walk.complete("propose_subject", warning_type=warning_type, facts="反映其违规操办婚宴", grounds="第七条")
    if warning_type != "inquiry":
        walk.complete("preliminary_check", check_conclusion="confirmed", findings="经初核,反映问题基本属实")
    walk.complete("fill_approval_form", proposal="建议予以预警", basis="第十七条")


def approve(walk: Walk, warning_type: str) -> None:
    """Approve by the approver the type requires; report an approved correction to the party chief (第十七条)."""
    walk.complete(f"approve_{warning_type}", approval_decision="approved", opinion="同意")
    if warning_type == "correction":
        walk.complete("report_to_party_chief", opinion="阅")


def carry_out(walk: Walk, warning_type: str, *, method: str = "written", due: str = FUTURE) -> None:
    """Carry out an approved warning up to the recorded receipt, which sets the deadline (第十七–二十六条).

    ``due`` stands for the ``current_due_at`` that the start_reply_period effect computes.
    """
    walk.complete("plan_implementation", method=method, implementer="县纪委书记")
    if method in TALK_METHODS:
        walk.complete("draft_talk_plan", outline="指出问题,提出要求")
        walk.complete("notify_talk", place="县纪委谈话室")
        walk.complete("record_talk", record_summary="本人作出说明", subject_signed=True)
    walk.complete("fill_registration_form", rectification_requirements="10日内书面说明")
    if warning_type in ("admonition", "correction"):
        walk.complete("approve_registration", approval_decision="approved")
    if warning_type != "inquiry" or method != "talk":
        walk.complete("issue_notice", delivery_method="in_person")
    walk.complete("record_receipt", received_on="2026-11-03", current_due_at=due)


def to_supervision(walk: Walk, warning_type: str, *, method: str = "written", due: str = FUTURE) -> None:
    """Walk a fresh case from screening to the start of supervision (第十四–二十六条)."""
    determine(walk, warning_type)
    approve(walk, warning_type)
    carry_out(walk, warning_type, method=method, due=due)
