"""Edit the shipped diagrams as a designer would, for tests of versions: text replacements and a step inserted
on a sequence flow (with its shape, so that the diagrams draw it)."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

PROCESSES = Path(__file__).resolve().parents[1] / "processes" / "measures"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}


def shipped(process_id: str) -> str:
    """The XML of a shipped diagram."""
    return (PROCESSES / f"{process_id}.bpmn").read_text(encoding="utf-8")


def replaced(xml: str, *replacements: tuple[str, str]) -> str:
    """Apply text replacements, each of which must match."""
    for old, new in replacements:
        assert old in xml, old
        xml = xml.replace(old, new)
    return xml


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _bounds(root, element_id: str):
    return root.xpath(f"//bpmndi:BPMNShape[@bpmnElement='{element_id}']/dc:Bounds", namespaces=NS)[0]


def insert_task(xml: str, flow_id: str, task_id: str, name: str, properties: dict[str, str], *,
                x: int, y: int) -> str:
    """Put a new user task on sequence flow ``flow_id``: the flow now ends at the task, a new flow leads on.

    The task is drawn at (x, y) (100 × 80) in the lane of the flow's old target.
    """
    root = etree.fromstring(xml.encode("utf-8"))
    flow = root.xpath(f"//bpmn:sequenceFlow[@id='{flow_id}']", namespaces=NS)[0]
    process = flow.getparent()
    target_id = flow.get("targetRef")
    target = process.xpath(f"./*[@id='{target_id}']")[0]
    flow.set("targetRef", task_id)
    on_flow = f"{task_id}_out"

    task = etree.SubElement(process, _q("bpmn", "userTask"), id=task_id, name=name)
    documentation = etree.SubElement(task, _q("bpmn", "documentation"))
    documentation.text = f"{name}({properties.get('article', '')})。"
    extensions = etree.SubElement(task, _q("bpmn", "extensionElements"))
    block = etree.SubElement(extensions, _q("spiffworkflow", "properties"))
    for key, value in properties.items():
        etree.SubElement(block, _q("spiffworkflow", "property"), name=key, value=value)
    etree.SubElement(task, _q("bpmn", "incoming")).text = flow_id
    etree.SubElement(task, _q("bpmn", "outgoing")).text = on_flow
    for incoming in target.findall(_q("bpmn", "incoming")):
        if incoming.text == flow_id:
            incoming.text = on_flow
    etree.SubElement(process, _q("bpmn", "sequenceFlow"), id=on_flow, sourceRef=task_id, targetRef=target_id)
    for lane in root.xpath(f"//bpmn:lane[bpmn:flowNodeRef='{target_id}']", namespaces=NS):
        etree.SubElement(lane, _q("bpmn", "flowNodeRef")).text = task_id

    plane = root.xpath("//bpmndi:BPMNPlane", namespaces=NS)[0]
    shape = etree.SubElement(plane, _q("bpmndi", "BPMNShape"), id=f"{task_id}_di", bpmnElement=task_id)
    etree.SubElement(shape, _q("dc", "Bounds"), x=str(x), y=str(y), width="100", height="80")
    target_bounds = _bounds(root, target_id)
    edge = root.xpath(f"//bpmndi:BPMNEdge[@bpmnElement='{flow_id}']", namespaces=NS)[0]
    points = edge.findall(_q("di", "waypoint"))
    for point in points[1:]:
        edge.remove(point)
    start = (float(points[0].get("x")), float(points[0].get("y")))
    # right angles: out of the old start, down or up to the task's middle, into its left side
    bend = [(start[0] + 15, start[1]), (start[0] + 15, y + 40), (x, y + 40)]
    for point in reversed(bend):
        points[0].addnext(etree.Element(_q("di", "waypoint"), x=str(int(point[0])), y=str(int(point[1]))))
    out = etree.SubElement(plane, _q("bpmndi", "BPMNEdge"), id=f"{on_flow}_di", bpmnElement=on_flow)
    tx, ty = float(target_bounds.get("x")), float(target_bounds.get("y"))
    tw, th = float(target_bounds.get("width")), float(target_bounds.get("height"))
    centre = tx + tw / 2
    if y > ty + th:  # below the target: up from the task's top into the target's bottom
        middle = (y + ty + th) / 2
        route = [(x + 50, y), (x + 50, middle), (centre, middle), (centre, ty + th)]
    else:
        route = [(x + 100, y + 40), (centre, y + 40), (centre, ty if y + 40 < ty else ty + th)]
    for point in dict.fromkeys(route):
        etree.SubElement(out, _q("di", "waypoint"), x=str(int(point[0])), y=str(int(point[1])))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def remove_task(xml: str, task_id: str) -> str:
    """Take a task with one outgoing flow out of its process: its incoming flows lead straight to its successor."""
    root = etree.fromstring(xml.encode("utf-8"))
    task = root.xpath(f"//bpmn:*[@id='{task_id}']", namespaces=NS)[0]
    process = task.getparent()
    (outgoing,) = process.xpath(f"./bpmn:sequenceFlow[@sourceRef='{task_id}']", namespaces=NS)
    successor_id = outgoing.get("targetRef")
    successor = process.xpath(f"./*[@id='{successor_id}']")[0]
    for incoming_ref in successor.findall(_q("bpmn", "incoming")):
        if incoming_ref.text == outgoing.get("id"):
            successor.remove(incoming_ref)
    anchor = successor.findall(_q("bpmn", "incoming"))[-1] if successor.findall(_q("bpmn", "incoming")) else None
    for flow in process.xpath(f"./bpmn:sequenceFlow[@targetRef='{task_id}']", namespaces=NS):
        flow.set("targetRef", successor_id)
        ref = etree.Element(_q("bpmn", "incoming"))
        ref.text = flow.get("id")
        if anchor is not None:
            anchor.addnext(ref)
        else:
            successor.find(_q("bpmn", "outgoing")).addprevious(ref)
        anchor = ref
    for element_id in (task_id, outgoing.get("id")):
        for node in root.xpath(f"//*[@id='{element_id}'] | //bpmndi:*[@bpmnElement='{element_id}']", namespaces=NS):
            node.getparent().remove(node)
    for ref in root.xpath(f"//bpmn:flowNodeRef[text()='{task_id}']", namespaces=NS):
        ref.getparent().remove(ref)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")
