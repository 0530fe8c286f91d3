"""Validate and deploy BPMN definitions: immutable, hashed, versioned, audited (SECURITY.md 13, 18, 19)."""
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
from engine.bpmn.loader import parse_xml
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
from engine.models.definitions import ProcessDefinition
from engine.models.people import User
from engine.registry import REGISTRY
from engine.vocabulary import Role


def deployed_keys(session: Session) -> set[str]:
    """The process ids deployed so far (calls may name them)."""
    return set(session.execute(select(ProcessDefinition.key).distinct()).scalars())


def deployed_user_task_ids(session: Session) -> set[str]:
    """The user-task ids of every deployed version (notSameAs may name them from a called process)."""
    ids: set[str] = set()
    for xml in session.execute(select(ProcessDefinition.xml)).scalars():
        ids |= user_task_ids(parse_xml(xml.encode("utf-8")))
    return ids


def check_definition(session: Session, filename: str, data: bytes, *, also_known: Iterable[str] = (),
                     caller_task_ids: Iterable[str] = (), data_forms: Sequence[Mapping] = ()):
    """Run every deploy check on one file; return the parsed bundle or raise DefinitionRejected with problems.

    :param data_forms: the forms defined as data published with the file (issue 11 §4): checked, and their
        keys may be named by its user tasks
    """
    bundle = parse_bundle({filename: data})
    check_parsed(bundle, filename, known_process_ids=deployed_keys(session) | set(also_known),
                 caller_task_ids=set(caller_task_ids) | deployed_user_task_ids(session), data_forms=data_forms)
    return bundle


def check_parsed(bundle, filename: str, *, known_process_ids: Iterable[str], caller_task_ids: Iterable[str],
                 data_forms: Sequence[Mapping] = ()) -> None:
    """The deploy checks of a parsed file against what is deployed, read beforehand (no database access here:
    the designer's check runs outside any transaction, issue 11 §5). Raise DefinitionRejected with problems."""
    known = set(known_process_ids) | set(bundle.process_ids)
    problems = validate_tree(bundle.trees[filename], form_keys=REGISTRY.form_keys() | form_keys(data_forms),
                             effects=REGISTRY.effects().keys(), known_process_ids=known,
                             caller_task_ids=set(caller_task_ids))
    problems.extend(_FormProblem(None, "form_invalid", p.message_zh) for p in forms_problems(list(data_forms)))
    if len(bundle.process_ids) != 1:
        raise DefinitionRejected("每个流程文件须且只能包含一个可执行流程", details=[
            {"element_id": None, "code": "one_process_per_file", "message": f"找到{len(bundle.process_ids)}个"}])
    if problems:
        raise DefinitionRejected(
            f"流程定义未通过校验,共{len(problems)}处问题",
            details=[{"element_id": p.element_id, "code": p.code, "message": p.message_zh} for p in problems],
        )


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
) -> tuple[ProcessDefinition, bool]:
    """Deploy one BPMN file (and the forms defined as data with it) as the next version of its process;
    identical bytes with identical forms are not deployed twice."""
    if not actor.is_system and not any(r.role in (Role.DESIGNER, Role.ADMIN) for r in actor.user.roles):
        raise NotPermitted("只有流程设计人员或系统管理员可以部署流程")
    bundle = check_definition(session, filename, data, also_known=also_known, caller_task_ids=caller_task_ids,
                              data_forms=data_forms)
    key = bundle.process_ids[0]
    sha = version_fingerprint(data, data_forms)
    existing = session.execute(
        select(ProcessDefinition).where(ProcessDefinition.key == key, ProcessDefinition.sha256 == sha)
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
    version = (session.execute(select(func.max(ProcessDefinition.version)).where(ProcessDefinition.key == key))
               .scalar() or 0) + 1
    definition = ProcessDefinition(
        key=key,
        version=version,
        sha256=sha,
        filename=Path(filename).name,
        name=bundle.get_spec(key).description or key,
        xml=data.decode("utf-8"),
        deployed_by_id=actor.user_id or _system_user_id(session),
        deployed_at=clock.now(),
    )
    session.add(definition)
    session.flush()
    published = publish_forms(session, clock, definition, data_forms)
    audit.record(session, clock, actor, "definition.deployed", "definition", definition.id,
                 after={"key": key, "version": version, "sha256": sha, "filename": definition.filename,
                        **({"forms": {f.form_key: f.sha256 for f in published}} if published else {})})
    return definition, True


def _batch_context(files: Mapping[str, bytes]) -> tuple[set[str], set[str]]:
    """Return the process ids and user-task ids a batch of files defines (they may call each other)."""
    ids: set[str] = set()
    tasks: set[str] = set()
    for filename, data in files.items():
        bundle = parse_bundle({filename: data})
        ids.update(bundle.process_ids)
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
    for filename, data in parsable.items():
        try:
            check_definition(session, filename, data, also_known=ids, caller_task_ids=tasks)
        except DefinitionRejected as exc:
            rejected[filename] = exc
    return rejected


def deploy_files(
    session: Session, clock: Clock, actor: Actor, files: Mapping[str, bytes]
) -> list[tuple[ProcessDefinition, bool]]:
    """Deploy several files that may call each other (e.g. the shipped processes/ directory)."""
    ids, tasks = _batch_context(files)
    return [deploy_definition(session, clock, actor, name, data, also_known=ids, caller_task_ids=tasks)
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
