"""Validate and deploy BPMN and DMN definitions: immutable, hashed, versioned, audited (SECURITY.md 13, 18, 19).

A DMN file is a decision table (issue 11 §2): its key is its decision id, it is versioned like a process, and
a diagram's business rule task may only name a decision deployed before it or in the same batch.
"""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.bpmn.decisions import is_decision_document
from engine.bpmn.loader import parse_xml
from engine.bpmn.specs import ParsedBundle
from engine.bpmn.specs import parse_bundle
from engine.bpmn.validation import user_task_ids
from engine.bpmn.validation import validate_tree
from engine.clock import Clock
from engine.data_forms import form_keys
from engine.data_forms import forms_problems
from engine.data_forms import publish_forms
from engine.data_forms import version_fingerprint
from engine.errors import DefinitionRejected
from engine.errors import NotPermitted
from engine.models.definitions import DefinitionKind
from engine.models.definitions import ProcessDefinition
from engine.models.people import User
from engine.registry import REGISTRY
from engine.starts import register_starts
from engine.vocabulary import Role


def deployed_keys(session: Session, kind: DefinitionKind | None = None) -> set[str]:
    """The keys deployed so far: processes (calls may name them) and decision tables (business rule tasks may),
    one key space; ``kind`` narrows to one of them."""
    stmt = select(ProcessDefinition.key).distinct()
    if kind is not None:
        stmt = stmt.where(ProcessDefinition.kind == kind)
    return set(session.execute(stmt).scalars())


def deployed_user_task_ids(session: Session) -> set[str]:
    """The user-task ids of every deployed version (notSameAs may name them from a called process)."""
    ids: set[str] = set()
    for xml in session.execute(select(ProcessDefinition.xml)
                               .where(ProcessDefinition.kind == DefinitionKind.PROCESS)).scalars():
        ids |= user_task_ids(parse_xml(xml.encode("utf-8")))
    return ids


def _check_decision(session: Session, filename: str, bundle: ParsedBundle) -> ParsedBundle:
    """A DMN file was checked per element by parse_bundle; its decision id may not be a process's key."""
    (decision_id,) = bundle.files_by_decision
    if decision_id in deployed_keys(session, DefinitionKind.PROCESS):
        raise DefinitionRejected(f"决策标识“{decision_id}”与已部署的流程标识相同,请换一个标识",
                                 code="decision_key_taken",
                                 details=[{"element_id": decision_id, "code": "decision_key_taken",
                                           "message": "决策表与流程共用标识空间"}])
    return bundle


def decision_reference_problems(bundle: ParsedBundle, *, known_decisions: Iterable[str]) -> list[dict]:
    """Return a problem for every business rule task naming no decision or one neither deployed nor in the batch."""
    known = set(known_decisions) | set(bundle.files_by_decision)
    problems = []
    for decision_id, task_ids in sorted(bundle.missing_decisions.items(), key=lambda item: item[0] or ""):
        if decision_id is not None and decision_id in known:
            continue
        for task_id in sorted(task_ids):
            if decision_id is None:
                problems.append({"element_id": task_id, "code": "decision_missing",
                                 "message": "业务规则任务须指定决策表(calledDecisionId)"})
            else:
                problems.append({"element_id": task_id, "code": "unknown_decision",
                                 "message": f"业务规则任务引用了未部署的决策表:{decision_id}"})
    return problems


def check_definition(session: Session, filename: str, data: bytes, *, also_known: Iterable[str] = (),
                     caller_task_ids: Iterable[str] = (), data_forms: Sequence[Mapping] = ()):
    """Run every deploy check on one file; return the parsed bundle or raise DefinitionRejected with problems.

    :param data_forms: the forms defined as data published with the file (issue 11 §4): checked, and their
        keys may be named by its user tasks
    """
    known = deployed_keys(session) | set(also_known)
    callers = set(caller_task_ids) | deployed_user_task_ids(session)
    try:
        bundle = parse_bundle({filename: data})
    except DefinitionRejected as exc:
        _reject_with_every_problem(exc, filename, data, known, callers)
        raise
    if is_decision_document(bundle.trees[filename]):
        return _check_decision(session, filename, bundle)
    taken = sorted(set(bundle.process_ids) & deployed_keys(session, DefinitionKind.DECISION))
    if taken:
        raise DefinitionRejected(f"流程标识“{taken[0]}”已被决策表使用", code="process_key_taken", details=[
            {"element_id": taken[0], "code": "process_key_taken", "message": "决策表与流程共用标识空间"}])
    check_parsed(bundle, filename, known_process_ids=known, caller_task_ids=callers, data_forms=data_forms)
    return bundle


def check_parsed(bundle, filename: str, *, known_process_ids: Iterable[str], caller_task_ids: Iterable[str],
                 data_forms: Sequence[Mapping] = ()) -> None:
    """The deploy checks of a parsed file against what is deployed, read beforehand (no database access here:
    the designer's check runs outside any transaction, issue 11 §5). Raise DefinitionRejected with problems.

    ``known_process_ids`` holds the deployed keys of both kinds, so a business rule task may name a deployed
    decision table or one of the same batch.
    """
    known = set(known_process_ids) | set(bundle.process_ids)
    problems = validate_tree(bundle.trees[filename], form_keys=REGISTRY.form_keys() | form_keys(data_forms),
                             effects=REGISTRY.effects().keys(), known_process_ids=known,
                             caller_task_ids=set(caller_task_ids))
    problems.extend(_FormProblem(None, "form_invalid", p.message_zh) for p in forms_problems(list(data_forms)))
    references = decision_reference_problems(bundle, known_decisions=known)
    if len(bundle.process_ids) != 1:
        raise DefinitionRejected("每个流程文件须且只能包含一个可执行流程", details=[
            {"element_id": None, "code": "one_process_per_file", "message": f"找到{len(bundle.process_ids)}个"}])
    if problems or references:
        raise DefinitionRejected(
            f"流程定义未通过校验,共{len(problems) + len(references)}处问题",
            details=[{"element_id": p.element_id, "code": p.code, "message": p.message_zh} for p in problems]
            + references,
        )


def _reject_with_every_problem(exc: DefinitionRejected, filename: str, data: bytes, known: set[str],
                               callers: set[str]) -> None:
    """When SpiffWorkflow refuses a file, raise the convention problems too, each in Chinese, if there are any.

    SpiffWorkflow stops at its first complaint (for compensation, in English); our checks read the XML on
    their own, so a designer learns every problem of the file at once (issue 11 §2).
    """
    try:
        root = parse_xml(data, filename=filename)
    except DefinitionRejected:
        return  # not even well-formed or not inert: the loader's refusal stands alone
    if is_decision_document(root):
        return  # a decision table's refusal already lists every problem of its elements (engine/bpmn/decisions.py)
    own = {process.get("id") for process in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}process")}
    problems = validate_tree(root, form_keys=REGISTRY.form_keys(), effects=REGISTRY.effects().keys(),
                             known_process_ids=known | own, caller_task_ids=callers)
    if problems:
        raise DefinitionRejected(
            f"流程定义未通过校验,共{len(problems)}处问题",
            details=[{"element_id": p.element_id, "code": p.code, "message": p.message_zh} for p in problems],
        ) from exc


def deploy_definition(
    session: Session,
    clock: Clock,
    actor: Actor,
    filename: str,
    data: bytes,
    *,
    also_known: Iterable[str] = (),
    caller_task_ids: Iterable[str] = (),
    data_forms: Sequence[Mapping] = (),
    schedules_paused: bool = False,
) -> tuple[ProcessDefinition, bool]:
    """Deploy one BPMN file (and the forms defined as data with it) as the next version of its process;
    identical bytes with identical forms are not deployed twice. ``schedules_paused`` holds its new timer
    starts until an administrator resumes them (``engine.start_schedules``)."""
    if not actor.is_system and not any(r.role in (Role.DESIGNER, Role.ADMIN) for r in actor.user.roles):
        raise NotPermitted("只有流程设计人员或系统管理员可以部署流程")
    bundle = check_definition(session, filename, data, also_known=also_known, caller_task_ids=caller_task_ids,
                              data_forms=data_forms)
    is_decision = is_decision_document(bundle.trees[filename])
    key = next(iter(bundle.files_by_decision)) if is_decision else bundle.process_ids[0]
    kind = DefinitionKind.DECISION if is_decision else DefinitionKind.PROCESS
    sha = version_fingerprint(data, data_forms)
    existing = session.execute(
        select(ProcessDefinition).where(ProcessDefinition.key == key, ProcessDefinition.sha256 == sha)
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
    version = (session.execute(select(func.max(ProcessDefinition.version)).where(ProcessDefinition.key == key))
               .scalar() or 0) + 1
    name = _decision_name(bundle.trees[filename]) if is_decision else bundle.get_spec(key).description
    definition = ProcessDefinition(
        kind=kind,
        key=key,
        version=version,
        sha256=sha,
        filename=Path(filename).name,
        name=(name or key)[:120],
        xml=data.decode("utf-8"),
        deployed_by_id=actor.user_id or _system_user_id(session),
        deployed_at=clock.now(),
    )
    session.add(definition)
    session.flush()
    published = publish_forms(session, clock, definition, data_forms)
    # Who may start it, its schedule and the messages that start it come with the version (issue 11 §3).
    register_starts(session, clock, definition, bundle.trees[filename], paused=schedules_paused)
    forms = {"forms": {f.form_key: f.sha256 for f in published}} if published else {}
    audit.record(session, clock, actor, "definition.deployed", "definition", definition.id,
                 after={"key": key, "version": version, "sha256": sha, "filename": definition.filename,
                        "kind": str(kind), **forms})
    return definition, True


def _decision_name(root) -> str | None:
    return next((child.get("name") for child in root if isinstance(child.tag, str)
                 and child.tag.endswith("}decision")), None)


def _batch_context(files: Mapping[str, bytes]) -> tuple[set[str], set[str]]:
    """Return the process ids and user-task ids a batch of files defines (they may call each other)."""
    ids: set[str] = set()
    tasks: set[str] = set()
    for filename, data in files.items():
        bundle = parse_bundle({filename: data})
        ids.update(bundle.process_ids)
        ids.update(bundle.files_by_decision)
        tasks |= user_task_ids(bundle.trees[filename])
    return ids, tasks


def check_files(session: Session, files: Mapping[str, bytes]) -> dict[str, DefinitionRejected]:
    """Check a batch of files together; return the rejection of each file that fails (empty: all deployable)."""
    rejected: dict[str, DefinitionRejected] = {}
    parsable = {}
    for filename, data in files.items():
        try:
            parse_bundle({filename: data})
            parsable[filename] = data
        except DefinitionRejected as exc:
            rejected[filename] = exc
    ids, tasks = _batch_context(parsable)
    for filename in list(rejected):
        try:  # a file SpiffWorkflow refused gets every convention problem too, in Chinese
            check_definition(session, filename, files[filename], also_known=ids, caller_task_ids=tasks)
        except DefinitionRejected as exc:
            rejected[filename] = exc
    for filename, data in parsable.items():
        try:
            check_definition(session, filename, data, also_known=ids, caller_task_ids=tasks)
        except DefinitionRejected as exc:
            rejected[filename] = exc
    return rejected


def deploy_files(
    session: Session, clock: Clock, actor: Actor, files: Mapping[str, bytes], *, schedules_paused: bool = False
) -> list[tuple[ProcessDefinition, bool]]:
    """Deploy several files that may call each other (e.g. the shipped processes/ directory)."""
    ids, tasks = _batch_context(files)
    return [deploy_definition(session, clock, actor, name, data, also_known=ids, caller_task_ids=tasks,
                              schedules_paused=schedules_paused)
            for name, data in sorted(files.items())]


@dataclass(frozen=True)
class _FormProblem:
    """A data form's problem in the shape of a validation problem (no element: it is the form's own)."""

    element_id: str | None
    code: str
    message_zh: str


def _system_user_id(session: Session) -> int:
    user = session.execute(select(User).where(User.username == "system")).scalar_one_or_none()
    if user is None:
        raise DefinitionRejected("缺少系统用户,请先初始化数据库", code="no_system_user")
    return user.id
