"""A power item's power-operation flow chart (权力运行流程图) and the risk points marked on it (issue 12 §1).

Rules: each power has a flow chart on which risk points are marked (DOMAIN.md §5; 「000 第二篇」 权力运行流程);
「004 十」第三步 has the points looked for against the post's duties and the power-operation flow chart, so a
point's flow element must be an element of its item's chart. The chart is documentation only: saved without
task properties, never executable, parsed hardened and size-limited like every diagram.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.bpmn.loader import MAX_BPMN_BYTES
from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.seed import add_people
from processes.risk_points import create_risk_point
from processes.risk_points import revise_risk_point
from processes.risk_points.flow_chart import NOT_ON_CHART
from processes.risk_points.flow_chart import chart_elements
from processes.risk_points.flow_chart import create_chart
from processes.risk_points.flow_chart import load_chart
from processes.risk_points.flow_chart import marks
from processes.risk_points.flow_chart import save_chart
from processes.risk_points.models import PowerFlowChart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
POINT = {
    "scope": "office", "office": "政府采购股", "risk_type": "business_process", "level": 1,
    "title": "采购方式审批", "manifestations": "规避公开招标、拆分采购。",
    "measures": [{"text": "采购方式变更须两人审核", "owner": "分管副局长", "check_method": "抽查审批单"}],
}


EVENTS = ("StartEvent_1", "End_1")


def _shape(tid: str, x: int) -> str:
    width, height, y = (36, 36, 102) if tid in EVENTS else (100, 80, 80)
    return (f'<bpmndi:BPMNShape id="{tid}_di" bpmnElement="{tid}">'
            f'<dc:Bounds x="{x}" y="{y}" width="{width}" height="{height}" /></bpmndi:BPMNShape>')


def _edge(index: int, start: int, end: int) -> str:
    return (f'<bpmndi:BPMNEdge id="Flow_{index}_di" bpmnElement="Flow_{index}">'
            f'<di:waypoint x="{start}" y="120" /><di:waypoint x="{end}" y="120" /></bpmndi:BPMNEdge>')


def chart_xml(key: str, tasks: tuple[tuple[str, str], ...] = (("Task_accept", "受理申请"),
                                                               ("Task_approve", "审核审批")),
              *, executable: str = "false", extra: str = "") -> str:
    """A documentation chart: start, the given tasks in a row, end, joined by flows; no task properties at all."""
    ids = [EVENTS[0], *(tid for tid, _n in tasks), EVENTS[1]]
    pairs = list(zip(ids, ids[1:], strict=False))
    x = {tid: 150 + 160 * i for i, tid in enumerate(ids)}
    nodes = "".join(f'<bpmn:task id="{tid}" name="{name}" />' for tid, name in tasks)
    flows = "".join(f'<bpmn:sequenceFlow id="Flow_{i}" sourceRef="{a}" targetRef="{b}" />'
                    for i, (a, b) in enumerate(pairs))
    shapes = "".join(_shape(tid, x[tid]) for tid in ids)
    edges = "".join(_edge(i, x[a] + (36 if a in EVENTS else 100), x[b]) for i, (a, b) in enumerate(pairs))
    return (f'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="{BPMN}" '
            'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
            'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
            f'id="d" targetNamespace="t"><bpmn:process id="{key}" isExecutable="{executable}">'
            f'<bpmn:startEvent id="StartEvent_1" name="申请受理" />{nodes}<bpmn:endEvent id="End_1" name="办结" />'
            f'{flows}{extra}</bpmn:process><bpmndi:BPMNDiagram id="g"><bpmndi:BPMNPlane id="p" bpmnElement="{key}">'
            f'{shapes}{edges}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>')


def _item(world, code="CZ-CG-001", name="政府采购方式变更审批", unit="dept-finance") -> int:
    unit_id = world.unit_id(unit)
    with unit_of_work(world.factory) as session:
        item = PowerItem(unit_id=unit_id, code=code, name=name, major=True)
        session.add(item)
        session.flush()
        return item.id


def _chart(world, item_id: int, username="cz.head", xml: str | None = None) -> str:
    with unit_of_work(world.factory) as session:
        chart = create_chart(session, world.clock, world.actor(session, username), item_id)
        if xml is not None:
            save_chart(session, world.clock, world.actor(session, username), item_id, xml.replace("KEY", chart.key))
        return chart.key


def _point(world, data: dict, username="cz.head") -> int:
    unit_id = world.unit_id("dept-finance")
    with unit_of_work(world.factory) as session:
        return create_risk_point(session, world.clock, world.actor(session, username), unit_id, data).id


def test_a_new_chart_starts_with_a_start_event_and_the_items_name_and_is_documentation_only(risk_world):
    """Issue 12 §1: each power item gets its flow chart, seeded from the item, stored under its flow_chart_key."""
    item_id = _item(risk_world)
    key = _chart(risk_world, item_id)
    with risk_world.factory() as session:
        item = session.get(PowerItem, item_id)
        assert item.flow_chart_key == key == f"power_chart_{item_id}"
        chart = load_chart(session, item)
        assert chart.documentation_only and chart.version == 1
        assert chart.elements == {"StartEvent_1": "申请受理"}
        assert 'name="政府采购方式变更审批"' in chart.xml and 'isExecutable="false"' in chart.xml
        assert [(v.version, v.reason, v.content["flow_chart_key"]) for v in item.versions] == [
            (2, "新建权力运行流程图", key)]  # the item gets a new version: it now names its chart
        assert session.execute(select(AuditEvent.action).where(AuditEvent.object_type == "power_item",
                                                                AuditEvent.object_id == str(item_id))
                               ).scalars().all() == ["power_chart.created"]


def test_creating_twice_keeps_the_first_chart(risk_world):
    item_id = _item(risk_world)
    _chart(risk_world, item_id, xml=chart_xml("KEY"))
    _chart(risk_world, item_id)
    with risk_world.factory() as session:
        stored = session.execute(select(PowerFlowChart)).scalars().all()
        assert len(stored) == 1 and stored[0].version == 2 and "Task_approve" in stored[0].xml


def test_a_documentation_chart_saves_without_task_properties_and_counts_its_versions(risk_world):
    """No roles, forms or deadlines on its tasks: it is never run, so the designer's deploy checks do not apply."""
    item_id = _item(risk_world)
    key = _chart(risk_world, item_id, xml=chart_xml("KEY"))
    with risk_world.factory() as session:
        chart = load_chart(session, session.get(PowerItem, item_id))
        assert chart.version == 2
        assert chart.elements == {"StartEvent_1": "申请受理", "Task_accept": "受理申请", "Task_approve": "审核审批",
                                  "End_1": "办结"}
        assert "spiffworkflow" not in chart.xml and key in chart.xml


@pytest.mark.parametrize(("xml", "message"), [
    ("<bpmn:definitions", "流程定义不是格式正确的XML"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', "流程定义不得包含DOCTYPE或实体声明"),
    ("<a/>" + " " * MAX_BPMN_BYTES, "流程定义文件过大"),
    ('<a xmlns="urn:other"/>', "不是BPMN流程图"),
    (chart_xml("another_key"), "流程图应只含一个流程,且不能修改流程标识"),
    (chart_xml("KEY", executable="true"), "权力运行流程图仅作说明,不能设为可执行"),
    (chart_xml("KEY", extra='<bpmn:scriptTask id="S"><bpmn:script>import os</bpmn:script></bpmn:scriptTask>'),
     "流程图不得包含脚本任务或脚本"),
])
def test_a_chart_is_parsed_hardened_and_size_limited_like_every_diagram_and_nothing_is_stored(risk_world, xml,
                                                                                              message):
    item_id = _item(risk_world)
    _chart(risk_world, item_id)
    with pytest.raises(FormInvalid) as refused, unit_of_work(risk_world.factory) as session:
        save_chart(session, risk_world.clock, risk_world.actor(session, "cz.head"), item_id,
                   xml.replace("KEY", f"power_chart_{item_id}"))
    assert refused.value.status == 422 and refused.value.message_zh == "流程图未保存"
    assert message in refused.value.details["xml"][0]
    with risk_world.factory() as session:
        assert session.execute(select(PowerFlowChart.version)).scalar_one() == 1


def test_only_the_units_register_editors_draw_its_charts(risk_world):
    """access.py: a reader of the unit's register is refused (403); someone who may not read it, not found (404)."""
    item_id = _item(risk_world)
    with unit_of_work(risk_world.factory) as session:
        add_people(session, [("zy.someone", "正阳关镇干部", "town-zhengyang", ("office_head",))], password_hash="x")
    with pytest.raises(NotPermitted), unit_of_work(risk_world.factory) as session:
        create_chart(session, risk_world.clock, risk_world.actor(session, "cz.staff1"), item_id)
    with pytest.raises(NotFound), unit_of_work(risk_world.factory) as session:
        create_chart(session, risk_world.clock, risk_world.actor(session, "zy.someone"), item_id)
    _chart(risk_world, item_id)
    with pytest.raises(NotPermitted), unit_of_work(risk_world.factory) as session:
        save_chart(session, risk_world.clock, risk_world.actor(session, "cz.staff1"), item_id,
                   chart_xml(f"power_chart_{item_id}"))


def test_a_risk_point_is_marked_on_an_element_of_its_items_chart_004_ten_step_three(risk_world):
    """「004 十」第三步: points are found on the power-operation flow chart; the ★ is keyed by the element."""
    item_id = _item(risk_world)
    _chart(risk_world, item_id, xml=chart_xml("KEY"))
    first = _point(risk_world, {**POINT, "power_item_id": item_id, "flow_element_id": "Task_approve"})
    second = _point(risk_world, {**POINT, "level": 2, "title": "采购需求审核", "power_item_id": item_id,
                                 "flow_element_id": "Task_approve"})
    with risk_world.factory() as session:
        by_element = marks(session, session.get(PowerItem, item_id))
        assert [p.id for p in by_element["Task_approve"]] == [first, second]  # worst level first
        assert by_element["Task_approve"][0].level == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"flow_element_id": "Task_invented"}, NOT_ON_CHART),
    ({"flow_element_id": "Task_approve", "power_item_id": None}, "标注流程图元素须先选择权力事项"),
])
def test_an_element_not_in_the_items_chart_is_refused_004_ten_step_three(risk_world, data, message):
    """「004 十」第三步: a point marked on an element the chart does not have is refused (422), nothing written."""
    item_id = _item(risk_world)
    _chart(risk_world, item_id, xml=chart_xml("KEY"))
    with pytest.raises(FormInvalid) as refused:
        _point(risk_world, {**POINT, "power_item_id": item_id, **data})
    assert refused.value.status == 422 and refused.value.details["flow_element_id"] == [message]
    with risk_world.factory() as session:
        assert session.execute(select(RiskPoint.id)).first() is None


def test_an_element_of_an_item_without_a_chart_is_refused(risk_world):
    item_id = _item(risk_world)
    with pytest.raises(FormInvalid) as refused:
        _point(risk_world, {**POINT, "power_item_id": item_id, "flow_element_id": "Task_approve"})
    assert refused.value.details["flow_element_id"] == ["该权力事项还没有权力运行流程图"]


def test_a_revision_moves_the_mark_and_a_save_that_drops_a_marked_element_is_refused(risk_world):
    item_id = _item(risk_world)
    _chart(risk_world, item_id, xml=chart_xml("KEY"))
    point_id = _point(risk_world, {**POINT, "power_item_id": item_id, "flow_element_id": "Task_approve"})
    without = chart_xml(f"power_chart_{item_id}", (("Task_accept", "受理申请"),))
    with pytest.raises(FormInvalid) as refused, unit_of_work(risk_world.factory) as session:
        save_chart(session, risk_world.clock, risk_world.actor(session, "cz.head"), item_id, without)
    assert "采购方式审批(Task_approve)" in refused.value.details["xml"][0]
    with unit_of_work(risk_world.factory) as session:
        revise_risk_point(session, risk_world.clock, risk_world.actor(session, "cz.head"), point_id,
                          {**POINT, "power_item_id": item_id, "flow_element_id": "Task_accept"}, "审批环节合并")
    with unit_of_work(risk_world.factory) as session:
        save_chart(session, risk_world.clock, risk_world.actor(session, "cz.head"), item_id, without)
    with risk_world.factory() as session:
        point = session.get(RiskPoint, point_id)
        assert point.flow_element_id == "Task_accept" and point.version == 2


def test_chart_elements_lists_the_links_of_the_flow_not_its_connections(risk_world):
    elements = chart_elements(chart_xml("k"), "k")
    assert "Flow_1" in chart_xml("k") and "Flow_1" not in elements
    assert list(elements) == ["StartEvent_1", "Task_accept", "Task_approve", "End_1"]


def test_a_unit_that_wants_its_chart_run_has_it_deployed_under_the_key_and_points_mark_its_steps(risk_world):
    """Issue 12 §1: a chart can be executable where the unit wants its approvals run here. A process deployed
    under the item's flow_chart_key (by the designers' four-eyes publication) is the chart: read only here, not
    restarted as a documentation chart, and risk points are marked on its steps (「004 十」第三步)."""
    item_id = _item(risk_world)
    with unit_of_work(risk_world.factory) as session:
        session.get(PowerItem, item_id).flow_chart_key = "risk_identification"  # a deployed executable process
    with risk_world.factory() as session:
        chart = load_chart(session, session.get(PowerItem, item_id))
        assert not chart.documentation_only and chart.version == 1 and "self_find" in chart.elements
    with pytest.raises(FormInvalid) as refused, unit_of_work(risk_world.factory) as session:
        create_chart(session, risk_world.clock, risk_world.actor(session, "cz.head"), item_id)
    assert "请在流程设计中修改" in refused.value.message_zh
    point_id = _point(risk_world, {**POINT, "power_item_id": item_id, "flow_element_id": "self_find"})
    with risk_world.factory() as session:
        assert session.get(RiskPoint, point_id).flow_element_id == "self_find"
