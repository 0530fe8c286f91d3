"""Small diagrams of our own whose run-time faults the deploy checks cannot see (issue 11 §5).

Each is a ``warning_case`` (registering a clue starts the newest version of that key) whose first step is
the Measures' clue screening (第十四条); what follows it fails only once a case reaches it:
* a gateway reading a variable that no form writes;
* a boundary timer whose date variable no step ever sets;
* a gateway whose only way out is a condition that does not hold (no flow to take).
``fixed`` gives the corrected version of each, which a designer deploys and moves the case to.
"""
from __future__ import annotations

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_faulty"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="warning_case" name="故障演示流程" isExecutable="true">
    <bpmn:documentation>用于验证运行故障的演示流程:先筛选分流线索(第十四条)。</bpmn:documentation>
    <bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="screen_clue" />
    <bpmn:userTask id="screen_clue" name="筛选分流线索">
      <bpmn:documentation>按干部管理权限筛选分流线索(第十四条)。</bpmn:documentation>
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="role" value="warning_office" />
        <spiffworkflow:property name="scope" value="handling" />
        <spiffworkflow:property name="formKey" value="clue_screening" />
        <spiffworkflow:property name="stage" value="screening" />
        <spiffworkflow:property name="article" value="第十四条" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_screened</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f_screened" sourceRef="screen_clue" targetRef="gw_route" />
"""

_TAIL = """  </bpmn:process>
</bpmn:definitions>
"""

_PROPOSE = """    <bpmn:userTask id="propose_subject" name="排查并提出预警对象建议">
      <bpmn:documentation>排查并提出预警对象建议(第十五、十六条)。</bpmn:documentation>
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="role" value="warning_office" />
        <spiffworkflow:property name="scope" value="handling" />
        <spiffworkflow:property name="formKey" value="subject_proposal" />
        <spiffworkflow:property name="stage" value="determination" />
        <spiffworkflow:property name="article" value="第十五、十六条" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>{incoming}</bpmn:incoming><bpmn:outgoing>f_proposed</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f_proposed" sourceRef="propose_subject" targetRef="end_done" />
    <bpmn:endEvent id="end_done"><bpmn:incoming>f_proposed</bpmn:incoming></bpmn:endEvent>
"""


def unknown_variable_gateway(variable: str = "never_written") -> str:
    """A gateway after screening reading ``variable`` (no form writes ``never_written``; screening writes routing)."""
    return _HEAD + f"""    <bpmn:exclusiveGateway id="gw_route" name="是否移交" default="f_default">
      <bpmn:incoming>f_screened</bpmn:incoming>
      <bpmn:outgoing>f_default</bpmn:outgoing><bpmn:outgoing>f_case_clue</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f_case_clue" sourceRef="gw_route" targetRef="end_case_clue">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{variable} == 'case_clue'</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_default" sourceRef="gw_route" targetRef="propose_subject" />
    <bpmn:endEvent id="end_case_clue"><bpmn:incoming>f_case_clue</bpmn:incoming></bpmn:endEvent>
""" + _PROPOSE.format(incoming="f_default") + _TAIL


def no_flow_gateway(condition: str = "routing == 'report_up'") -> str:
    """A gateway whose one way out holds only when the clue is reported up (第十四条): any other routing stops it."""
    return _HEAD + f"""    <bpmn:exclusiveGateway id="gw_route" name="是否上报">
      <bpmn:incoming>f_screened</bpmn:incoming><bpmn:outgoing>f_up</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f_up" sourceRef="gw_route" targetRef="propose_subject">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
""" + _PROPOSE.format(incoming="f_up") + _TAIL


def unset_timer(expression: str = "never_set_due_at", *, after_timer: str | None = None) -> str:
    """Screening, then a proposal step with a boundary timer on ``expression``, a variable no step sets.

    With ``after_timer``, the timer leads to a gateway whose one way out is that condition.
    """
    return _HEAD + """    <bpmn:exclusiveGateway id="gw_route" name="汇合">
      <bpmn:incoming>f_screened</bpmn:incoming><bpmn:outgoing>f_on</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f_on" sourceRef="gw_route" targetRef="propose_subject" />
""" + _PROPOSE.format(incoming="f_on") + f"""    <bpmn:boundaryEvent id="proposal_overdue" name="提出建议期满"
        cancelActivity="true" attachedToRef="propose_subject">
      <bpmn:documentation>提出建议的期限届满(演示)。</bpmn:documentation>
      <bpmn:outgoing>f_late</bpmn:outgoing>
      <bpmn:timerEventDefinition id="proposal_overdue_timer">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">{expression}</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
""" + (_LATE_END if after_timer is None else _LATE_GATEWAY.format(condition=after_timer)) + _TAIL


_LATE_END = """    <bpmn:sequenceFlow id="f_late" sourceRef="proposal_overdue" targetRef="end_late" />
    <bpmn:endEvent id="end_late"><bpmn:incoming>f_late</bpmn:incoming></bpmn:endEvent>
"""

_LATE_GATEWAY = """    <bpmn:sequenceFlow id="f_late" sourceRef="proposal_overdue" targetRef="gw_late" />
    <bpmn:exclusiveGateway id="gw_late" name="逾期如何处理">
      <bpmn:incoming>f_late</bpmn:incoming><bpmn:outgoing>f_late_end</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f_late_end" sourceRef="gw_late" targetRef="end_late">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="end_late"><bpmn:incoming>f_late_end</bpmn:incoming></bpmn:endEvent>
"""
