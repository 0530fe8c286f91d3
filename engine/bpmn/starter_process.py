"""The diagram a new process starts from in the designer: its process (key and name) and one start event.

Everything else (steps, co-signs, decisions, timers, forms) the designer draws in the modeler; the check and
the four-eyes publication are the drafts' own (engine.operations.designs).
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from engine.bpmn.decisions import DECISION_ID
from engine.errors import DefinitionRejected


def starter_process_xml(key: str, name: str) -> str:
    """Return a BPMN 2.0 diagram holding only process ``key`` (named ``name``) and its start event.

    ``key`` must match :data:`engine.bpmn.decisions.DECISION_ID` (letters, digits, underscore; it is an XML id).
    """
    if not DECISION_ID.match(key):
        raise DefinitionRejected("流程标识须以字母开头,只含字母、数字和下划线,不超过64个字符", code="bad_process_id")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="{key}_definitions" targetNamespace="http://lianjing.local/bpmn">
  <bpmn:process id="{key}" name={quoteattr(name)} isExecutable="true">
    <bpmn:startEvent id="{key}_start" name="开始"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="{key}_diagram">
    <bpmndi:BPMNPlane id="{key}_plane" bpmnElement="{key}">
      <bpmndi:BPMNShape id="{key}_start_di" bpmnElement="{key}_start">
        <dc:Bounds x="152" y="182" width="36" height="36"/>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""
