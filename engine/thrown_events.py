"""Events an instance threw that its own workflow did not catch, taken out of the workflow for delivery to others.

SpiffWorkflow keeps every uncaught thrown event in ``workflow.bpmn_events``. Messages (engine.messages) and signals
(engine.signals) are each delivered to other instances by their own rules, so each takes out only its own kind and
leaves the rest where they are.
"""
from __future__ import annotations

from SpiffWorkflow.bpmn.util.event import BpmnEvent


def drain_thrown(workflow, definition_type: type) -> list[BpmnEvent]:
    """Remove and return the workflow's uncaught thrown events whose definition is a ``definition_type``."""
    if not workflow.bpmn_events:
        return []
    kept, taken = [], []
    for event in workflow.bpmn_events:
        (taken if isinstance(event.event_definition, definition_type) else kept).append(event)
    workflow.bpmn_events = kept
    return taken
