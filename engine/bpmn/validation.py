"""Deploy-time validation of a BPMN diagram against the project's conventions (SECURITY.md 13, 19).

:func:`validate_tree` walks a tree produced by :func:`engine.bpmn.loader.parse_xml` and returns every
problem found (an empty list means the diagram may be deployed). It never evaluates anything: names,
documentation and expressions are only read.

Checks:
* an element allowlist: definitions, processes, collaboration/lanes, user tasks (also multi-instance and
  standard loops), exclusive/inclusive/parallel gateways, embedded and (non-interrupting) event
  subprocesses, start/end/intermediate/boundary events with timer, signal, error, escalation or terminate
  definitions where BPMN allows them, call activities, data objects and their associations, sequence flows
  and conditions, documentation, text annotations and the diagram interchange; anything else (script/service/
  send tasks, scripts, ``spiffworkflow:preScript`` …, Camunda/Activiti/Flowable listeners, unknown extension
  elements, vendor attributes, what SpiffWorkflow 3.2.0 cannot run such as compensation) is a problem with the
  element id and the reason (the structural rules are in :mod:`engine.bpmn.structure`);
* every user task's ``spiffworkflow:properties`` (role, scope, formKey, stage, article, optional dueRule,
  effect, notSameAs) against the words the registered regulations bring (:mod:`engine.registry`: roles,
  scopes, stages, due rules) and the registered form keys and effects;
* every condition, timer, loop condition, cardinality and completion condition against
  :mod:`engine.bpmn.expressions`;
* exclusive and inclusive gateways with conditions have a ``default`` flow among their outgoing flows;
* signal, error and escalation events name a root element of the document;
* call activities call a known process;
* ids are unique in the document (SpiffWorkflow indexes extension-element ids too, SPIFFWORKFLOW.md §1.2);
* no ``${...}``/``#{...}`` expression placeholder anywhere in names, documentation or attributes.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from engine.bpmn.expressions import ExpressionRejected
from engine.bpmn.expressions import check_condition
from engine.bpmn.expressions import check_timer
from engine.bpmn.specs import PROPERTY_NAMES
from engine.bpmn.start_rules import check_starts_and_messages
from engine.bpmn.structure import check_loop
from engine.bpmn.structure import check_starts
from engine.registry import REGISTRY
from forms.base import is_citation

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
#: display-only attribute namespaces written by bpmn-js (colours)
BIOC_NS = "http://bpmn.io/schema/bpmn/biocolor/1.0"
COLOR_NS = "http://www.omg.org/spec/BPMN/non-normative/color/1.0"

#: vendor namespaces whose extensions execute code (listeners, scripts, delegates)
VENDOR_NAMESPACES = {
    "http://camunda.org/schema/1.0/bpmn": "camunda",
    "http://camunda.org/schema/zeebe/1.0": "zeebe",
    "http://activiti.org/bpmn": "activiti",
    "http://flowable.org/bpmn": "flowable",
}

ALLOWED_ATTRIBUTE_NAMESPACES = frozenset({XSI_NS, BIOC_NS, COLOR_NS})

#: where flow elements may stand: a process, or an embedded or event subprocess inside it
_CONTAINERS = frozenset({"process", "subProcess"})
#: the activities that carry a task's data associations and loop characteristics
_LOOPING = frozenset({"userTask"})

#: BPMN element → the BPMN parents it may appear under (None: any parent in the BPMN namespace)
_BPMN_ELEMENTS: dict[str, frozenset[str] | None] = {
    "definitions": frozenset(),
    "process": frozenset({"definitions"}),
    "collaboration": frozenset({"definitions"}),
    "participant": frozenset({"collaboration"}),
    "laneSet": frozenset({"process"}),
    "lane": frozenset({"laneSet", "childLaneSet"}),
    "childLaneSet": frozenset({"lane"}),
    "flowNodeRef": frozenset({"lane"}),
    "startEvent": _CONTAINERS,
    "endEvent": _CONTAINERS,
    "userTask": _CONTAINERS,
    "exclusiveGateway": _CONTAINERS,
    "parallelGateway": _CONTAINERS,
    "inclusiveGateway": _CONTAINERS,
    "boundaryEvent": _CONTAINERS,
    "intermediateCatchEvent": _CONTAINERS,
    "intermediateThrowEvent": _CONTAINERS,
    "callActivity": _CONTAINERS,
    "businessRuleTask": _CONTAINERS,
    "receiveTask": _CONTAINERS,
    "subProcess": _CONTAINERS,
    "sequenceFlow": _CONTAINERS,
    "conditionExpression": frozenset({"sequenceFlow"}),
    "timerEventDefinition": frozenset({"boundaryEvent", "intermediateCatchEvent", "startEvent"}),
    "timeDate": frozenset({"timerEventDefinition"}),
    "timeDuration": frozenset({"timerEventDefinition"}),
    "timeCycle": frozenset({"timerEventDefinition"}),
    "signalEventDefinition": frozenset({"boundaryEvent", "intermediateCatchEvent", "intermediateThrowEvent",
                                        "startEvent", "endEvent"}),
    "errorEventDefinition": frozenset({"boundaryEvent", "startEvent", "endEvent"}),
    "escalationEventDefinition": frozenset({"boundaryEvent", "intermediateThrowEvent", "startEvent", "endEvent"}),
    "terminateEventDefinition": frozenset({"endEvent"}),
    # messages between instances and their correlation (engine.bpmn.start_rules checks the details)
    "messageEventDefinition": frozenset({"startEvent", "endEvent", "intermediateThrowEvent",
                                         "intermediateCatchEvent", "boundaryEvent"}),
    "message": frozenset({"definitions"}),
    "correlationKey": frozenset({"collaboration"}),
    "correlationPropertyRef": frozenset({"correlationKey"}),
    "correlationProperty": frozenset({"definitions"}),
    "correlationPropertyRetrievalExpression": frozenset({"correlationProperty"}),
    "formalExpression": frozenset({"correlationPropertyRetrievalExpression"}),
    "messagePath": frozenset({"correlationPropertyRetrievalExpression"}),
    "signal": frozenset({"definitions"}),
    "error": frozenset({"definitions"}),
    "escalation": frozenset({"definitions"}),
    "multiInstanceLoopCharacteristics": _LOOPING,
    "loopCardinality": frozenset({"multiInstanceLoopCharacteristics"}),
    "loopDataInputRef": frozenset({"multiInstanceLoopCharacteristics"}),
    "loopDataOutputRef": frozenset({"multiInstanceLoopCharacteristics"}),
    "inputDataItem": frozenset({"multiInstanceLoopCharacteristics"}),
    "outputDataItem": frozenset({"multiInstanceLoopCharacteristics"}),
    "completionCondition": frozenset({"multiInstanceLoopCharacteristics"}),
    "standardLoopCharacteristics": _LOOPING,
    "loopCondition": frozenset({"standardLoopCharacteristics"}),
    "dataObject": _CONTAINERS,
    "dataObjectReference": _CONTAINERS,
    "property": _LOOPING,
    "dataInputAssociation": _LOOPING,
    "dataOutputAssociation": _LOOPING,
    "sourceRef": frozenset({"dataInputAssociation", "dataOutputAssociation"}),
    "targetRef": frozenset({"dataInputAssociation", "dataOutputAssociation"}),
    "documentation": None,
    "extensionElements": None,
    "textAnnotation": frozenset({"process", "subProcess", "collaboration"}),
    "text": frozenset({"textAnnotation"}),
    "association": frozenset({"process", "subProcess", "collaboration"}),
    "incoming": None,
    "outgoing": None,
}

#: elements SpiffWorkflow 3.2.0 parses but cannot run as BPMN means them, or that other parts of the engine do
#: not offer yet: refused one by one with the reason (SPIFFWORKFLOW-2.md §6, §7)
_REFUSED_ELEMENTS: dict[str, str] = {
    "compensateEventDefinition": "SpiffWorkflow 3.2.0不支持补偿事件:请把撤销步骤显式画成用户任务",
    "cancelEventDefinition": "不支持取消事件(事务子流程的取消路径SpiffWorkflow 3.2.0未能可靠运行)",
    "transaction": "不支持事务子流程:请使用内嵌子流程和错误边界事件",
    "conditionalEventDefinition": "不支持条件事件:请用排他或包容网关按条件分支",
    "linkEventDefinition": "不支持链接事件:请直接画顺序流",
    "eventBasedGateway": "尚不支持基于事件的网关",
    "complexGateway": "SpiffWorkflow 3.2.0不支持复杂网关:请用包容网关",
    "adHocSubProcess": "不支持自由子流程(adHocSubProcess)",
    "task": "不支持无类型任务:每一步须是有角色和表单的用户任务",
    "manualTask": "不支持手工任务:每一步须是有角色和表单的用户任务",
}

#: the event definitions each kind of event may carry here (an empty tuple: a none event)
_EVENT_KINDS: dict[str, frozenset[str]] = {
    "boundaryEvent": frozenset({"timerEventDefinition", "signalEventDefinition", "errorEventDefinition",
                                "escalationEventDefinition", "messageEventDefinition"}),
    "intermediateCatchEvent": frozenset({"timerEventDefinition", "signalEventDefinition", "messageEventDefinition"}),
    "intermediateThrowEvent": frozenset({"signalEventDefinition", "escalationEventDefinition",
                                         "messageEventDefinition"}),
    "endEvent": frozenset({"terminateEventDefinition", "errorEventDefinition", "escalationEventDefinition",
                           "signalEventDefinition", "messageEventDefinition"}),
    "startEvent": frozenset({"timerEventDefinition", "signalEventDefinition", "errorEventDefinition",
                             "escalationEventDefinition"}),
}
_EVENT_DEFINITION_NAMES = {
    "timerEventDefinition": "定时", "signalEventDefinition": "信号", "errorEventDefinition": "错误",
    "escalationEventDefinition": "升级", "terminateEventDefinition": "终止",
}
#: event definition → (attribute naming its root element, root element's local name)
_EVENT_REFERENCES = {
    "signalEventDefinition": ("signalRef", "signal"),
    "errorEventDefinition": ("errorRef", "error"),
    "escalationEventDefinition": ("escalationRef", "escalation"),
}
#: a task-data variable named by a property (``assignee``)
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")

_DI_ELEMENTS = {
    BPMNDI_NS: frozenset({"BPMNDiagram", "BPMNPlane", "BPMNShape", "BPMNEdge", "BPMNLabel",
                          "BPMNLabelStyle"}),
    DC_NS: frozenset({"Bounds", "Font"}),
    DI_NS: frozenset({"waypoint"}),
}

_SCRIPT_ELEMENTS = frozenset({"scriptTask", "script"})
_SERVICE_ELEMENTS = frozenset({"serviceTask", "sendTask"})
_SPIFF_CODE_EXTENSIONS = frozenset({"preScript", "postScript", "serviceTaskOperator", "unitTests", "payloadExpression"})
#: spiffworkflow extensions of message events, held to the expression grammar by engine.bpmn.start_rules
_SPIFF_MESSAGE_EXTENSIONS = frozenset({"messagePayload", "messageVariable"})

_TIMER_TAGS = frozenset((BPMN_NS, kind) for kind in ("timeDate", "timeDuration", "timeCycle"))

_PLACEHOLDER = re.compile(r"[$#]\{")


@dataclass
class Problem:
    """One reason a diagram may not be deployed."""

    element_id: str | None
    code: str
    message_zh: str


def _qname(element: etree._Element) -> tuple[str | None, str]:
    name = etree.QName(element)
    return name.namespace, name.localname


def _owner_id(element: etree._Element) -> str | None:
    """The id of the element, or of its nearest ancestor that has one."""
    node = element
    while node is not None:
        value = node.get("id")
        if value:
            return value
        node = node.getparent()
    return None


def _elements(root: etree._Element) -> Iterator[etree._Element]:
    """Every element of the tree (comments skipped)."""
    for node in root.iter():
        if isinstance(node.tag, str):
            yield node


def _bpmn(element: etree._Element, path: str) -> list[etree._Element]:
    return element.xpath(path, namespaces={"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS})


class _Validator:
    def __init__(self, root, form_keys, effects, known_process_ids, caller_task_ids=()):
        self.root = root
        # user tasks of calling processes: an approval in a called process may be kept apart from them
        self.caller_task_ids = frozenset(caller_task_ids)
        self.form_keys = frozenset(form_keys)
        self.effects = frozenset(effects)
        self.known_process_ids = frozenset(known_process_ids)
        # The open vocabulary: what the regulations registered in this process (and the engine's own roles) say.
        self.roles = frozenset(REGISTRY.roles())
        self.scopes = frozenset(REGISTRY.scopes())
        self.stages = frozenset(REGISTRY.stage_labels())
        self.due_rules = frozenset(REGISTRY.due_rules())
        self.problems: list[Problem] = []

    def add(self, element_or_id, code: str, message_zh: str) -> None:
        element_id = element_or_id if element_or_id is None or isinstance(element_or_id, str) \
            else _owner_id(element_or_id)
        self.problems.append(Problem(element_id, code, message_zh))

    # --- structure ------------------------------------------------------------------------------

    def check_structure(self, element: etree._Element, parent_local: str | None, in_extension: bool) -> None:
        """Recursive allowlist walk; a refused element's subtree is not walked further."""
        namespace, local = _qname(element)
        if in_extension:
            if not self._check_extension(element, namespace, local, parent_local):
                return
        elif namespace == BPMN_NS:
            if not self._check_bpmn(element, local, parent_local):
                return
        elif namespace in _DI_ELEMENTS:
            if local not in _DI_ELEMENTS[namespace]:
                self.add(element, "unsupported_element", f"不支持的图形元素:{local}")
                return
        else:
            self.add(element, "unsupported_element", f"不支持的元素:{local}(命名空间{namespace})")
            return
        self._check_attributes(element)
        child_in_extension = in_extension or (namespace == BPMN_NS and local == "extensionElements")
        for child in element:
            if isinstance(child.tag, str):
                self.check_structure(child, local, child_in_extension)

    def _check_bpmn(self, element, local: str, parent_local: str | None) -> bool:
        if local in _SCRIPT_ELEMENTS:
            self.add(element, "script_task", "流程中不允许脚本任务或脚本")
            return False
        if local in _SERVICE_ELEMENTS:
            self.add(element, "service_task", f"流程中不允许服务类任务:{local}")
            return False
        if local not in _BPMN_ELEMENTS:
            code = "unsupported_event" if local.endswith("EventDefinition") else "unsupported_element"
            reason = _REFUSED_ELEMENTS.get(local)
            self.add(element, code, f"{reason}({local})" if reason else f"流程中不允许此元素:{local}")
            return False
        parents = _BPMN_ELEMENTS[local]
        is_root = local == "definitions" and parent_local is None
        if parents is not None and parent_local not in parents and not is_root:
            if local in _EVENT_DEFINITION_NAMES:
                self.add(element, "unsupported_event",
                         f"{_EVENT_DEFINITION_NAMES[local]}事件定义不能用在{parent_local}上")
            else:
                self.add(element, "misplaced_element", f"元素{local}的位置不正确(位于{parent_local}之下)")
            return False
        return True

    def _check_extension(self, element, namespace: str | None, local: str, parent_local: str | None) -> bool:
        if namespace in VENDOR_NAMESPACES:
            vendor = VENDOR_NAMESPACES[namespace]
            if "listener" in local.lower() or local in ("script", "taskListener", "executionListener"):
                self.add(element, "listener", f"流程中不允许{vendor}监听器或脚本:{local}")
            else:
                self.add(element, "unknown_extension", f"不支持的{vendor}扩展元素:{local}")
            return False
        if namespace == SPIFF_NS:
            if local in _SPIFF_CODE_EXTENSIONS:
                self.add(element, "script_extension", f"流程中不允许脚本或服务类扩展:spiffworkflow:{local}")
                return False
            if local == "properties" and parent_local == "extensionElements":
                return True
            if local in _SPIFF_MESSAGE_EXTENSIONS and parent_local == "extensionElements":
                return True
            if local == "property" and parent_local == "properties":
                return True
            if local == "calledDecisionId" and parent_local == "extensionElements":
                return True  # the table is checked and run guarded (engine/bpmn/decisions.py)
        self.add(element, "unknown_extension", f"不支持的扩展元素:{local}")
        return False

    def _check_attributes(self, element) -> None:
        for name in element.attrib:
            namespace = etree.QName(name).namespace
            if namespace is None or namespace in ALLOWED_ATTRIBUTE_NAMESPACES:
                continue
            vendor = VENDOR_NAMESPACES.get(namespace, namespace)
            self.add(element, "foreign_attribute",
                     f"不允许的扩展属性:{etree.QName(name).localname}({vendor})")

    # --- whole-document checks -------------------------------------------------------------------

    def check_ids_and_placeholders(self) -> None:
        seen: dict[str, int] = {}
        for element in _elements(self.root):
            element_id = element.get("id")
            if element_id is not None:
                seen[element_id] = seen.get(element_id, 0) + 1
                if seen[element_id] == 2:
                    self.add(element_id, "duplicate_id",
                             f"元素标识重复(扩展元素不得复用流程元素的id):{element_id}")
            texts = [element.text or "", *element.attrib.values()]
            if any(_PLACEHOLDER.search(text) for text in texts):
                self.add(element, "placeholder_expression", "名称、说明或属性中不得包含${...}或#{...}表达式")

    # --- processes -------------------------------------------------------------------------------

    def check_process(self, process) -> None:
        user_task_ids = {task.get("id") for task in _bpmn(process, ".//bpmn:userTask")}
        for container in [process, *_bpmn(process, ".//bpmn:subProcess")]:
            self._check_container(container, user_task_ids, is_process=container is process)
        for problem in check_starts_and_messages(self.root, process, self.form_keys):
            self.add(problem.element_id, problem.code, problem.message_zh)
        local_ids = {p.get("id") for p in _bpmn(self.root, "./bpmn:process")}
        for call in _bpmn(process, ".//bpmn:callActivity"):
            called = (call.get("calledElement") or "").strip()
            if not called:
                self.add(call, "call_missing_target", "调用活动缺少被调用流程(calledElement)")
            elif called not in self.known_process_ids and called not in local_ids:
                self.add(call, "call_unknown_process", f"调用活动引用了未知流程:{called}")

    def _check_container(self, container, user_task_ids: set[str], *, is_process: bool) -> None:
        """Check the flow elements directly inside a process or one of its subprocesses."""
        for task in _bpmn(container, "./bpmn:userTask"):
            self._check_user_task(task, user_task_ids)
            check_loop(self, task)
        flows = _bpmn(container, "./bpmn:sequenceFlow")
        outgoing: dict[str, list] = {}
        for flow in flows:
            outgoing.setdefault(flow.get("sourceRef"), []).append(flow)
            for condition in _bpmn(flow, "./bpmn:conditionExpression"):
                self._check_expression(flow, condition.text, check_condition, "bad_condition")
        for gateway in _bpmn(container, "./bpmn:exclusiveGateway | ./bpmn:inclusiveGateway"):
            self._check_gateway(gateway, outgoing.get(gateway.get("id"), []))
        attachable = {node.get("id") for node in _bpmn(
            container, "./bpmn:userTask | ./bpmn:callActivity | ./bpmn:subProcess[not(@triggeredByEvent='true')]")}
        for event in _bpmn(container, "./bpmn:boundaryEvent"):
            if event.get("attachedToRef") not in attachable:
                self.add(event, "bad_attachment", "边界事件只能附着在同一流程中的用户任务、调用活动或内嵌子流程上")
            self._check_event(event, "boundaryEvent")
        for kind in ("intermediateCatchEvent", "intermediateThrowEvent", "endEvent"):
            for event in _bpmn(container, f"./bpmn:{kind}"):
                self._check_event(event, kind)
        is_event_subprocess = not is_process and container.get("triggeredByEvent") == "true"
        check_starts(self, container, is_process=is_process, is_event_subprocess=is_event_subprocess)

    def _check_event(self, event, kind: str) -> None:
        """One event: its definitions are of the kinds this event may carry; timers and references check out."""
        definitions = [child for child in event if isinstance(child.tag, str)
                       and _qname(child)[0] == BPMN_NS and _qname(child)[1].endswith("EventDefinition")]
        allowed = _EVENT_KINDS[kind]
        if kind in ("boundaryEvent", "intermediateCatchEvent") and len(definitions) != 1:
            self.add(event, "unsupported_event", "边界事件和中间捕获事件须有且只有一个事件定义(定时、信号、错误或升级)")
            return
        if len(definitions) > 1:
            self.add(event, "unsupported_event", "一个事件只能有一个事件定义")
            return
        for definition in definitions:
            local = _qname(definition)[1]
            if local not in allowed:
                continue  # refused by the structure walk, with the element's own reason
            if local == "timerEventDefinition":
                self._check_timer(event, definition)
            if local in _EVENT_REFERENCES:
                self._check_reference(definition, *_EVENT_REFERENCES[local])
        if kind == "boundaryEvent" and definitions and _qname(definitions[0])[1] == "errorEventDefinition" \
                and event.get("cancelActivity") == "false":
            self.add(event, "unsupported_event", "错误边界事件总是中断所附活动,不能设为非中断")

    def _check_reference(self, definition, attribute: str, root_local: str) -> None:
        reference = definition.get(attribute)
        if reference is None and root_local == "error":
            return  # an error end without errorRef throws, and an error catch without it catches, any error
        roots = {node.get("id") for node in _bpmn(self.root, f"./bpmn:{root_local}")}
        if not reference or reference not in roots:
            names = {"signal": "信号", "error": "错误", "escalation": "升级"}
            self.add(definition, "bad_event_reference",
                     f"{names[root_local]}事件须引用本文件中定义的bpmn:{root_local}({attribute}={reference or '(空)'})")

    def _check_expression(self, element, text, check, code: str) -> None:
        try:
            check(text or "")
        except ExpressionRejected as exc:
            self.add(element, code, exc.message_zh)

    def _check_gateway(self, gateway, flows) -> None:
        # SpiffWorkflow raises "No conditions satisfied" at run time when no condition holds and there is no
        # default, for both kinds (SPIFFWORKFLOW-2.md §6): a default is required as soon as one flow has a condition
        kind = "包容网关" if _qname(gateway)[1] == "inclusiveGateway" else "排他网关"
        conditional = [f for f in flows if _bpmn(f, "./bpmn:conditionExpression")]
        default = gateway.get("default")
        flow_ids = {f.get("id") for f in flows}
        if default and default not in flow_ids:
            self.add(gateway, "bad_default", f"{kind}的默认流({default})不是其出口流")
        if len(flows) > 1 and conditional:
            if not default:
                self.add(gateway, "gateway_without_default", f"带条件的{kind}必须指定默认流(default)")
            for flow in flows:
                if flow.get("id") != default and flow not in conditional:
                    self.add(flow, "condition_missing", f"{kind}的非默认出口流缺少条件")

    def _check_timer(self, event, definition) -> None:
        specs = [child for child in definition
                 if isinstance(child.tag, str) and _qname(child) in _TIMER_TAGS]
        if len(specs) != 1:
            self.add(event, "bad_timer", "定时器必须且只能有一个timeDate、timeDuration或timeCycle")
            return
        kind = _qname(specs[0])[1]
        try:
            check_timer(specs[0].text or "", kind=kind)
        except ExpressionRejected as exc:
            # Named in the message: the designer's check lists a file's problems together (issue 11 §5).
            label = event.get("name") or event.get("id") or ""
            self.add(event, "bad_timer", f"定时器“{label}”({event.get('id')}):{exc.message_zh}")

    def _check_user_task(self, task, user_task_ids: set[str]) -> None:
        blocks = _bpmn(task, "./bpmn:extensionElements/spiffworkflow:properties")
        if len(blocks) > 1:
            self.add(task, "duplicate_properties", "用户任务只能有一个属性块(spiffworkflow:properties)")
        props: dict[str, str] = {}
        for prop in (p for block in blocks for p in _bpmn(block, "./spiffworkflow:property")):
            name, value = prop.get("name"), prop.get("value")
            if not name or value is None:
                self.add(task, "bad_property", "属性须同时有name和value")
                continue
            if name not in PROPERTY_NAMES:
                self.add(task, "unknown_property", f"用户任务的属性名未知:{name}")
                continue
            if name in props:
                self.add(task, "duplicate_property", f"用户任务的属性重复:{name}")
            props[name] = value.strip()

        roles = [r.strip() for r in props.get("role", "").split("|")]
        if not props.get("role"):
            self.add(task, "missing_role", "用户任务缺少角色(role)")
        elif any(r not in self.roles for r in roles):
            bad = ", ".join(r or "(空)" for r in roles if r not in self.roles)
            self.add(task, "unknown_role", f"用户任务的角色未知:{bad}")

        self._require_member(task, props, "scope", self.scopes, "missing_scope", "用户任务缺少范围(scope)",
                             "unknown_scope", "用户任务的范围未知")
        self._require_member(task, props, "stage", self.stages, "missing_stage", "用户任务缺少阶段(stage)",
                             "unknown_stage", "用户任务的阶段未知")

        form_key = props.get("formKey")
        if not form_key:
            self.add(task, "missing_form_key", "用户任务缺少表单(formKey)")
        elif form_key not in self.form_keys:
            self.add(task, "unknown_form_key", f"用户任务的表单未注册:{form_key}")

        article = props.get("article")
        if not article:
            self.add(task, "missing_article", "用户任务缺少条款依据(article)")
        elif not is_citation(article):
            self.add(task, "bad_article", f"条款依据须写作“第…条”或种子资料出处(如“004 十”):{article}")

        if "dueRule" in props and props["dueRule"] not in self.due_rules:
            self.add(task, "unknown_due_rule", f"用户任务的期限规则未知:{props['dueRule']}")
        if "effect" in props and props["effect"] not in self.effects:
            self.add(task, "unknown_effect", f"用户任务的业务效果未注册:{props['effect']}")
        if "assignee" in props and not _IDENTIFIER.match(props["assignee"]):
            self.add(task, "bad_assignee", f"assignee须是保存办理人用户标识的变量名:{props['assignee'] or '(空)'}")
        if "cosignersFromRole" in props:
            self._check_cosigners(task, props)
        if "notSameAs" in props:
            others = [part.strip() for part in props["notSameAs"].split(",")]
            for other in others:
                known = other in user_task_ids or other in self.caller_task_ids
                if not other or not known or other == task.get("id"):
                    self.add(task, "bad_not_same_as",
                             f"notSameAs须列出本流程或调用流程中其他用户任务的标识:{other or '(空)'}")

    def _check_cosigners(self, task, props: dict[str, str]) -> None:
        """``cosignersFromRole``: a registered role, on a multi-instance task whose each instance is one person.

        The collection is filled from the role's active holders when the step is entered (engine/cosigners.py),
        so the task must read a collection (loopDataInputRef) item by item (inputDataItem) and hand each child
        to the person its item names (``assignee`` = the input item).
        """
        role = props["cosignersFromRole"]
        if role not in self.roles:
            self.add(task, "unknown_cosigner_role", f"会签人员角色(cosignersFromRole)未注册:{role or '(空)'}")
        loop = task.find(f"{{{BPMN_NS}}}multiInstanceLoopCharacteristics")
        collection = loop.find(f"{{{BPMN_NS}}}loopDataInputRef") if loop is not None else None
        item = loop.find(f"{{{BPMN_NS}}}inputDataItem") if loop is not None else None
        if collection is None or not (collection.text or "").strip() or item is None:
            self.add(task, "cosigners_not_multi_instance",
                     "会签人员角色(cosignersFromRole)只能用于带输入集合(loopDataInputRef)和输入项(inputDataItem)的多实例任务")
        elif props.get("assignee") != (item.get("name") or item.get("id")):
            self.add(task, "cosigners_without_assignee",
                     "按角色会签的任务须把输入项设为办理人(assignee),使每个实例只分派给一人")

    def _require_member(self, task, props, name, allowed, missing_code, missing_msg,
                        unknown_code, unknown_msg):
        value = props.get(name)
        if not value:
            self.add(task, missing_code, missing_msg)
        elif value not in allowed:
            self.add(task, unknown_code, f"{unknown_msg}:{value}")

    def run(self) -> list[Problem]:
        namespace, local = _qname(self.root)
        if namespace != BPMN_NS or local != "definitions":
            self.add(None, "not_bpmn", "流程定义的根元素必须是bpmn:definitions")
            return self.problems
        self.check_structure(self.root, None, False)
        self.check_ids_and_placeholders()
        for process in _bpmn(self.root, "./bpmn:process"):
            self.check_process(process)
        return self.problems


def validate_tree(root: etree._Element, *, form_keys: Collection[str], effects: Collection[str],
                  known_process_ids: Collection[str], caller_task_ids: Collection[str] = ()) -> list[Problem]:
    """Return every convention problem of one parsed BPMN document (empty list: deployable)."""
    return _Validator(root, form_keys, effects, known_process_ids, caller_task_ids).run()


def user_task_ids(root: etree._Element) -> set[str]:
    """Return the ids of every user task in a document (notSameAs may name them from called processes)."""
    return {el.get("id") for el in root.iter(f"{{{BPMN_NS}}}userTask") if el.get("id")}


def validate_bundle(parsed, *, form_keys: Collection[str], effects: Collection[str],
                    known_process_ids: Collection[str] = ()) -> list[Problem]:
    """Run :func:`validate_tree` on every file of a :class:`engine.bpmn.specs.ParsedBundle`.

    Processes of the bundle count as known call targets besides ``known_process_ids``.
    """
    known = set(known_process_ids) | set(parsed.files_by_process)
    tasks = set().union(*(user_task_ids(root) for root in parsed.trees.values()))
    problems: list[Problem] = []
    for root in parsed.trees.values():
        problems.extend(validate_tree(root, form_keys=form_keys, effects=effects, known_process_ids=known,
                                      caller_task_ids=tasks))
    return problems
