"""Deploy-time checks of the structural BPMN elements: loops, multi-instance tasks, start events, subprocesses.

Called by :mod:`engine.bpmn.validation` for every user task and every container (a process, an embedded or an
event subprocess). Each check adds a Chinese problem to the validator and never stops at the first one. What
is accepted is what SpiffWorkflow 3.2.0 runs as BPMN means it (``SPIFFWORKFLOW-2.md`` §4, §6); what it runs
differently is refused with the reason, e.g. an interrupting event subprocess, which it runs as a
non-interrupting one.
"""
from __future__ import annotations

import re
from typing import Protocol

from lxml import etree

from engine.bpmn.expressions import ExpressionRejected
from engine.bpmn.expressions import check_condition

_NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
#: a task-data variable named in a loop: the same rule as a name in an expression, plus a sane length
_VARIABLE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
#: the most iterations a standard loop may declare: each iteration is a person's step, never a busy loop
MAX_LOOP_ITERATIONS = 100
#: event definitions an event subprocess may start on here (messages belong to the starting of processes)
_EVENT_SUBPROCESS_TRIGGERS = frozenset({"timerEventDefinition", "signalEventDefinition", "errorEventDefinition",
                                        "escalationEventDefinition"})


class _Validator(Protocol):
    def add(self, element_or_id, code: str, message_zh: str) -> None: ...

    def _check_event(self, event, kind: str) -> None: ...


def _children(element: etree._Element, path: str) -> list[etree._Element]:
    return element.xpath(path, namespaces=_NS)


def _definitions(event: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in event
            if isinstance(child.tag, str) and etree.QName(child).localname.endswith("EventDefinition")]


def _check_expression(validator: _Validator, element, text: str | None, code: str) -> None:
    try:
        check_condition(text or "")
    except ExpressionRejected as exc:
        validator.add(element, code, exc.message_zh)


def check_loop(validator: _Validator, task: etree._Element) -> None:
    """Check a user task's multi-instance or standard loop characteristics (SPIFFWORKFLOW-2.md §4)."""
    for loop in _children(task, "./bpmn:multiInstanceLoopCharacteristics"):
        _check_multi_instance(validator, task, loop)
    for loop in _children(task, "./bpmn:standardLoopCharacteristics"):
        maximum = loop.get("loopMaximum")
        if maximum is None or not maximum.isdigit() or not 1 <= int(maximum) <= MAX_LOOP_ITERATIONS:
            validator.add(task, "bad_loop", f"循环任务须设最多循环次数loopMaximum(1至{MAX_LOOP_ITERATIONS})")
        for condition in _children(loop, "./bpmn:loopCondition"):
            _check_expression(validator, task, condition.text, "bad_loop")


def _check_multi_instance(validator: _Validator, task, loop) -> None:
    cardinality = _children(loop, "./bpmn:loopCardinality")
    collection = _children(loop, "./bpmn:loopDataInputRef")
    if len(cardinality) + len(collection) != 1:
        validator.add(task, "bad_multi_instance",
                      "多实例任务须且只能指定实例数(loopCardinality)或输入集合(loopDataInputRef)之一")
    for node in cardinality:
        _check_expression(validator, task, node.text, "bad_multi_instance")
    for node in [*collection, *_children(loop, "./bpmn:loopDataOutputRef")]:
        name = (node.text or "").strip()
        if not _VARIABLE.match(name):
            validator.add(task, "bad_multi_instance", f"多实例任务的集合须是一个变量名:{name or '(空)'}")
    for node in _children(loop, "./bpmn:inputDataItem | ./bpmn:outputDataItem"):
        name = node.get("id") or ""
        if not _VARIABLE.match(name):
            validator.add(task, "bad_multi_instance", f"多实例任务的数据项标识须是一个变量名:{name or '(空)'}")
    outputs = _children(loop, "./bpmn:outputDataItem")
    if outputs and not _children(loop, "./bpmn:loopDataOutputRef"):
        validator.add(task, "bad_multi_instance",
                      "多实例任务有输出项(outputDataItem)时须指定输出集合(loopDataOutputRef)")
    for node in _children(loop, "./bpmn:completionCondition"):
        _check_expression(validator, task, node.text, "bad_completion_condition")


#: what may start a whole process besides a person (issue 11 §3): a schedule, a message or a signal
#: thrown by another instance (engine/signals.py)
_PROCESS_START_TRIGGERS = frozenset({"timerEventDefinition", "messageEventDefinition", "signalEventDefinition"})


def check_starts(validator: _Validator, container, *, is_process: bool, is_event_subprocess: bool) -> None:
    """Check the start events of a process, an embedded subprocess or an event subprocess."""
    starts = _children(container, "./bpmn:startEvent")
    if is_process:
        # Timer, message and signal starts of a process are the system's ways in (engine.bpmn.start_rules checks them)
        for start in starts:
            for definition in _children(start, "./*[contains(local-name(), 'EventDefinition')]"):
                if etree.QName(definition).localname not in _PROCESS_START_TRIGGERS:
                    validator.add(definition, "unsupported_event", "流程的开始事件须为无类型、定时、消息或信号开始事件")
        return
    if len(starts) != 1:
        validator.add(container, "bad_subprocess", "子流程须有且只有一个开始事件")
        return
    start = starts[0]
    kinds = _definitions(start)
    if not is_event_subprocess:
        if kinds:
            validator.add(start, "bad_subprocess", "内嵌子流程的开始事件须为无类型事件")
        return
    if len(kinds) != 1 or kinds[0] not in _EVENT_SUBPROCESS_TRIGGERS:
        validator.add(start, "bad_event_subprocess", "事件子流程的开始事件须是定时、信号、错误或升级事件之一")
        return
    validator._check_event(start, "startEvent")
    if start.get("isInterrupting", "true") != "false":
        validator.add(start, "interrupting_event_subprocess",
                      "SpiffWorkflow 3.2.0把事件子流程都按非中断运行:请把开始事件设为非中断;"
                      "要中断正在办理的步骤,请改用附着在该步骤或内嵌子流程上的边界事件")
    subprocess_id = container.get("id")
    parent = container.getparent()
    for flow in _children(parent, "./bpmn:sequenceFlow"):
        if subprocess_id in (flow.get("sourceRef"), flow.get("targetRef")):
            validator.add(flow, "bad_event_subprocess", "事件子流程不能有顺序流进出,它由事件触发")
