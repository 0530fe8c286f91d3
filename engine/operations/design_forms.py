"""The forms a designer defines as data in a draft, and what the draft's check says about them (issue 11 §4).

Saving stores the author's forms as they are (work in progress, like the XML); the check reports every
problem of every form, and a draft whose forms have problems cannot be submitted or published. The check
also *warns* (it does not refuse) when a gateway condition reads a variable that no form and no engine step
writes: the condition can then never be true, or fails at run time.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine import audit
from engine.actors import Actor
from engine.bpmn.decisions import table_in
from engine.bpmn.expressions import condition_variables
from engine.bpmn.loader import parse_xml
from engine.clock import Clock
from engine.data_forms import canonical
from engine.data_forms import form_keys
from engine.data_forms import forms_problems
from engine.design_rules import BPMN_NS
from engine.design_rules import Problem
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.models.definitions import DefinitionKind
from engine.models.definitions import ProcessDefinition
from engine.models.designs import DesignDraft
from engine.models.designs import DesignStatus
from engine.models.form_definitions import FormDefinition
from engine.operations import designs
from engine.registry import REGISTRY

#: a draft's forms as JSON text may not exceed this (the XML's own cap is of the same order)
MAX_FORMS_CHARS = 200_000
#: how an effect's ``writes`` names a workflow variable (engine/registry.py)
WORKFLOW_PREFIX = "workflow:"


def save_draft_forms(session: Session, clock: Clock, actor: Actor, draft_id: int, data_forms: Any) -> DesignDraft:
    """Store the author's forms with the draft (a list of form definitions; problems are the check's to report).

    :raise FormInvalid: not a list of objects, or unreasonably large.
    """
    draft = designs.get_draft(session, actor, draft_id)
    designs._editable_by(draft, actor)
    if not isinstance(data_forms, list) or not all(isinstance(f, Mapping) for f in data_forms):
        raise FormInvalid("表单数据应为表单定义的列表", details={"forms": ["应为列表,每项是一个表单定义"]})
    text = canonical(data_forms)
    if len(text) > MAX_FORMS_CHARS:
        raise FormInvalid(f"表单定义过大(上限{MAX_FORMS_CHARS}字符)", details={"forms": ["表单定义过大"]})
    before = {"forms": _keys_and_hashes(draft.forms)}
    if draft.status == DesignStatus.REJECTED:
        designs._move(draft, DesignStatus.DRAFT)
    draft.forms = json.loads(text) or None
    draft.updated_at = clock.now()
    session.flush()
    audit.record(session, clock, actor, "design.forms_saved", "design_draft", draft.id, before=before,
                 after={"forms": _keys_and_hashes(draft.forms)})
    return draft


def _keys_and_hashes(data_forms: list | None) -> dict[str, str]:
    return {str(f.get("key")): hashlib.sha256(canonical(f).encode("utf-8")).hexdigest()[:16]
            for f in data_forms or () if isinstance(f, Mapping)}


def form_problems(data_forms: list | None) -> list[Problem]:
    """Every problem of a draft's forms, as check problems (no element: the form editor marks the field)."""
    titles = {f.get("key"): f.get("title") or f.get("key") for f in data_forms or () if isinstance(f, Mapping)}
    return [Problem(None, "form_invalid", None,
                    f"表单“{titles.get(p.form_key) or p.form_key or '未命名'}”:{p.message_zh}")
            for p in forms_problems(data_forms)]


def without_own_form_keys(problems: Iterable[Problem], data_forms: list | None) -> list[Problem]:
    """Drop the "form not registered" problems of keys the draft defines as data (deploy validation knows
    only the registered forms until the draft's own forms are passed to it at publication)."""
    own = {f"用户任务的表单未注册:{key}" for key in form_keys(data_forms)}
    return [p for p in problems if not (p.code == "unknown_form_key" and p.message_zh in own)]


def with_form_problems(problems: Iterable[Problem], data_forms: list | None) -> list[Problem]:
    """A check's problems as a draft with these forms has them: its own form keys known, its forms checked."""
    return without_own_form_keys(problems, data_forms) + form_problems(data_forms)


def written_variables(session: Session, draft: DesignDraft) -> set[str]:
    """Every variable a step may write: Python forms' fields, data forms' fields (this draft's and every
    published one's, as called processes hand their data back) and the engine's own variables."""
    # Variables no form nor declared effect writes: each subject's start data, as its adapter declares it.
    names = set(REGISTRY.start_variables())
    for spec in REGISTRY.effects().values():
        names.update(w.removeprefix(WORKFLOW_PREFIX) for w in spec.writes if w.startswith(WORKFLOW_PREFIX))
    for key in forms.REGISTRY:
        names.update(f.name for f in forms.describe(key).fields)
    published = session.execute(select(FormDefinition.definition)).scalars()
    for definition in [*(draft.forms or ()), *published]:
        if isinstance(definition, Mapping) and isinstance(definition.get("fields"), list):
            names.update(f.get("name") for f in definition["fields"] if isinstance(f, Mapping)
                         and isinstance(f.get("name"), str))
    return names


#: a business rule task's decision table (spiffworkflow:calledDecisionId)
_CALLED_DECISION = "{http://spiffworkflow.org/bpmn/schema/1.0/core}calledDecisionId"


def decision_outputs(session: Session, root) -> set[str]:
    """The output names of the decision tables the diagram's business rule tasks call (latest deployed version):
    the task writes them into the process data, where a later gateway reads them (issue 11 §2, DMN)."""
    names: set[str] = set()
    for key in {(ref.text or "").strip() for ref in root.iter(_CALLED_DECISION)} - {""}:
        xml = session.execute(select(ProcessDefinition.xml).where(
            ProcessDefinition.key == key, ProcessDefinition.kind == DefinitionKind.DECISION)
            .order_by(ProcessDefinition.version.desc()).limit(1)).scalar()
        table = table_in(xml) if xml else None
        if table is not None:
            names.update(output.name for output in table.outputs if output.name)
    return names


def unwritten_variable_warnings(session: Session, draft: DesignDraft) -> list[dict]:
    """Warn, per sequence flow, of each variable its condition reads that nothing writes (issue 11 §4)."""
    try:
        root = parse_xml(draft.xml.encode("utf-8"), filename=f"{draft.key}.bpmn")
    except DefinitionRejected:
        return []  # the check's problems already say why the XML cannot be read
    written = written_variables(session, draft) | decision_outputs(session, root)
    warnings = []
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        condition = flow.find(f"{{{BPMN_NS}}}conditionExpression")
        if condition is None or not (condition.text or "").strip():
            continue
        try:
            read = condition_variables(condition.text)
        except DefinitionRejected:
            continue  # a refused condition is a problem of the check, not a warning
        for name in sorted(read - written):
            warnings.append({"element_id": flow.get("id"), "code": "unwritten_variable", "article": None,
                             "message": f"条件读取的变量“{name}”没有任何表单或引擎步骤写入,该条件可能永远不成立",
                             "path": []})
    return warnings
