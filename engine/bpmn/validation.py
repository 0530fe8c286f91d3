"""Deploy-time validation of a BPMN diagram against the project's conventions (SECURITY.md 13, 19).

:func:`validate_tree` walks a tree produced by :func:`engine.bpmn.loader.parse_xml` and returns every
problem found (an empty list means the diagram may be deployed). It never evaluates anything: names,
documentation and expressions are only read.

Checks:
* an element allowlist: definitions, processes, collaboration/lanes, none start/end events, user tasks,
  exclusive/parallel gateways, timer boundary events, call activities, sequence flows and conditions,
  documentation, text annotations and the diagram interchange; anything else (script/service/send
  tasks, scripts, ``spiffworkflow:preScript`` …, Camunda/Activiti/Flowable listeners, unknown extension
  elements, vendor attributes) is a problem with the element id;
* every user task's ``spiffworkflow:properties`` (role, scope, formKey, stage, article, optional dueRule,
  effect, notSameAs) against the words the registered regulations bring (:mod:`engine.registry`: roles,
  scopes, stages, due rules) and the registered form keys and effects;
* every condition and timer against :mod:`engine.bpmn.expressions`;
* exclusive gateways with conditions have a ``default`` flow among their outgoing flows;
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
from engine.registry import REGISTRY

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
    "startEvent": frozenset({"process"}),
    "endEvent": frozenset({"process"}),
    "userTask": frozenset({"process"}),
    "exclusiveGateway": frozenset({"process"}),
    "parallelGateway": frozenset({"process"}),
    "boundaryEvent": frozenset({"process"}),
    "callActivity": frozenset({"process"}),
    "sequenceFlow": frozenset({"process"}),
    "conditionExpression": frozenset({"sequenceFlow"}),
    "timerEventDefinition": frozenset({"boundaryEvent"}),
    "timeDate": frozenset({"timerEventDefinition"}),
    "timeDuration": frozenset({"timerEventDefinition"}),
    "timeCycle": frozenset({"timerEventDefinition"}),
    "documentation": None,
    "extensionElements": None,
    "textAnnotation": frozenset({"process", "collaboration"}),
    "text": frozenset({"textAnnotation"}),
    "association": frozenset({"process", "collaboration"}),
    "incoming": None,
    "outgoing": None,
}

_DI_ELEMENTS = {
    BPMNDI_NS: frozenset({"BPMNDiagram", "BPMNPlane", "BPMNShape", "BPMNEdge", "BPMNLabel",
                          "BPMNLabelStyle"}),
    DC_NS: frozenset({"Bounds", "Font"}),
    DI_NS: frozenset({"waypoint"}),
}

_SCRIPT_ELEMENTS = frozenset({"scriptTask", "script"})
_SERVICE_ELEMENTS = frozenset({"serviceTask", "sendTask", "receiveTask", "businessRuleTask"})
_SPIFF_CODE_EXTENSIONS = frozenset({"preScript", "postScript", "serviceTaskOperator", "calledDecisionId",
                                    "unitTests", "messagePayload", "payloadExpression"})

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
            if local.endswith("EventDefinition"):
                self.add(element, "unsupported_event",
                         f"只允许无类型的开始/结束事件和定时边界事件,不支持:{local}")
            else:
                self.add(element, "unsupported_element", f"流程中不允许此元素:{local}")
            return False
        parents = _BPMN_ELEMENTS[local]
        is_root = local == "definitions" and parent_local is None
        if parents is not None and parent_local not in parents and not is_root:
            if local == "timerEventDefinition":
                self.add(element, "unsupported_event", "定时器只能用作边界事件;开始/结束事件须为无类型事件")
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
            if local == "property" and parent_local == "properties":
                return True
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
        user_task_ids = {task.get("id") for task in _bpmn(process, "./bpmn:userTask")}
        for task in _bpmn(process, "./bpmn:userTask"):
            self._check_user_task(task, user_task_ids)
        flows = _bpmn(process, "./bpmn:sequenceFlow")
        outgoing: dict[str, list] = {}
        for flow in flows:
            outgoing.setdefault(flow.get("sourceRef"), []).append(flow)
            for condition in _bpmn(flow, "./bpmn:conditionExpression"):
                self._check_expression(flow, condition.text, check_condition, "bad_condition")
        for gateway in _bpmn(process, "./bpmn:exclusiveGateway"):
            self._check_gateway(gateway, outgoing.get(gateway.get("id"), []))
        attachable = {node.get("id") for node in _bpmn(process, "./bpmn:userTask | ./bpmn:callActivity")}
        for event in _bpmn(process, "./bpmn:boundaryEvent"):
            if event.get("attachedToRef") not in attachable:
                self.add(event, "bad_attachment", "边界事件只能附着在同一流程的用户任务或调用活动上")
            self._check_boundary(event)
        local_ids = {p.get("id") for p in _bpmn(self.root, "./bpmn:process")}
        for call in _bpmn(process, "./bpmn:callActivity"):
            called = (call.get("calledElement") or "").strip()
            if not called:
                self.add(call, "call_missing_target", "调用活动缺少被调用流程(calledElement)")
            elif called not in self.known_process_ids and called not in local_ids:
                self.add(call, "call_unknown_process", f"调用活动引用了未知流程:{called}")

    def _check_expression(self, element, text, check, code: str) -> None:
        try:
            check(text or "")
        except ExpressionRejected as exc:
            self.add(element, code, exc.message_zh)

    def _check_gateway(self, gateway, flows) -> None:
        conditional = [f for f in flows if _bpmn(f, "./bpmn:conditionExpression")]
        default = gateway.get("default")
        flow_ids = {f.get("id") for f in flows}
        if default and default not in flow_ids:
            self.add(gateway, "bad_default", f"排他网关的默认流({default})不是其出口流")
        if len(flows) > 1 and conditional:
            if not default:
                self.add(gateway, "gateway_without_default", "带条件的排他网关必须指定默认流(default)")
            for flow in flows:
                if flow.get("id") != default and flow not in conditional:
                    self.add(flow, "condition_missing", "排他网关的非默认出口流缺少条件")

    def _check_boundary(self, event) -> None:
        timers = _bpmn(event, "./bpmn:timerEventDefinition")
        if len(timers) != 1:
            self.add(event, "unsupported_event", "边界事件只能是定时器事件")
            return
        specs = [child for child in timers[0]
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
        elif "第" not in article or "条" not in article:
            self.add(task, "bad_article", f"条款依据须写作“第…条”:{article}")

        if "dueRule" in props and props["dueRule"] not in self.due_rules:
            self.add(task, "unknown_due_rule", f"用户任务的期限规则未知:{props['dueRule']}")
        if "effect" in props and props["effect"] not in self.effects:
            self.add(task, "unknown_effect", f"用户任务的业务效果未注册:{props['effect']}")
        if "notSameAs" in props:
            others = [part.strip() for part in props["notSameAs"].split(",")]
            for other in others:
                known = other in user_task_ids or other in self.caller_task_ids
                if not other or not known or other == task.get("id"):
                    self.add(task, "bad_not_same_as",
                             f"notSameAs须列出本流程或调用流程中其他用户任务的标识:{other or '(空)'}")

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
