"""The designer's check (检查) of a large diagram: the shipped warning_case grown to ~300 KB (issue 11 §5).

A designer who grows a procedure adds steps and decisions: the diagram here is ``warning_case`` with blocks
inserted before the subject proposal, each a screening step with a choice (the implementation-plan form's
``method``), an exclusive gateway on it, two branches and a merge, every element drawn (shapes and edges),
as the modeler saves it. The check is ``engine.operations.designs.draft_problems`` (deploy validation and
the registered regulations' rules, the Measures' walked in context), timed beside bare SpiffWorkflow parsing the
same file.
"""
from __future__ import annotations

import time
from pathlib import Path

from lxml import etree
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from engine.design_rules import check_design

PROCESSES = Path(__file__).resolve().parent.parent / "processes" / "measures"
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC",
      "di": "http://www.omg.org/spec/DD/20100524/DI",
      "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
      "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
#: the decisions the blocks take in turn: (form, the choice it writes, the condition a gateway reads); one
#: block's choice stays in the data until the same form comes round again, as a designer's steps keep theirs
DECISIONS = (
    ("implementation_plan", "method in ('talk', 'written_and_talk')"),
    ("handover", "handover_kind == 'case_filed'"),
    ("talk_record", "subject_signed == True"),
    ("notice_issue", "delivery_method == 'post'"),
    ("rectification_progress", "progress == 'report_submitted'"),
    ("preliminary_check", "check_conclusion == 'confirmed'"),
)
#: the form of the two branches (no choice in it)
BRANCH_FORM = "source_feedback"
#: where the blocks go: between the screening's "handle here" and the subject proposal (第十四、十五条)
FLOW = "f_handle_here"
TARGET = "propose_subject"


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _task(process, task_id: str, name: str, form_key: str) -> etree._Element:
    task = etree.SubElement(process, _q("bpmn", "userTask"), id=task_id, name=name)
    etree.SubElement(task, _q("bpmn", "documentation")).text = (
        f"{name}:按干部管理权限对线索作进一步分流前的核查与记录(第十四条),由预警办办理,结果写入案件台帐。")
    block = etree.SubElement(etree.SubElement(task, _q("bpmn", "extensionElements")), _q("spiffworkflow", "properties"))
    for key, value in (("role", "warning_office"), ("scope", "handling"), ("formKey", form_key),
                       ("stage", "screening"), ("article", "第十四条")):
        etree.SubElement(block, _q("spiffworkflow", "property"), name=key, value=value)
    return task


def _flow(process, plane, flow_id: str, source: str, target: str, points, condition: str | None = None) -> None:
    flow = etree.SubElement(process, _q("bpmn", "sequenceFlow"), id=flow_id, sourceRef=source, targetRef=target)
    if condition is not None:
        expression = etree.SubElement(flow, _q("bpmn", "conditionExpression"))
        expression.set(_q("xsi", "type"), "bpmn:tFormalExpression")
        expression.text = condition
    edge = etree.SubElement(plane, _q("bpmndi", "BPMNEdge"), id=f"{flow_id}_di", bpmnElement=flow_id)
    for x, y in points:
        etree.SubElement(edge, _q("di", "waypoint"), x=str(x), y=str(y))


def _shape(plane, element_id: str, x: int, y: int, width: int, height: int) -> None:
    shape = etree.SubElement(plane, _q("bpmndi", "BPMNShape"), id=f"{element_id}_di", bpmnElement=element_id)
    etree.SubElement(shape, _q("dc", "Bounds"), x=str(x), y=str(y), width=str(width), height=str(height))


def grown_warning_case(target_bytes: int = 300_000, *, blocks: int | None = None) -> bytes:
    """The shipped warning_case with decision blocks inserted until the file is about ``target_bytes``
    (or with exactly ``blocks`` of them)."""
    root = etree.fromstring((PROCESSES / "warning_case.bpmn").read_bytes())
    process = root.find("bpmn:process", NS)
    plane = root.find(".//bpmndi:BPMNPlane", NS)
    incoming = process.find(f"bpmn:sequenceFlow[@id='{FLOW}']", NS)
    target = process.find(f"bpmn:userTask[@id='{TARGET}']", NS)
    previous = incoming.get("sourceRef")
    incoming.getparent().remove(incoming)
    for edge in plane.findall(f"bpmndi:BPMNEdge[@bpmnElement='{FLOW}']", NS):
        plane.remove(edge)
    for ref in target.findall("bpmn:incoming", NS):
        if ref.text == FLOW:
            target.remove(ref)
    block = 0
    while block == 0 or (block < blocks if blocks is not None
                         else len(etree.tostring(root, encoding="UTF-8")) < target_bytes):
        block += 1
        x, y = 2000 + block * 700, 900
        ask, gateway, talk, written, merge = (f"b{block}_ask", f"b{block}_gw", f"b{block}_talk",
                                              f"b{block}_written", f"b{block}_merge")
        form_key, condition = DECISIONS[(block - 1) % len(DECISIONS)]
        _task(process, ask, f"核查方式{block}", form_key)
        gw = etree.SubElement(process, _q("bpmn", "exclusiveGateway"), id=gateway, name=f"是否谈话{block}?",
                              default=f"{gateway}_default")
        _task(process, talk, f"谈话核查{block}", BRANCH_FORM)
        _task(process, written, f"书面核查{block}", BRANCH_FORM)
        etree.SubElement(process, _q("bpmn", "exclusiveGateway"), id=merge, name=f"汇合{block}")
        # the first block keeps the routing gateway's default flow; the others follow the previous merge
        _flow(process, plane, FLOW if block == 1 else f"{ask}_in", previous, ask, [(x - 60, y + 40), (x, y + 40)])
        _flow(process, plane, f"{ask}_out", ask, gateway, [(x + 100, y + 40), (x + 150, y + 40)])
        _flow(process, plane, f"{gateway}_talk", gateway, talk,
              [(x + 175, y + 15), (x + 175, y - 60), (x + 250, y - 60)], condition=condition)
        _flow(process, plane, f"{gateway}_default", gateway, written,
              [(x + 175, y + 65), (x + 175, y + 140), (x + 250, y + 140)])
        _flow(process, plane, f"{talk}_out", talk, merge, [(x + 350, y - 60), (x + 425, y - 60), (x + 425, y + 15)])
        _flow(process, plane, f"{written}_out", written, merge, [(x + 350, y + 140), (x + 425, y + 140),
                                                                 (x + 425, y + 65)])
        for element_id, ex, ey, width, height in ((ask, x, y, 100, 80), (gateway, x + 150, y + 15, 50, 50),
                                                  (talk, x + 250, y - 100, 100, 80),
                                                  (written, x + 250, y + 100, 100, 80),
                                                  (merge, x + 400, y + 15, 50, 50)):
            _shape(plane, element_id, ex, ey, width, height)
        gw.set("default", f"{gateway}_default")
        previous = merge
    _flow(process, plane, "f_grown_end", previous, TARGET,
          [(2000 + block * 700 + 450, 940), (2000 + block * 700 + 500, 940)])
    # incoming/outgoing references, as the modeler writes them
    for flow in process.findall("bpmn:sequenceFlow", NS):
        source = process.find(f"*[@id='{flow.get('sourceRef')}']")
        sink = process.find(f"*[@id='{flow.get('targetRef')}']")
        if source is not None and not any(ref.text == flow.get("id") for ref in source.findall("bpmn:outgoing", NS)):
            etree.SubElement(source, _q("bpmn", "outgoing")).text = flow.get("id")
        if sink is not None and not any(ref.text == flow.get("id") for ref in sink.findall("bpmn:incoming", NS)):
            ref = etree.Element(_q("bpmn", "incoming"))
            ref.text = flow.get("id")
            first_out = sink.find("bpmn:outgoing", NS)
            if first_out is not None:
                first_out.addprevious(ref)   # the schema wants every incoming before the outgoing
            else:
                sink.append(ref)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def bare_parse_seconds(data: bytes) -> float:
    """Bare SpiffWorkflow: parse the same file and build its spec (what any engine must do with it)."""
    started = time.perf_counter()
    parser = SpiffBpmnParser()
    parser.add_bpmn_xml(etree.fromstring(data), filename="warning_case.bpmn")
    parser.get_spec("warning_case")
    return time.perf_counter() - started


def designer_check_workload(session_factory, data: bytes, repeats: int = 3) -> dict:
    """Time the designer's check of ``data`` (best of ``repeats``) and count its problems."""
    times, problems = [], []
    for _ in range(repeats):
        with session_factory() as session:
            started = time.perf_counter()
            problems = check_design(session, "warning_case.bpmn", data)
            times.append(time.perf_counter() - started)
    return {"seconds": min(times), "problems": problems, "bytes": len(data)}
