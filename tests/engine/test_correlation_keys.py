"""Correlation keys as the designer's panel writes them, checked at deploy in Chinese (issue 11 §2).

clue_intake.bpmn correlates 受理信息线索 with the item it came from by ``item_key`` (第十条: the clue's source,
answered under 第十四条). A key or property SpiffWorkflow could not use is refused with the reason, never
with SpiffWorkflow's English ValidationException.
"""
from __future__ import annotations

import pytest

import engine
from engine.db import unit_of_work
from engine.errors import DefinitionRejected
from engine.operations.definitions import deploy_definition
from tests.engine.starts_support import diagram

_KEY = '<bpmn:correlationKey name="item_key">'
_REF = "<bpmn:correlationPropertyRef>item_no</bpmn:correlationPropertyRef>"


@pytest.mark.parametrize(("old", "new", "message"), [
    (_KEY, '<bpmn:correlationKey name="物项 key">', "关联键名称须以字母开头,只含字母、数字和下划线:物项 key"),
    (_REF, "<bpmn:correlationPropertyRef>item_number</bpmn:correlationPropertyRef>",
     "关联键item_key引用的关联属性不存在:item_number"),
    (_REF, "", "关联键item_key没有关联属性"),
    ('<bpmn:correlationPropertyRetrievalExpression messageRef="clue_raised">',
     '<bpmn:correlationPropertyRetrievalExpression messageRef="clue_lost">',
     "关联属性item_no的取值引用的消息不存在:clue_lost"),
    ("<bpmn:formalExpression>item_no</bpmn:formalExpression>\n    </bpmn:correlationPropertyRetrievalExpression>\n"
     '    <bpmn:correlationPropertyRetrievalExpression messageRef="clue_accepted">',
     "<bpmn:formalExpression> </bpmn:formalExpression>\n    </bpmn:correlationPropertyRetrievalExpression>\n"
     '    <bpmn:correlationPropertyRetrievalExpression messageRef="clue_accepted">',
     "关联属性item_no的取值表达式为空"),
])
def test_deploy_refuses_a_correlation_key_it_cannot_use_in_chinese(world, old, new, message):
    xml = diagram("clue_intake").decode()
    assert old in xml
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "clue_intake.bpmn", xml.replace(old, new).encode())
    assert message in [d["message"] for d in refused.value.details]


def test_a_property_no_message_reads_is_refused_in_chinese(world):
    xml = diagram("clue_intake").decode()
    start = xml.index('<bpmn:correlationPropertyRetrievalExpression messageRef="clue_raised">')
    end = xml.index("</bpmn:correlationProperty>")
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "clue_intake.bpmn",
                          (xml[:start] + xml[end:]).encode())
    assert "关联属性item_no没有从任何消息取值的表达式" in [d["message"] for d in refused.value.details]
