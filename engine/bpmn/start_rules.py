"""How a diagram says it starts, and how its messages are written: read and checked at deploy.

The representation (docs/ARCHITECTURE.md "Starting processes"):

* **Startable by hand**: the process's own ``spiffworkflow:properties`` carry
  ``<spiffworkflow:property name="startableBy" value="warning_office|secretary"/>`` — the roles
  (``engine.registry.REGISTRY.roles()``, ``|`` = any of) whose holders may start it from 发起事项 or the API. Only a
  process with a none start event may be startable.
* **Start form**: the none start event's ``spiffworkflow:properties`` may carry ``formKey``: a form
  registered in ``forms``, filled in when starting.
* **Timer start**: a ``timerEventDefinition`` on the start event with a quoted ``timeDate`` or
  ``timeCycle`` literal (nothing at start time could set a variable), e.g.
  ``"R/2027-01-28T09:00:00+08:00/P1M"``: the worker starts one instance per occurrence. With the start
  event's property ``startPerUnit`` naming a role (``info_office``), it starts one instance per unit in
  which an active account holds that role, each with that unit as its ``start_unit_id`` (its
  ``scope=handling`` steps go there): a report every unit makes every month.
* **Signal start**: a ``signalEventDefinition`` on the start event: the process starts when another instance
  throws that signal (engine/signals.py); not startable by hand.
* **Messages**: ``messageEventDefinition`` on start, intermediate catch/throw, end and boundary events, and
  ``receiveTask`` with ``messageRef``. A thrower's ``spiffworkflow:messagePayload`` is an expression of the
  allowlisted grammar (usually a dict display, ``{"item_no": business_key}``); a catcher's
  ``spiffworkflow:messageVariable`` names the variable the payload lands in. Both live on the event
  definition (on the receive task for a receive task), never on ``bpmn:message`` (SPIFFWORKFLOW-2.md §5.1:
  the message's own extensions silently override every event's).
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from lxml import etree

from engine.bpmn.expressions import ExpressionRejected
from engine.bpmn.expressions import check_condition
from engine.bpmn.expressions import check_timer
from engine.registry import REGISTRY

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
_NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}

#: the process-level property naming who may start a process by hand
STARTABLE_BY = "startableBy"
#: the start-event property naming its start form
START_FORM = "formKey"
#: the timer start-event property naming the role whose units each get their own instance
START_PER_UNIT = "startPerUnit"
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")


@dataclass(frozen=True)
class StartInfo:
    """One start event as deployed: its kind and what starting it needs."""

    start_event_id: str
    kind: str                     # engine.models.starts.StartKind value
    roles: tuple[str, ...]        # who may start it by hand (none start events of a startable process)
    form_key: str | None
    message_name: str | None
    timer_kind: str | None
    timer_expression: str | None  # the literal without its quotes
    #: a timer start's ``startPerUnit`` role: one instance per unit holding it (None: one instance)
    per_unit_role: str | None = None


@dataclass(frozen=True)
class StartProblem:
    """A reason the diagram's starts or messages may not be deployed."""

    element_id: str | None
    code: str
    message_zh: str


def _xpath(element: etree._Element, path: str) -> list:
    return element.xpath(path, namespaces=_NS)


def _properties(element: etree._Element) -> dict[str, str]:
    props = {}
    for prop in _xpath(element, "./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property"):
        if prop.get("name"):
            props[prop.get("name")] = (prop.get("value") or "").strip()
    return props


def _message_names(root: etree._Element) -> dict[str, str]:
    """bpmn:message id → name (the name is what both sides match on)."""
    return {m.get("id"): (m.get("name") or m.get("id")) for m in _xpath(root, "./bpmn:message") if m.get("id")}


def _signal_names(root: etree._Element) -> dict[str, str]:
    """bpmn:signal id → name (a signal is heard by its name, engine/signals.py)."""
    return {m.get("id"): (m.get("name") or m.get("id")) for m in _xpath(root, "./bpmn:signal") if m.get("id")}


def _timer_literal(definition: etree._Element) -> tuple[str | None, str | None]:
    for kind in ("timeDate", "timeCycle", "timeDuration"):
        found = _xpath(definition, f"./bpmn:{kind}")
        if found:
            return kind, (found[0].text or "").strip()
    return None, None


def _unquote(text: str) -> str:
    return text[1:-1].strip() if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def startable_roles(process: etree._Element) -> tuple[str, ...]:
    """Return the roles the process's ``startableBy`` property names (empty: not startable by hand)."""
    value = _properties(process).get(STARTABLE_BY, "")
    return tuple(part.strip() for part in value.split("|") if part.strip())


def read_starts(root: etree._Element, process_id: str) -> list[StartInfo]:
    """Return the start events of one process of a checked document."""
    process = _xpath(root, f"./bpmn:process[@id='{process_id}']")
    if not process:
        return []
    messages = _message_names(root)
    roles = startable_roles(process[0])
    starts = []
    for event in _xpath(process[0], "./bpmn:startEvent"):
        timer = _xpath(event, "./bpmn:timerEventDefinition")
        message = _xpath(event, "./bpmn:messageEventDefinition")
        signal = _xpath(event, "./bpmn:signalEventDefinition")
        form_key = _properties(event).get(START_FORM) or None
        if timer:
            kind, text = _timer_literal(timer[0])
            starts.append(StartInfo(event.get("id"), "timer", (), None, None, kind, _unquote(text or ""),
                                    _properties(event).get(START_PER_UNIT) or None))
        elif message:
            name = messages.get(message[0].get("messageRef"))
            starts.append(StartInfo(event.get("id"), "message", (), None, name, None, None))
        elif signal:
            # Started by a signal another instance throws (engine/signals.py); the name is kept where a message
            # start keeps its message's.
            name = _signal_names(root).get(signal[0].get("signalRef"))
            starts.append(StartInfo(event.get("id"), "signal", (), None, name, None, None))
        else:
            starts.append(StartInfo(event.get("id"), "none", roles, form_key, None, None, None))
    return starts


def check_starts_and_messages(root: etree._Element, process: etree._Element,
                              form_keys: Collection[str]) -> list[StartProblem]:
    """Return every problem of a process's start events, startability and message elements."""
    problems: list[StartProblem] = []
    add = problems.append
    roles = startable_roles(process)
    known_roles = REGISTRY.roles()
    for role in roles:
        if role not in known_roles:
            add(StartProblem(process.get("id"), "unknown_role", f"可发起角色(startableBy)未知:{role}"))
    unknown_props = set(_properties(process)) - {STARTABLE_BY}
    for name in sorted(unknown_props):
        add(StartProblem(process.get("id"), "unknown_property", f"流程的属性名未知:{name}"))
    starts = _xpath(process, "./bpmn:startEvent")
    if len(starts) > 1:
        # SpiffWorkflow gives every start event a token in every instance: a started report would also arm
        # the schedule's timer inside itself. One way in per process.
        add(StartProblem(process.get("id"), "several_start_events", "一个流程只能有一个开始事件"))
    plain = [e for e in starts if not _xpath(e, "./bpmn:timerEventDefinition | ./bpmn:messageEventDefinition"
                                                 " | ./bpmn:signalEventDefinition")]
    if roles and not plain:
        add(StartProblem(process.get("id"), "startable_without_start",
                         "可由人员发起的流程须有一个无类型开始事件(定时、消息或信号开始事件由系统发起)"))
    for event in starts:
        props = _properties(event)
        for name in sorted(set(props) - {START_FORM, START_PER_UNIT}):
            add(StartProblem(event.get("id"), "unknown_property", f"开始事件的属性名未知:{name}"))
        per_unit = props.get(START_PER_UNIT)
        if per_unit is not None and not _xpath(event, "./bpmn:timerEventDefinition"):
            add(StartProblem(event.get("id"), "per_unit_not_timer", "只有定时开始事件可以按单位分别发起(startPerUnit)"))
        elif per_unit is not None and per_unit not in known_roles:
            add(StartProblem(event.get("id"), "unknown_role", f"按单位分别发起的角色(startPerUnit)未知:{per_unit}"))
        form_key = props.get(START_FORM)
        if form_key is not None and event not in plain:
            add(StartProblem(event.get("id"), "start_form_not_allowed", "只有无类型开始事件可以带发起表单(formKey)"))
        elif form_key is not None and form_key not in form_keys:
            add(StartProblem(event.get("id"), "unknown_form_key", f"开始事件的表单未注册:{form_key}"))
        for timer in _xpath(event, "./bpmn:timerEventDefinition"):
            problems.extend(_check_start_timer(event, timer))
    problems.extend(_check_messages(root, process))
    return problems


def _check_start_timer(event: etree._Element, timer: etree._Element) -> list[StartProblem]:
    kind, text = _timer_literal(timer)
    if kind not in ("timeDate", "timeCycle"):
        return [StartProblem(event.get("id"), "bad_timer", "定时开始事件只能用timeDate(一次)或timeCycle(周期)")]
    quoted = len(text) >= 2 and text[0] == text[-1] and text[0] in "'\""
    if not quoted:
        # No instance data exists before the process starts: a variable could never be set.
        return [StartProblem(event.get("id"), "bad_timer",
                             "定时开始事件的时间须写成带引号的ISO 8601文字,如\"R/2027-01-28T09:00:00+08:00/P1M\"")]
    try:
        check_timer(text, kind=kind)
    except ExpressionRejected as exc:
        return [StartProblem(event.get("id"), "bad_timer", exc.message_zh)]
    if kind == "timeCycle" and not _unquote(text).upper().split("/")[1][:1].isdigit():
        return [StartProblem(event.get("id"), "bad_timer",
                             "周期定时开始事件须写明首次时间,如\"R/2027-01-28T09:00:00+08:00/P1M\"")]
    return []


def _extension_text(element: etree._Element, local: str) -> list[etree._Element]:
    return _xpath(element, f"./bpmn:extensionElements/spiffworkflow:{local}")


def _owner(element: etree._Element) -> str | None:
    while element is not None and not element.get("id"):
        element = element.getparent()
    return None if element is None else element.get("id")


def _check_correlation_keys(root: etree._Element, messages: dict[str, str]) -> list[StartProblem]:
    """The correlation keys the designer's panel writes (webui/static/js/designer.js), checked before
    SpiffWorkflow reads them: it would refuse a property with no retrieval expression in English, and take a
    key naming no property as matching nothing."""
    problems: list[StartProblem] = []
    properties = {p.get("id"): p for p in _xpath(root, "./bpmn:correlationProperty")}
    for key in _xpath(root, "./bpmn:collaboration/bpmn:correlationKey"):
        name = key.get("name") or ""
        owner = _owner(key)
        if not _IDENTIFIER.match(name):
            problems.append(StartProblem(owner, "bad_correlation_key",
                                         f"关联键名称须以字母开头,只含字母、数字和下划线:{name or '(空)'}"))
        refs = [(ref.text or "").strip() for ref in _xpath(key, "./bpmn:correlationPropertyRef")]
        if not refs:
            problems.append(StartProblem(owner, "bad_correlation_key", f"关联键{name}没有关联属性"))
        for ref in refs:
            if ref not in properties:
                problems.append(StartProblem(owner, "bad_correlation_key", f"关联键{name}引用的关联属性不存在:{ref}"))
    for property_id, prop in properties.items():
        retrievals = _xpath(prop, "./bpmn:correlationPropertyRetrievalExpression")
        if not retrievals:
            problems.append(StartProblem(property_id, "bad_correlation",
                                         f"关联属性{property_id}没有从任何消息取值的表达式"))
        for retrieval in retrievals:
            message_ref = retrieval.get("messageRef") or "(空)"
            if retrieval.get("messageRef") not in messages:
                problems.append(StartProblem(property_id, "bad_correlation",
                                             f"关联属性{property_id}的取值引用的消息不存在:{message_ref}"))
            elif not "".join(child.text or "" for child in retrieval).strip():
                problems.append(StartProblem(property_id, "bad_correlation", f"关联属性{property_id}的取值表达式为空"))
    return problems


def _check_messages(root: etree._Element, process: etree._Element) -> list[StartProblem]:
    problems: list[StartProblem] = []
    messages = _message_names(root)
    for message in _xpath(root, "./bpmn:message"):
        if _xpath(message, "./bpmn:extensionElements"):
            problems.append(StartProblem(message.get("id"), "message_extensions",
                                         "消息的载荷与接收变量须写在事件或接收任务上,不能写在bpmn:message上"))
    problems.extend(_check_correlation_keys(root, messages))
    for expression in _xpath(root, "./bpmn:correlationProperty/bpmn:correlationPropertyRetrievalExpression/*"):
        try:
            check_condition(expression.text or "")
        except ExpressionRejected as exc:
            problems.append(StartProblem(_owner(expression), "bad_correlation", f"关联属性取值:{exc.message_zh}"))
    carriers = _xpath(process, ".//bpmn:messageEventDefinition") + _xpath(process, "./bpmn:receiveTask")
    for carrier in carriers:
        owner = carrier if carrier.tag == f"{{{BPMN_NS}}}receiveTask" else carrier.getparent()
        owner_id = owner.get("id")
        if carrier.get("messageRef") not in messages:
            problems.append(StartProblem(owner_id, "unknown_message", "消息事件须引用本文件中定义的消息(messageRef)"))
        throws = owner.tag in (f"{{{BPMN_NS}}}intermediateThrowEvent", f"{{{BPMN_NS}}}endEvent")
        for payload in _extension_text(carrier, "messagePayload"):
            if not throws:
                problems.append(StartProblem(owner_id, "misplaced_payload", "只有发送消息的事件可以写消息载荷"))
                continue
            try:
                check_condition(payload.text or "")
            except ExpressionRejected as exc:
                problems.append(StartProblem(owner_id, "bad_payload", f"消息载荷:{exc.message_zh}"))
        for variable in _extension_text(carrier, "messageVariable"):
            name = (variable.text or "").strip()
            if throws:
                problems.append(StartProblem(owner_id, "misplaced_variable", "发送消息的事件不能写接收变量"))
            elif not _IDENTIFIER.match(name):
                problems.append(StartProblem(owner_id, "bad_message_variable",
                                             f"接收变量须是以字母开头的标识符:{name or '(空)'}"))
    return problems
