"""Forms defined as data (issue 11 §4): published with a diagram version, resolved for a step, filled in.

A draft carries its forms (``DesignDraft.forms``, a list of forms.data definitions). Publishing the draft
deploys the diagram and stores each form as a :class:`FormDefinition` of that version; a version's
fingerprint (``ProcessDefinition.sha256``) covers its forms as well as its XML, so a change to a form alone
is a new version through the same four-eyes loop. An instance runs on the versions it pinned at start, so a
step always gets the form its diagram version was published with, however often the form changes later.

A step's ``formKey`` names a Python form (forms.REGISTRY, the Measures' rules) or a data form of its version;
Python forms win, and a draft may not define a key a Python form has.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.models.definitions import ProcessDefinition
from engine.models.form_definitions import FormDefinition
from engine.models.instances import ProcessInstance
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.workspace import Attachment
from engine.permissions import cadres_of_units_filter
from engine.registry import REGISTRY
from forms.data import DefinitionProblem
from forms.data import compile_definition
from forms.data import definition_problems

#: a draft with more forms than this is a mistake, not a procedure
MAX_FORMS_PER_DRAFT = 30
#: field kind -> the table its id names, and the Chinese word for the refusal
_REFERENCES = {"person": (User, "人员"), "unit": (Unit, "单位"), "cadre": (Cadre, "干部")}


def canonical(value: Any) -> str:
    """The JSON text a definition is hashed and cached by (sorted keys, no spaces lost to formatting)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def version_fingerprint(xml: bytes, data_forms: Sequence[Mapping] = ()) -> str:
    """Return the hex SHA-256 that identifies a version: of its XML alone, or of its XML and its forms.

    Without forms it is the XML's own hash, as it always was, so every version deployed before keeps its hash.
    """
    digest = hashlib.sha256(xml)
    if data_forms:
        digest.update(b"\0forms\0" + canonical(sorted(data_forms, key=lambda f: f["key"])).encode("utf-8"))
    return digest.hexdigest()


def forms_problems(data_forms: Any) -> list[DefinitionProblem]:
    """Check a draft's forms: each against the schema, keys unique and never a Python form's key."""
    if data_forms is None:
        return []
    if not isinstance(data_forms, list):
        return [DefinitionProblem(None, None, "表单应为列表")]
    if len(data_forms) > MAX_FORMS_PER_DRAFT:
        return [DefinitionProblem(None, None, f"一个流程最多定义{MAX_FORMS_PER_DRAFT}个表单")]
    problems: list[DefinitionProblem] = []
    taken = set(forms.REGISTRY)
    for definition in data_forms:
        problems.extend(definition_problems(definition, taken_keys=taken))
        if isinstance(definition, Mapping) and isinstance(definition.get("key"), str):
            taken.add(definition["key"])
            for field in definition.get("fields") or ():
                # What the engine sets for a subject (its identity, the deadline its timers watch) is never a
                # form's to overwrite (SECURITY.md 16): each regulation's adapter declares those names.
                if isinstance(field, Mapping) and field.get("name") in REGISTRY.start_variables():
                    problems.append(DefinitionProblem(definition["key"], field["name"],
                                                      f"字段标识“{field['name']}”是引擎设置的变量,表单不能改写它"))
    return problems


def form_keys(data_forms: Sequence[Mapping] | None) -> set[str]:
    """The keys a list of (valid) data forms defines."""
    return {f["key"] for f in data_forms or () if isinstance(f, Mapping) and isinstance(f.get("key"), str)}


def publish_forms(session: Session, clock: Clock, definition: ProcessDefinition,
                  data_forms: Sequence[Mapping]) -> list[FormDefinition]:
    """Store the forms a version publishes (they were checked with it); they never change afterwards."""
    for form in data_forms:
        compile_definition(form)  # compiled at deploy: what is published is known to compile
    rows = [FormDefinition(process_definition_id=definition.id, form_key=f["key"], title=f["title"],
                           definition=dict(f), sha256=hashlib.sha256(canonical(f).encode("utf-8")).hexdigest(),
                           created_at=clock.now())
            for f in data_forms]
    session.add_all(rows)
    session.flush()
    return rows


def published_forms(session: Session, definition_id: int) -> list[dict]:
    """Return the forms a deployed version published, in the order they were defined."""
    rows = session.execute(select(FormDefinition.definition).where(
        FormDefinition.process_definition_id == definition_id).order_by(FormDefinition.id)).scalars()
    return [dict(row) for row in rows]


def data_forms_of(session: Session, definition_ids: Sequence[int], form_key: str,
                  process_key: str | None = None) -> dict[str, type[forms.FormSchema]]:
    """Return the data form ``form_key`` among the forms of these deployed versions, compiled, keyed by its key
    (empty for a Python form or a key none of them defines).

    Used for a step (its instance's pinned versions) and for a start event's form (the version started). If two
    versions define the key, the one of ``process_key`` wins.
    """
    if form_key in forms.REGISTRY or not definition_ids:
        return {}
    rows = session.execute(
        select(ProcessDefinition.key, FormDefinition.definition)
        .join(ProcessDefinition, ProcessDefinition.id == FormDefinition.process_definition_id)
        .where(FormDefinition.form_key == form_key, FormDefinition.process_definition_id.in_(list(definition_ids)))
        .order_by(FormDefinition.id)
    ).all()
    if not rows:
        return {}
    own = [definition for key, definition in rows if key == process_key]
    return {form_key: compile_definition((own or [rows[0][1]])[0])}


def task_data_forms(session: Session, task: HumanTask) -> dict[str, type[forms.FormSchema]]:
    """Return the data form the step names, from the versions its instance pinned (empty for a Python form)."""
    if task.form_key in forms.REGISTRY:
        return {}
    pinned = session.execute(select(ProcessInstance.definition_ids)
                             .where(ProcessInstance.id == task.instance_id)).scalar_one_or_none() or []
    return data_forms_of(session, pinned, task.form_key, task.process_key)


def describe_task_form(session: Session, task: HumanTask) -> forms.FormDescription:
    """Describe the step's form (Python or data) for the pages."""
    return forms.describe(task.form_key, task_data_forms(session, task))


def load_task_form(session: Session, task: HumanTask, payload: Mapping[str, Any],
                   context: forms.FormContext, user: User | None = None) -> dict[str, Any]:
    """Validate a submission of the step's form and return its task data (raises FormInvalid with every problem).

    A data form's person, unit, cadre and file fields must name rows that exist; a file must have been
    uploaded at this step (what the person filed with the form, not a file of another step or case). A cadre
    must be one the units ``user`` does this step in cover (:func:`acting_units`).
    """
    data_forms = task_data_forms(session, task)
    data = forms.load(task.form_key, payload, context, data_forms)
    if data_forms:
        reach = acting_units(user, task) if user is not None else None
        problems = _reference_problems(session, task, data_forms[task.form_key], data, reach)
        if problems:
            title = data_forms[task.form_key].title_zh
            raise FormInvalid(f"「{title}」填写有误,请按提示修改", details=problems)
    return data


def start_data_forms(session: Session, definition: ProcessDefinition,
                     form_key: str | None) -> dict[str, type[forms.FormSchema]]:
    """Return the data form a start event names, from the version being started (empty for a Python form)."""
    return data_forms_of(session, [definition.id], form_key, definition.key) if form_key else {}


def acting_units(user: User, task: HumanTask) -> set[int]:
    """Return the units in which ``user`` holds one of the step's candidate roles: the units they act for in it,
    whose cadres (and those they manage) are the ones they may name."""
    held = {(r.role, r.unit_id) for r in user.roles}
    return {c.unit_id for c in task.candidates if (c.role, c.unit_id) in held}


def load_start_form(session: Session, definition: ProcessDefinition, form_key: str, payload: Mapping[str, Any],
                    context: forms.FormContext, unit_id: int | None = None) -> dict[str, Any]:
    """Validate a start form (Python or a form the designer defined with the version) and return its data.

    A data form's person, unit and cadre fields must name rows that exist. A file field cannot be filled at the
    start: nothing has been uploaded before the instance exists, so it is refused with where to upload instead.
    """
    data_forms = start_data_forms(session, definition, form_key)
    data = forms.load(form_key, payload, context, data_forms)
    if data_forms:
        problems = _reference_problems(session, None, data_forms[form_key], data,
                                       {unit_id} if unit_id is not None else None)
        if problems:
            raise FormInvalid(f"「{data_forms[form_key].title_zh}」填写有误,请按提示修改", details=problems)
    return data


def _reference_problems(session: Session, task: HumanTask | None, schema: type[forms.FormSchema],
                        data: Mapping[str, Any], reach: set[int] | None) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for name, declared in schema.form_fields().items():
        value = data.get(name)
        if value is None:
            continue
        if declared.kind == "file" and task is None:
            problems[name] = ["发起事项时不能附带附件,请在第一个环节上传"]
        elif declared.kind == "file":
            found = session.execute(select(Attachment.id).where(Attachment.id == value,
                                                                Attachment.task_id == task.id)).first()
            if found is None:
                problems[name] = ["所选附件不是本环节上传的文件,请先在本页上传"]
        elif declared.kind in _REFERENCES:
            model, word = _REFERENCES[declared.kind]
            if session.get(model, value) is None:
                problems[name] = [f"所选{word}不存在"]
            elif declared.kind == "cadre" and reach is not None and session.execute(
                    select(Cadre.id).where(Cadre.id == value, cadres_of_units_filter(session, reach))).first() is None:
                # a person names only the cadres of the units they act for and of the units those manage, as the
                # regulations' own cadre pickers do (processes.measures.clues.nameable_cadre_filter)
                problems[name] = ["所选干部不在您办理本环节所在单位的管理范围内,请从列表中选择"]
        elif getattr(declared, "refers_to", None) == "person":
            # a people field: every id a user account that can still be given a task (engine.assignment)
            known = set(session.execute(select(User.id).where(User.id.in_(value), User.active.is_(True))).scalars())
            if set(value) - known:
                problems[name] = ["所选人员中有不存在或已停用的用户"]
    return problems
