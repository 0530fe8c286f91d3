"""The designer's check: every reason a draft diagram may not be published, in one list.

Deploy validation (:mod:`engine.bpmn.validation`, :func:`engine.operations.definitions.check_parsed`) says
whether the engine *can* run a diagram; then every registered regulation's own rules
(``Regulation.conformance``, read through :meth:`engine.registry.Registry.conformance_rules`) say whether the
procedure it draws still follows that regulation. Each rule is called as ``rule(root, library=...)`` with the
newest deployed version of every process by id, so a rule may walk the draft in the context of the processes
that call it. The engine knows no rule of its own here beyond deploy validation: a regulation's rules live in
its package (the Measures' in ``processes/measures/conformance.py``).

The check itself touches no database (:class:`DesignContext` is read beforehand, :func:`design_context`), so
it never holds a transaction, on SQLite the write lock, while it runs (engine/operations/design_checks.py).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.loader import parse_xml
from engine.bpmn.specs import parse_bundle
from engine.bpmn.validation import user_task_ids
from engine.bpmn.validation import validate_tree
from engine.errors import DefinitionRejected
from engine.models.definitions import ProcessDefinition
from engine.registry import REGISTRY

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
_NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}


@dataclass(frozen=True)
class Problem:
    """One reason a diagram may not be published: where, which rule, which article, in Chinese."""

    element_id: str | None
    code: str
    article: str | None
    message_zh: str
    #: the element ids of the checked diagram along one offending path, in order (for highlighting)
    path: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Return the problem as JSON-ready data (stored with a draft, sent to the designer page)."""
        return {"element_id": self.element_id, "code": self.code, "article": self.article,
                "message": self.message_zh, "path": list(self.path)}


# --- what a draft is checked against ----------------------------------------------------------------------


@functools.cache
def _diagram_bytes(folder: Path) -> tuple[tuple[str, bytes], ...]:
    return tuple((path.name, path.read_bytes()) for path in sorted(folder.glob("*.bpmn")))


def shipped_library() -> dict[str, etree._Element]:
    """Return the code-reviewed diagrams of every registered regulation (``Regulation.diagrams``) by process id."""
    library: dict[str, etree._Element] = {}
    for regulation in REGISTRY.regulations():
        if regulation.diagrams is None:
            continue
        for filename, data in _diagram_bytes(regulation.diagrams):
            root = parse_xml(data, filename=filename)
            for process in root.xpath("./bpmn:process", namespaces=_NS):
                library[process.get("id")] = root
    return library


# --- the check --------------------------------------------------------------------------------------------


#: SpiffWorkflow's own structural messages a designer is likely to meet, in Chinese
_SPIFF_MESSAGES = {
    "Multiple outgoing flows are not supported for tasks": "任务只能有一条出口顺序流;需要分支时请在其后加排他网关",
    "Multiple outgoing flows are not supported": "该元素只能有一条出口顺序流;需要分支时请使用网关",
    "does not have a target": "顺序流缺少目标元素",
}


def _rejection_problems(exc: DefinitionRejected) -> list[Problem]:
    details = exc.details if isinstance(exc.details, list) else []
    found = []
    for detail in (d for d in details if isinstance(d, dict)):
        message = detail.get("message") or exc.message_zh
        if message.isascii():
            known = next((zh for en, zh in _SPIFF_MESSAGES.items() if en in message), None)
            message = known or f"{exc.message_zh}:{message}"
        found.append(Problem(detail.get("element_id"), detail.get("code") or exc.code, None, message))
    if not found:
        found = [Problem(None, exc.code, None, exc.message_zh)]
    return found


def deployed_library(session: Session) -> dict[str, etree._Element]:
    """Return the newest deployed version of every process by id, over the regulations' shipped diagrams."""
    library = shipped_library()
    newest: dict[str, tuple[int, str]] = {}
    for key, version, xml in session.execute(
            select(ProcessDefinition.key, ProcessDefinition.version, ProcessDefinition.xml)):
        if key not in newest or version > newest[key][0]:
            newest[key] = (version, xml)
    for key, (_, xml) in newest.items():
        library[key] = parse_xml(xml.encode("utf-8"), filename=f"{key}.bpmn")
    return library


@dataclass(frozen=True)
class DesignContext:
    """What the check compares a diagram with, read from the database beforehand: the check itself then
    touches no database, so it never holds a transaction (on SQLite, the write lock) while it runs."""

    #: the newest deployed version of every process by id, over the regulations' shipped diagrams
    library: Mapping[str, etree._Element]
    #: process ids deployed so far (calls may name them)
    deployed_keys: frozenset[str]
    #: user-task ids of every deployed version (notSameAs may name them)
    deployed_task_ids: frozenset[str]


def design_context(session: Session) -> DesignContext:
    """Read what :func:`check_with_context` needs (a few queries; the caller may end its transaction after)."""
    from engine.operations.definitions import deployed_keys
    from engine.operations.definitions import deployed_user_task_ids

    return DesignContext(deployed_library(session), frozenset(deployed_keys(session)),
                         frozenset(deployed_user_task_ids(session)))


def check_design(session: Session, filename: str, data: bytes) -> list[Problem]:
    """Run deploy validation and every registered regulation's rules on one file; return every problem found."""
    return check_with_context(design_context(session), filename, data)


def check_with_context(context: DesignContext, filename: str, data: bytes) -> list[Problem]:
    """Run deploy validation and every registered regulation's rules on one file; return every problem found.

    An empty list means the file may be published. Deploy validation problems carry no article; a
    regulation's rules name the article they enforce. When SpiffWorkflow refuses the structure, the
    convention checks and the rules still run on the XML, so the designer sees everything at once. No
    database access: ``context`` was read before.
    """
    from engine.operations.definitions import check_parsed  # the operations import the effects

    problems: list[Problem] = []
    library = dict(context.library)
    try:
        bundle = parse_bundle({filename: data})
        root = bundle.trees[filename]
    except DefinitionRejected as exc:
        problems.extend(_rejection_problems(exc))
        try:
            root = parse_xml(data, filename=filename)
        except DefinitionRejected:
            return problems  # not even XML: nothing more to look at
        own = {p.get("id") for p in root.xpath("./bpmn:process", namespaces=_NS)}
        callers = set().union(*(user_task_ids(tree) for tree in library.values()))
        problems.extend(Problem(p.element_id, p.code, None, p.message_zh) for p in validate_tree(
            root, form_keys=REGISTRY.form_keys(), effects=REGISTRY.effects().keys(),
            known_process_ids=set(library) | own, caller_task_ids=callers))
    else:
        try:
            # the parsed bundle is reused: SpiffWorkflow's parse is the largest part of the check
            check_parsed(bundle, filename, known_process_ids=context.deployed_keys,
                         caller_task_ids=context.deployed_task_ids)
        except DefinitionRejected as exc:
            problems.extend(_rejection_problems(exc))
    # Each registered regulation's own rules, in registration order (Regulation.conformance).
    for rule in REGISTRY.conformance_rules():
        problems.extend(rule(root, library=library))
    unique: dict[tuple, Problem] = {}
    for problem in problems:
        unique.setdefault((problem.code, problem.element_id, problem.message_zh), problem)
    return list(unique.values())
