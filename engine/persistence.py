"""Serialise workflows without their spec, and cache parsed specs per pinned definition set.

An instance row stores only its task tree and data (SPIFFWORKFLOW.md §4.3): the spec comes from the
definitions it was started on, parsed once per process and shared by every instance on that version.
"""
from __future__ import annotations

import contextvars
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import WorkflowConverter
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.business_rules import SERIALIZER_CONFIG
from engine.bpmn.expressions import make_script_engine
from engine.bpmn.specs import TaskMeta
from engine.bpmn.specs import parse_bundle
from engine.bpmn.specs import task_meta
from engine.errors import EngineError
from engine.models.definitions import ProcessDefinition

SERIALIZER_VERSION = BpmnWorkflowSerializer().VERSION


@dataclass(frozen=True)
class SpecSet:
    """The parsed specs an instance runs on: its main process plus every process it calls."""

    key: tuple[int, ...]
    main_process: str
    spec: object
    subprocess_specs: dict
    #: (process id, bpmn id) → TaskMeta of every user task, read once from the spec's extensions
    task_meta: dict[tuple[str, str], TaskMeta]
    #: process id (or decision id) → definition id
    definition_by_process: dict[str, int]
    #: the decision ids the business rule tasks of the main process and every called process use
    decision_ids: frozenset[str] = frozenset()
    #: facts other engine modules derive from these specs once (e.g. whether they catch messages): kept with
    #: the specs, so they are forgotten with them and never outlive a database rebuilt under the same ids
    derived: dict = field(default_factory=dict, compare=False)


_spec_cache: dict[tuple[int, ...], SpecSet] = {}
_spec_lock = threading.Lock()
_specs_for_restore: contextvars.ContextVar[SpecSet] = contextvars.ContextVar("lianjing_specs")


def spec_set(session: Session, definition_ids: Sequence[int], main_definition_id: int) -> SpecSet:
    """Return the parsed specs for a pinned set of definitions (cached: definitions never change)."""
    key = tuple(sorted(definition_ids))
    cached = _spec_cache.get(key)
    if cached is not None:
        return cached
    rows = session.execute(select(ProcessDefinition).where(ProcessDefinition.id.in_(key))).scalars().all()
    if len(rows) != len(key):
        raise EngineError("流程定义缺失,无法恢复流程实例", code="definition_missing")
    by_id = {row.id: row for row in rows}
    bundle = parse_bundle({row.filename: row.xml.encode("utf-8") for row in rows})
    main = by_id[main_definition_id].key
    spec = bundle.get_spec(main)
    subprocess_specs = bundle.get_subprocess_specs(main)
    metas: dict[tuple[str, str], TaskMeta] = {}
    for process_spec in [spec, *subprocess_specs.values()]:
        _connect_loop_children(process_spec)
        for task_spec in process_spec.task_specs.values():
            meta = task_meta(task_spec)
            if meta is not None:
                metas[(process_spec.name, task_spec.bpmn_id)] = meta
    definition_by_process = {}
    for row in rows:
        for process_id, filename in [*bundle.files_by_process.items(), *bundle.files_by_decision.items()]:
            if filename == row.filename:
                definition_by_process[process_id] = row.id
    decision_ids = frozenset(bundle.decisions_called_by([main, *subprocess_specs]))
    result = SpecSet(key, main, spec, subprocess_specs, metas, definition_by_process, decision_ids)
    with _spec_lock:
        _spec_cache.setdefault(key, result)
    return _spec_cache[key]


def _connect_loop_children(process_spec) -> None:
    """Let a loop or multi-instance task hear its children complete, on specs parsed after the children began.

    SpiffWorkflow 3.2.0 connects the child spec's ``completed_event`` to the loop's ``merge_child`` only when
    it creates a child (``LoopTask.create_child``), on the spec object of that moment. A workflow restored
    onto freshly parsed specs (another process, or after ``forget_specs``) has children whose completion then
    reaches nobody: their data is never merged and a parallel multi-instance step waits forever. Connecting
    every loop's child spec here, once per parse, is what creating a child would have done.
    """
    for task_spec in process_spec.task_specs.values():
        if isinstance(task_spec, LoopTask):
            child = process_spec.task_specs.get(task_spec.task_spec)
            if child is not None and not child.completed_event.is_connected(task_spec.merge_child):
                child.completed_event.connect(task_spec.merge_child)


def forget_specs() -> None:
    """Drop every cached spec and workflow (tests that rebuild the database)."""
    with _spec_lock:
        _spec_cache.clear()
    _workflows.clear()


class _SpecFreeWorkflowConverter(BpmnWorkflowConverter):
    """Leave the spec out of the stored JSON and take it from the cache when restoring."""

    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct):
        specs = _specs_for_restore.get()
        workflow = self.target_class(specs.spec, specs.subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


_config = dict(SERIALIZER_CONFIG)
_config[BpmnWorkflow] = _SpecFreeWorkflowConverter
_serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(_config))


def new_workflow(specs: SpecSet) -> BpmnWorkflow:
    """Create a workflow on the given specs with the guarded script engine."""
    return BpmnWorkflow(specs.spec, specs.subprocess_specs, script_engine=make_script_engine())


def dump_workflow(workflow: BpmnWorkflow) -> str:
    """Serialise a workflow to JSON without its spec."""
    return _serializer.serialize_json(workflow)


def load_workflow(state: str, specs: SpecSet, serializer_version: str) -> BpmnWorkflow:
    """Restore a workflow from its stored JSON onto cached specs, always with the guarded script engine."""
    dct = json.loads(state)
    stored_version = dct.get(_serializer.VERSION_KEY, serializer_version)
    if stored_version != SERIALIZER_VERSION:
        # Older rows are migrated by SpiffWorkflow's own chain before restoring (SPIFFWORKFLOW.md §4.5).
        dct[_serializer.VERSION_KEY] = stored_version
        _serializer.migrate(dct)
    else:
        dct.pop(_serializer.VERSION_KEY, None)
    token = _specs_for_restore.set(specs)
    try:
        workflow = _serializer.from_dict(dct)
    finally:
        _specs_for_restore.reset(token)
    # A restored workflow gets SpiffWorkflow's default (unsafe) engine unless we attach ours (§5.3).
    workflow.script_engine = make_script_engine()
    return workflow


#: How many saved workflows one process keeps for reuse: a pruned case is about 50 KB of objects and
#: 20 KB of state text, so at most some 20 MB.
WORKFLOW_CACHE_SIZE = 256


class _WorkflowCache:
    """The workflows this process saved last, each with the exact state text it wrote for it.

    Restoring is the largest single cost of loading an instance. A workflow saved here is reused only if the
    row still holds exactly the text it was saved as, on the same spec objects: any other writer (another
    process, a migration, a rolled-back save followed by a different one) changes the text and the cache
    misses. A workflow is taken out while in use, so two transactions never share one, and it comes back
    only through ``keep_workflow`` from ``runtime.save``; one that was run but not saved is simply dropped.
    """

    def __init__(self, size: int):
        self._size = size
        self._entries: OrderedDict[int, tuple[str, SpecSet, BpmnWorkflow]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, instance_id: int, state: str, specs: SpecSet) -> BpmnWorkflow | None:
        with self._lock:
            entry = self._entries.pop(instance_id, None)
        if entry is None:
            return None
        saved_state, saved_specs, workflow = entry
        return workflow if saved_specs is specs and saved_state == state else None

    def put(self, instance_id: int, state: str, specs: SpecSet, workflow: BpmnWorkflow) -> None:
        with self._lock:
            self._entries[instance_id] = (state, specs, workflow)
            self._entries.move_to_end(instance_id)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_workflows = _WorkflowCache(WORKFLOW_CACHE_SIZE)


def restore_workflow(instance_id: int, state: str, specs: SpecSet, serializer_version: str) -> BpmnWorkflow:
    """Return an instance's workflow: the one this process saved as exactly ``state``, or restored from it."""
    workflow = _workflows.take(instance_id, state, specs)
    return workflow if workflow is not None else load_workflow(state, specs, serializer_version)


def keep_workflow(instance_id: int, state: str, specs: SpecSet, workflow: BpmnWorkflow) -> None:
    """Offer a workflow just serialised as ``state`` for reuse; it must not be changed afterwards."""
    _workflows.put(instance_id, state, specs, workflow)
