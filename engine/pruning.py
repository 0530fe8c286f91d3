"""Forget the finished history of a workflow's task tree, keeping everything a later run can reach.

SpiffWorkflow never drops a task: each pass through a loop (a request refused and asked again) appends its
tasks below the previous pass, and completed call activities keep their whole
subworkflows. A case's state, and with it every load, run and save of the case, grew with its history: a
correction case looping 200 steps stored 420 KB and took 5× as long per step as at its 10th step. What was
done is recorded in our own tables (the HumanTask projection of every step and the hash-chained audit log,
SECURITY.md 26), which auditors read; the workflow only needs what can still influence its future.

Per workflow (the top one and each subworkflow) the pruned tree keeps:

* its root task (SpiffWorkflow's ``Start``, ``workflow.task_tree``);
* the lowest common ancestor of every *anchor*, with its whole subtree, and that ancestor's parent, so every
  kept task below the cut still has its real parent; the parent is re-attached directly below the root.

Anchors are every task not finished (predicted, future, waiting, ready, started or in error), the workflow's
``last_task`` (a completing subworkflow hands its data on from it) and the split a waiting structured join
(a boundary-event join) looks for among its ancestors. Everything else is dropped: finished tasks above the
cut, finished side branches, and the subworkflows of dropped call activities.

Why nothing a later run needs is lost (SpiffWorkflow 3.2.0, read in its source):

* every task holds its complete data in memory (a child copies its parent's data when it is created); only
  the serialiser stores deltas, computed at dump time against whatever parent the task has then;
* the joins our diagrams may use (parallel gateways, boundary-event joins, the process end join) look at
  unfinished tasks, at the tasks of the current pass below their split, and at their own ancestors; a join
  still waiting is an anchor, so its split and its sibling branches stay. Earlier passes of a loop are either
  ancestors the parallel join skips anyway or cancelled side branches; kept, such a branch would count as a
  token of the current pass (see tests/engine/test_pruning.py);
* waiting timers and catching events are unfinished, so they and the event manager's entries stay.

What is given up: rewinding a workflow (``reset_from_task_id``) to a step before the cut, which we do not
offer; and SpiffWorkflow's own view of the completed steps (``get_tasks(state=COMPLETED)``), which nothing
reads: the steps of a case come from HumanTask rows.
"""
from __future__ import annotations

from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import ErrorEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import EscalationEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

_DONE = TaskState.COMPLETED | TaskState.CANCELLED
#: the thrown events that are caught only inside their own instance
_INSTANCE_EVENTS = (SignalEventDefinition, ErrorEventDefinition, EscalationEventDefinition)


def prune_history(workflow: BpmnWorkflow) -> int:
    """Drop the finished history of ``workflow`` and its subworkflows in place; return how many tasks went."""
    _drop_uncaught_events(workflow)
    dropped = _prune_tree(workflow)
    dropped += _drop_orphaned_subworkflows(workflow)
    for subworkflow in workflow.subprocesses.values():
        dropped += _prune_tree(subworkflow)
    return dropped + _drop_orphaned_subworkflows(workflow)


def _drop_uncaught_events(workflow: BpmnWorkflow) -> None:
    """Forget thrown signals, errors and escalations that nothing in the instance caught.

    SpiffWorkflow keeps such an event in ``bpmn_events`` for the application to deliver elsewhere; errors
    and escalations are delivered only inside their instance here, so BPMN's rule applies (an uncaught one is
    lost) instead of every throw growing the stored state. Messages and signals are drained before this runs
    (``runtime.save``): they are routed between instances (engine/messages.py, engine/signals.py).
    """
    if workflow.bpmn_events:
        workflow.bpmn_events = [event for event in workflow.bpmn_events
                                if not isinstance(event.event_definition, _INSTANCE_EVENTS)]


def _prune_tree(workflow) -> int:
    tasks = workflow.tasks
    root = workflow.task_tree
    anchors = _anchors(workflow)
    if not anchors:
        return 0
    ancestor = _common_ancestor(anchors)
    if ancestor is root:
        return 0
    cut = ancestor.parent
    keep = {root.id, cut.id, *_subtree_ids(ancestor)}
    before = len(tasks)
    if len(keep) == before:
        return 0
    for task_id in [task_id for task_id in tasks if task_id not in keep]:
        del tasks[task_id]
    if cut is root:
        root._children = [ancestor.id]
    else:
        root._children = [cut.id]
        cut._parent = root.id
        cut._children = [ancestor.id]
    return before - len(tasks)


def _anchors(workflow) -> list[Task]:
    unfinished = [task for task in workflow.tasks.values() if not task.has_state(_DONE)]
    anchors = list(unfinished)
    last = workflow.last_task
    if last is not None and last.id in workflow.tasks:
        anchors.append(last)
    for task in unfinished:
        spec = task.task_spec
        if isinstance(spec, Join) and spec.split_task:
            split = _find_ancestor(task, spec.split_task)
            if split is not None:
                anchors.append(split)
    return anchors


def _find_ancestor(task: Task, spec_name: str) -> Task | None:
    # Iterative on purpose: SpiffWorkflow's own find_ancestor recurses once per level of a deep tree.
    node = task.parent
    while node is not None and node.task_spec.name != spec_name:
        node = node.parent
    return node


def _common_ancestor(anchors: list[Task]) -> Task:
    """The deepest task that is an ancestor of (or is) every anchor."""
    path = []
    node = anchors[0]
    while node is not None:
        path.append(node)
        node = node.parent
    path.reverse()
    position = {task.id: index for index, task in enumerate(path)}
    depth = len(path) - 1
    for anchor in anchors[1:]:
        node = anchor
        while node.id not in position:
            node = node.parent
        depth = min(depth, position[node.id])
    return path[depth]


def _subtree_ids(task: Task) -> set[UUID]:
    tasks = task.workflow.tasks
    found = set()
    stack = [task.id]
    while stack:
        task_id = stack.pop()
        found.add(task_id)
        stack.extend(tasks[task_id]._children)
    return found


def _drop_orphaned_subworkflows(workflow: BpmnWorkflow) -> int:
    """Drop the subworkflows whose call activity was dropped, and theirs in turn."""
    dropped = 0
    while True:
        living = set(workflow.tasks)
        for subworkflow in workflow.subprocesses.values():
            living.update(subworkflow.tasks)
        orphans = [task_id for task_id in workflow.subprocesses if task_id not in living]
        if not orphans:
            return dropped
        for task_id in orphans:
            dropped += len(workflow.subprocesses.pop(task_id).tasks)
