"""A power item's power-operation flow chart (权力运行流程图) and the risk points marked on its elements (★).

「004 十」第三步 has each person look for risk points "对照岗位职责和权力运行流程图"; 「000 第二篇」 asks each power
to be drawn as its operation flow (权力运行流程) so the links where power may be abused can be marked on it.
DOMAIN.md §5: each power has such a chart, on which risk points are marked (★) — a BPMN diagram here.

How a chart is kept (issue 12 §1): a documentation-only BPMN diagram, one per power item, in the package's table
``power_flow_chart`` under the item's ``flow_chart_key`` (models.PowerFlowChart). It is drawn in the designer's
bpmn-js modeler but is a record of the unit's register, so the register's editors keep it (access.py), not the
process designers' four-eyes publication. It is never run: the process must say ``isExecutable="false"`` and it
needs no task properties (roles, forms, deadlines); it is still parsed by the one hardened loader
(engine/bpmn/loader.py: size cap, no DTD or entities) and scripts are refused in it as everywhere. A unit that
wants the approvals run here has a designer deploy an executable process under the same key; the chart then
shows that deployed version, edited in the designer.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.bpmn.loader import parse_xml
from engine.clock import Clock
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.models import ProcessDefinition
from engine.models.definitions import DefinitionKind
from processes.risk_points.access import check_editable
from processes.risk_points.access import check_readable
from processes.risk_points.models import PowerFlowChart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from processes.risk_points.power_list import record_item_version

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_NS = {"bpmn": BPMN_NS}
#: the elements a risk point may be marked on: the links of the flow (「004 十」第三步 查找风险点 on the chart)
MARKABLE = frozenset({
    "task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask", "callActivity",
    "subProcess", "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    "exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway",
})
#: the message of a risk point marked on an element its item's chart does not have (register.validate)
NOT_ON_CHART = "该元素不在此权力事项的权力运行流程图中(004 十 第三步:对照权力运行流程图查找风险点)"


def chart_key(item: PowerItem) -> str:
    """The BPMN process id of an item's chart: stable, unique, a valid XML id whatever the item's code."""
    return f"power_chart_{item.id}"


def seed_xml(key: str, name: str) -> str:
    """A new chart: the item's name on a documentation-only process with one start event, laid out for bpmn-js."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        f'id="Definitions_{key}" targetNamespace="http://lianjing.example/power-charts">\n'
        f'  <bpmn:process id="{key}" name={quoteattr(name)} isExecutable="false">\n'
        f'    <bpmn:documentation>{escape(name)}:权力运行流程图(仅作说明,不运行)</bpmn:documentation>\n'
        '    <bpmn:startEvent id="StartEvent_1" name="申请受理" />\n'
        '  </bpmn:process>\n'
        f'  <bpmndi:BPMNDiagram id="BPMNDiagram_{key}">\n'
        f'    <bpmndi:BPMNPlane id="BPMNPlane_{key}" bpmnElement="{key}">\n'
        '      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">\n'
        '        <dc:Bounds x="152" y="102" width="36" height="36" />\n'
        '      </bpmndi:BPMNShape>\n'
        '    </bpmndi:BPMNPlane>\n'
        '  </bpmndi:BPMNDiagram>\n'
        '</bpmn:definitions>\n')


def _refuse(message: str) -> FormInvalid:
    return FormInvalid("流程图未保存", details={"xml": [message]})


def chart_elements(xml: str, key: str) -> dict[str, str]:
    """Parse a documentation-only chart, hardened, and return its markable elements: id → name (in order).

    :raise FormInvalid: (422) what the loader refuses, another root or process id, an executable process, a
        script: nothing is stored.
    """
    data = xml.encode("utf-8") if isinstance(xml, str) else b""
    try:  # the loader's size cap (MAX_BPMN_BYTES) and XML defences, as for every diagram
        root = parse_xml(data, filename=f"{key}.bpmn")
    except DefinitionRejected as problem:
        raise _refuse(problem.message_zh) from None
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise _refuse("不是BPMN流程图(根元素应为bpmn:definitions)")
    processes = root.xpath("./bpmn:process", namespaces=_NS)
    if len(processes) != 1 or processes[0].get("id") != key:
        raise _refuse("流程图应只含一个流程,且不能修改流程标识")
    if processes[0].get("isExecutable", "false").strip().lower() != "false":
        raise _refuse("权力运行流程图仅作说明,不能设为可执行;需要在系统中运行审批的,请由流程设计员另行设计发布")
    if root.xpath(".//bpmn:scriptTask | .//bpmn:script", namespaces=_NS):
        raise _refuse("流程图不得包含脚本任务或脚本")
    elements: dict[str, str] = {}
    for node in processes[0].iter():
        if isinstance(node.tag, str) and etree.QName(node).namespace == BPMN_NS \
                and etree.QName(node).localname in MARKABLE and node.get("id"):
            elements[node.get("id")] = (node.get("name") or "").strip()
    return elements


@dataclass(frozen=True)
class Chart:
    """What the chart page shows: the XML, whether it is the documentation chart kept here, and its elements."""

    key: str
    xml: str
    documentation_only: bool
    version: int | None
    elements: dict[str, str]


def get_item(session: Session, user, item_id: int) -> PowerItem:
    """The power item ``item_id`` if the user reads its unit's register, else 404 (SECURITY.md 24)."""
    item = session.get(PowerItem, item_id)
    if item is None:
        raise NotFound("权力事项不存在")
    check_readable(session, user, item.unit_id)
    return item


def _stored(session: Session, item: PowerItem) -> PowerFlowChart | None:
    return session.execute(select(PowerFlowChart).where(PowerFlowChart.power_item_id == item.id)).scalar_one_or_none()


def load_chart(session: Session, item: PowerItem) -> Chart | None:
    """The item's chart: its documentation chart, else the newest process deployed under its key, else None."""
    stored = _stored(session, item)
    if stored is not None:
        return Chart(stored.key, stored.xml, True, stored.version, chart_elements(stored.xml, stored.key))
    if not item.flow_chart_key:
        return None
    deployed = session.execute(
        select(ProcessDefinition).where(ProcessDefinition.key == item.flow_chart_key,
                                        ProcessDefinition.kind == DefinitionKind.PROCESS)
        .order_by(ProcessDefinition.version.desc()).limit(1)).scalar_one_or_none()
    if deployed is None:
        return None
    root = parse_xml(deployed.xml.encode("utf-8"), filename=deployed.filename)
    elements = {node.get("id"): (node.get("name") or "").strip()
                for node in root.iter() if isinstance(node.tag, str) and etree.QName(node).namespace == BPMN_NS
                and etree.QName(node).localname in MARKABLE and node.get("id")}
    return Chart(deployed.key, deployed.xml, False, deployed.version, elements)


def create_chart(session: Session, clock: Clock, actor: Actor, item_id: int) -> PowerFlowChart:
    """Start an item's chart, seeded with a start event and the item's name; an existing chart is returned as is.

    Only the unit's register editors (access.py): others 403, a unit not read 404.
    """
    item = session.get(PowerItem, item_id)
    if item is None:
        raise NotFound("权力事项不存在")
    if actor.user is not None:
        check_editable(session, actor.user, item.unit_id)
    existing = _stored(session, item)
    if existing is not None:
        return existing
    if load_chart(session, item) is not None:
        raise FormInvalid("该权力事项的流程图已由流程设计员发布为可运行流程,请在流程设计中修改",
                          details={"xml": ["已有可运行的流程"]})
    key = chart_key(item)
    now = clock.now()
    chart = PowerFlowChart(power_item_id=item.id, key=key, xml=seed_xml(key, item.name), version=1,
                           updated_by_id=actor.user_id, created_at=now, updated_at=now)
    session.add(chart)
    item.flow_chart_key = key
    record_item_version(session, clock, actor, item, "新建权力运行流程图")
    audit.record(session, clock, actor, "power_chart.created", "power_item", item.id,
                 after={"key": key, "version": 1})
    return chart


def save_chart(session: Session, clock: Clock, actor: Actor, item_id: int, xml: str) -> PowerFlowChart:
    """Store a new version of an item's documentation chart, after the hardened parse and the chart's rules.

    A risk point marked on an element the new chart no longer has would lose its ★: refused (422), naming it,
    so the editor moves the mark first (「004 十」第三步: the points are found on the chart).
    """
    item = session.get(PowerItem, item_id)
    if item is None:
        raise NotFound("权力事项不存在")
    if actor.user is not None:
        check_editable(session, actor.user, item.unit_id)
    chart = _stored(session, item)
    if chart is None:
        raise NotFound("该权力事项还没有流程图")
    if not isinstance(xml, str):
        raise _refuse("流程图应为XML文本")
    elements = chart_elements(xml, chart.key)
    orphans = session.execute(select(RiskPoint.title, RiskPoint.flow_element_id).where(
        RiskPoint.power_item_id == item.id, RiskPoint.flow_element_id.is_not(None))).all()
    lost = [f"{title}({element})" for title, element in orphans if element not in elements]
    if lost:
        raise FormInvalid("流程图未保存:以下风险点标注的元素已被删除,请先修改这些风险点",
                          details={"xml": ["、".join(lost)]})
    if xml == chart.xml:
        return chart
    chart.xml = xml
    chart.version += 1
    chart.updated_by_id = actor.user_id
    chart.updated_at = clock.now()
    audit.record(session, clock, actor, "power_chart.saved", "power_item", item.id,
                 after={"key": chart.key, "version": chart.version, "elements": len(elements)})
    return chart


def check_flow_element(session: Session, power_item_id: int | None, element_id: str | None) -> str | None:
    """Return the problem of marking a risk point on ``element_id``, or None when it is on the item's chart.

    「004 十」第三步: risk points are looked for on the power-operation flow chart, so a point's flow element must
    be an element of its power item's chart.
    """
    if element_id is None:
        return None
    if power_item_id is None:
        return "标注流程图元素须先选择权力事项"
    item = session.get(PowerItem, power_item_id)
    chart = load_chart(session, item) if item is not None else None
    if chart is None:
        return "该权力事项还没有权力运行流程图"
    if element_id not in chart.elements:
        return NOT_ON_CHART
    return None


def marks(session: Session, item: PowerItem) -> dict[str, list[RiskPoint]]:
    """The item's risk points by the element they are marked on, most serious first (the chart's ★)."""
    rows = session.execute(select(RiskPoint).where(RiskPoint.power_item_id == item.id,
                                                   RiskPoint.flow_element_id.is_not(None))
                           .order_by(RiskPoint.level, RiskPoint.id)).scalars()
    by_element: dict[str, list[RiskPoint]] = {}
    for point in rows:
        by_element.setdefault(point.flow_element_id, []).append(point)
    return by_element
