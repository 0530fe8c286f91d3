"""How the designer pages show the changes between two diagrams (engine/operations/designs.py ``Change``):
labels for element types and changed facts, property values as the properties panel names them, and the
bpmn-js marker classes each diagram of the side-by-side diff gets."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import forms
from engine.operations import designs
from engine.vocabulary import DUE_RULE_LABELS
from engine.vocabulary import SCOPE_LABELS
from engine.vocabulary import STAGE_LABELS
from webui.presenters import role_label

_ELEMENT_TYPE_LABELS = {
    "userTask": _l("用户任务"), "sequenceFlow": _l("顺序流"), "exclusiveGateway": _l("排他网关"),
    "parallelGateway": _l("并行网关"), "inclusiveGateway": _l("包容网关"), "callActivity": _l("调用流程"),
    "boundaryEvent": _l("边界事件"), "startEvent": _l("开始事件"), "endEvent": _l("结束事件"),
    "intermediateCatchEvent": _l("中间事件"), "lane": _l("泳道"), "task": _l("任务"),
    "scriptTask": _l("脚本任务"), "serviceTask": _l("服务任务"), "subProcess": _l("子流程"),
    "businessRuleTask": _l("业务规则任务"), "rule": _l("规则"), "input": _l("输入列"), "output": _l("输出列"),
    "decisionTable": _l("决策表"),
}
_FIELD_LABELS = {
    "type": _l("类型"), "name": _l("名称"), "sourceRef": _l("起点"), "targetRef": _l("终点"),
    "default": _l("默认流向"), "calledElement": _l("调用的流程"), "attachedToRef": _l("附着于"),
    "cancelActivity": _l("中断所附环节"), "conditionExpression": _l("条件"), "documentation": _l("说明"),
    "timeDate": _l("定时器(时间)"), "timeDuration": _l("定时器(时长)"), "timeCycle": _l("定时器(周期)"),
    "role": _l("角色"), "scope": _l("范围"), "formKey": _l("表单"), "stage": _l("阶段"),
    "article": _l("条文依据"), "dueRule": _l("期限规则"), "notSameAs": _l("回避要求"), "effect": _l("办理效果"),
}
_KIND_LABELS = {"added": _l("新增"), "removed": _l("删除"), "changed": _l("修改")}
#: bpmn-js marker class per kind of change (css/designer.css colours them)
_MARKERS = {"added": "lj-diff-added", "removed": "lj-diff-removed", "changed": "lj-diff-changed"}


def _value_label(field: str, value: str | None) -> str | None:
    """Show a property value the way the properties panel does (the role's name rather than its code)."""
    if value is None:
        return None
    if field == "role":
        return "、".join(role_label(part) for part in value.split("|"))
    table = {"scope": SCOPE_LABELS, "stage": STAGE_LABELS, "dueRule": DUE_RULE_LABELS}.get(field)
    if table is not None:
        return table.get(value, value)
    if field == "formKey" and value in forms.REGISTRY:
        return f"{forms.describe(value).title_zh}({value})"
    if field == "type":
        return str(_ELEMENT_TYPE_LABELS.get(value, value))
    return value


def _reference(name: str | None, element_id: str | None) -> str | None:
    """A referenced element by its name and id (“是否谈话函询?(gw_type)”), if it has a name."""
    return f"{name}({element_id})" if name and element_id else None


def change_rows(changes: list[designs.Change]) -> list[dict]:
    """The changes as the pages list them: added first, then changed, then removed, with Chinese labels."""
    order = {"added": 0, "changed": 1, "removed": 2}
    return [{
        "element_id": c.element_id, "kind": c.kind, "kind_label": _KIND_LABELS[c.kind], "label": c.label,
        "type_label": _ELEMENT_TYPE_LABELS.get(c.element_type, c.element_type),
        "fields": [{"label": _FIELD_LABELS.get(f.field, f.field),
                    "before": _reference(f.before_name, f.before) or _value_label(f.field, f.before),
                    "after": _reference(f.after_name, f.after) or _value_label(f.field, f.after)} for f in c.details],
    } for c in sorted(changes, key=lambda c: order[c.kind])]


def marks(changes: list[designs.Change], side: str) -> dict[str, list[str]]:
    """Which element ids each diagram marks: the old one removed and changed, the new one added and changed."""
    kinds = ("removed", "changed") if side == "old" else ("added", "changed")
    return {_MARKERS[kind]: [c.element_id for c in changes if c.kind == kind] for kind in kinds}
