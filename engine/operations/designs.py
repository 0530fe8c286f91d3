"""The process designer's workspace: draft → check → submit → a second designer publishes (SECURITY.md 13, 19).

A draft starts from a deployed version and keeps its process id. Checking runs deploy validation and every
registered regulation's own rules (:mod:`engine.design_rules`, through ``REGISTRY.conformance_rules()``; the
Measures' are in ``processes/measures/conformance.py``). Only a draft that passes may be submitted; another
designer (four eyes) publishes it, and the check runs again at that moment, so what is deployed is what was
checked. A published version is used by cases registered from then on; running cases keep the versions they were
pinned to when they started (engine/runtime.py ``pinned_definition_ids``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from lxml import etree
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.bpmn.decisions import diff_decision_tables
from engine.bpmn.decisions import is_decision_document
from engine.bpmn.decisions import is_decision_xml
from engine.bpmn.decisions import table_in
from engine.bpmn.loader import MAX_BPMN_BYTES
from engine.bpmn.loader import parse_xml
from engine.bpmn.specs import parse_bundle
from engine.clock import Clock
from engine.data_forms import published_forms
from engine.data_forms import version_fingerprint
from engine.design_rules import BPMN_NS
from engine.design_rules import SPIFF_NS
from engine.design_rules import DesignContext
from engine.design_rules import Problem
from engine.design_rules import check_with_context
from engine.design_rules import design_context
from engine.errors import ConcurrencyConflict
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.definitions import ProcessDefinition
from engine.models.designs import DESIGN_TRANSITIONS
from engine.models.designs import DesignDraft
from engine.models.designs import DesignStatus
from engine.models.people import User
from engine.operations import design_forms
from engine.operations.definitions import deploy_definition
from engine.registry import REGISTRY
from engine.runtime import latest_definition
from engine.vocabulary import Role

MAX_REASON_CHARS = 1000
#: statuses in which the author may still change the XML
EDITABLE = frozenset({DesignStatus.DRAFT, DesignStatus.REJECTED})


def is_designer(user: User | None) -> bool:
    """Tell whether the user holds the designer role in some unit."""
    return user is not None and any(r.role == Role.DESIGNER for r in user.roles)


def _require_designer(actor: Actor) -> None:
    if actor.is_system or not is_designer(actor.user):
        raise NotPermitted("只有流程设计人员可以编辑、检查和发布流程", code="not_designer")


def _move(draft: DesignDraft, to: DesignStatus) -> None:
    if to not in DESIGN_TRANSITIONS[DesignStatus(draft.status)]:
        raise ConcurrencyConflict(f"草稿当前状态为{draft.status},不能变为{to}", code="bad_design_transition")
    draft.status = to


def check_key(draft: DesignDraft) -> str:
    """What a check is kept by: the XML's hash, and its forms' when it has any (issue 11 §4)."""
    return version_fingerprint(draft.xml.encode("utf-8"), draft.forms or ())


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _filename(session: Session, draft: DesignDraft) -> str:
    base = session.get(ProcessDefinition, draft.base_definition_id) if draft.base_definition_id else None
    if base is not None:
        return base.filename
    return f"{draft.key}.dmn" if is_decision_draft(draft) else f"{draft.key}.bpmn"


def is_decision_draft(draft: DesignDraft) -> bool:
    """Tell whether a draft holds a DMN decision table rather than a BPMN diagram."""
    return is_decision_xml(draft.xml)


def _summary(draft: DesignDraft) -> dict:
    return {"key": draft.key, "status": draft.status, "sha256": _sha(draft.xml),
            "base_definition_id": draft.base_definition_id}


# --- reading ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessSummary:
    """One deployed process as the designer's home lists it."""

    key: str
    name: str
    versions: int
    latest: ProcessDefinition
    deployed_by: str


def deployed_processes(session: Session) -> list[ProcessSummary]:
    """Return every deployed process key with its number of versions and its newest version."""
    counts = dict(session.execute(
        select(ProcessDefinition.key, func.count()).group_by(ProcessDefinition.key)).all())
    summaries = []
    for key in sorted(counts):
        latest = latest_definition(session, key)
        author = session.get(User, latest.deployed_by_id)
        summaries.append(ProcessSummary(key, latest.name, counts[key], latest,
                                        author.display_name if author else ""))
    return summaries


def process_versions(session: Session, key: str) -> list[ProcessDefinition]:
    """Return every deployed version of a process, newest first (404 for an unknown key)."""
    versions = list(session.execute(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                    .order_by(ProcessDefinition.version.desc())).scalars())
    if not versions:
        raise NotFound("未找到该流程")
    return versions


def get_definition(session: Session, definition_id: int) -> ProcessDefinition:
    """Return a deployed version by id (404 if there is none)."""
    definition = session.get(ProcessDefinition, definition_id)
    if definition is None:
        raise NotFound("未找到该流程版本")
    return definition


def list_drafts(session: Session) -> list[DesignDraft]:
    """Return every draft, those waiting for a second designer first, then the newest."""
    waiting = DesignDraft.status == DesignStatus.SUBMITTED
    return list(session.execute(select(DesignDraft).order_by(waiting.desc(), DesignDraft.updated_at.desc(),
                                                             DesignDraft.id.desc())).scalars())


def get_draft(session: Session, actor: Actor, draft_id: int) -> DesignDraft:
    """Return a draft to a designer (404 if there is none)."""
    _require_designer(actor)
    draft = session.get(DesignDraft, draft_id)
    if draft is None:
        raise NotFound("未找到该流程草稿")
    return draft


def stored_problems(draft: DesignDraft) -> list[dict] | None:
    """Return the problems of the draft's last check if it checked the XML as it now stands, else None."""
    result = draft.check_result or {}
    if result.get("sha256") != check_key(draft):
        return None
    return list(result.get("problems") or [])


# --- writing ---------------------------------------------------------------------------------------------


def create_draft(session: Session, clock: Clock, actor: Actor, definition_id: int) -> DesignDraft:
    """Start a draft from a deployed version of a process; the author edits it alone."""
    _require_designer(actor)
    base = get_definition(session, definition_id)
    now = clock.now()
    draft = DesignDraft(key=base.key, name=base.name, xml=base.xml, status=DesignStatus.DRAFT,
                        base_definition_id=base.id, author_id=actor.user_id, created_at=now, updated_at=now,
                        forms=published_forms(session, base.id) or None)
    session.add(draft)
    session.flush()
    audit.record(session, clock, actor, "design.draft_created", "design_draft", draft.id, after=_summary(draft))
    return draft


def _editable_by(draft: DesignDraft, actor: Actor) -> None:
    if draft.author_id != actor.user_id:
        raise NotPermitted("只有草稿的编写人可以修改草稿", code="not_author")
    if draft.status not in EDITABLE:
        raise ConcurrencyConflict("草稿已提交发布或已发布,不能再修改", code="draft_locked")


def save_draft(session: Session, clock: Clock, actor: Actor, draft_id: int, xml: str) -> DesignDraft:
    """Store the author's edited XML (well-formed, no DTD, within the size cap); a rejected draft is reopened."""
    draft = get_draft(session, actor, draft_id)
    _editable_by(draft, actor)
    if not isinstance(xml, str) or not xml.strip():
        raise DefinitionRejected("流程图内容为空", code="xml_empty")
    data = xml.encode("utf-8")
    if len(data) > MAX_BPMN_BYTES:
        raise DefinitionRejected(f"流程定义文件过大(上限{MAX_BPMN_BYTES}字节)", code="xml_too_large")
    parse_xml(data, filename=_filename(session, draft))  # refuse what the loader refuses, before storing it
    before = _summary(draft)
    if draft.status == DesignStatus.REJECTED:
        _move(draft, DesignStatus.DRAFT)
    draft.xml = xml
    draft.updated_at = clock.now()
    session.flush()
    audit.record(session, clock, actor, "design.draft_saved", "design_draft", draft.id, before=before,
                 after=_summary(draft))
    return draft


def draft_problems(session: Session, draft: DesignDraft) -> list[Problem]:
    """Return every problem of the draft as it stands, without recording anything (for reading pages)."""
    return problems_of_xml(design_context(session), _filename(session, draft), draft.key, draft.xml, draft.forms)


def problems_of_xml(context: DesignContext, filename: str, key: str, xml: str,
                    data_forms: list | None = None) -> list[Problem]:
    """Every problem of a draft's XML and its forms against ``context`` (read beforehand): no database access."""
    return design_forms.with_form_problems(_problems_of_xml(context, filename, key, xml), data_forms)


def _problems_of_xml(context: DesignContext, filename: str, key: str, xml: str) -> list[Problem]:
    data = xml.encode("utf-8")
    if is_decision_xml(xml):
        return _decision_problems_of_xml(context, filename, key, data)
    problems = check_with_context(context, filename, data)
    try:
        root = parse_xml(data, filename=filename)
    except DefinitionRejected:
        return problems
    ids = [p.get("id") for p in root.iter(f"{{{BPMN_NS}}}process") if p.get("isExecutable") == "true"]
    if ids and key not in ids:
        problems.insert(0, Problem(ids[0], "process_key_changed", None,
                                   f"流程标识须保持为“{key}”(草稿是该流程的新版本,不能改成其他流程)"))
    if root.nsmap.get("spiffworkflow") not in (None, SPIFF_NS):
        problems.insert(0, Problem(None, "bad_namespace", None, "spiffworkflow前缀须指向SpiffWorkflow命名空间"))
    return problems


def _decision_problems_of_xml(context: DesignContext, filename: str, key: str, data: bytes) -> list[Problem]:
    """Every problem of a decision table draft: per element, its decision id kept, no process's key taken."""
    problems: list[Problem] = []
    root = parse_xml(data, filename=filename)
    ids = [d.get("id") for d in root if isinstance(d.tag, str) and etree.QName(d).localname == "decision"]
    if ids and key not in ids:
        problems.append(Problem(ids[0], "decision_key_changed", None,
                                f"决策标识须保持为“{key}”(草稿是该决策表的新版本)"))
    try:
        parse_bundle({filename: data})
    except DefinitionRejected as exc:
        details = exc.details if isinstance(exc.details, list) else []
        problems.extend(Problem(d.get("element_id"), d.get("code") or exc.code, None, d.get("message") or "")
                        for d in details)
        if not details:
            problems.append(Problem(None, exc.code, None, exc.message_zh))
    processes = {k for k, tree in context.library.items() if not is_decision_document(tree)}
    if ids and ids[0] in processes:
        problems.append(Problem(ids[0], "decision_key_taken", None, f"决策标识“{ids[0]}”与已部署的流程标识相同"))
    # A regulation may hold its tables to its own rules too (the network's deduction table decides every case).
    for rule in REGISTRY.conformance_rules():
        problems.extend(rule(root, library=context.library))
    return problems


def library_mark(session: Session) -> int:
    """What the check compared with: deployed versions are only ever added, so the newest id names the set."""
    return session.execute(select(func.max(ProcessDefinition.id))).scalar() or 0


def store_check(session: Session, clock: Clock, actor: Actor, draft: DesignDraft, sha256: str, library: int,
                problems: list[Problem], *, reused: bool = False, warnings: list[dict] | None = None) -> None:
    """Keep a check's result with the draft (by the XML's hash and the deployed set it saw) and audit it.

    ``warnings`` (a condition reading a variable nothing writes, issue 11 §4) are kept beside the problems;
    they do not stop publication. Without them they are computed here (a short read of the forms)."""
    if warnings is None:
        warnings = design_forms.unwritten_variable_warnings(session, draft)
    draft.check_result = {"ok": not problems, "sha256": sha256, "library": library,
                          "checked_at": clock.now().isoformat(), "problems": [p.to_dict() for p in problems],
                          "warnings": warnings}
    session.flush()
    audit.record(session, clock, actor, "design.draft_checked", "design_draft", draft.id,
                 after={"ok": not problems, "problems": len(problems), "sha256": sha256,
                        "codes": sorted({p.code for p in problems}), "reused": reused})


def check_draft(session: Session, clock: Clock, actor: Actor, draft_id: int) -> list[Problem]:
    """Run deploy validation and the regulations' rules on the draft; keep the result with it.

    The last result is reused when it checked this very XML against the same deployed versions (the 检查
    button computes it outside any transaction, engine/operations/design_checks.py): submitting and
    publishing then hold no write lock for the length of a check.
    """
    draft = get_draft(session, actor, draft_id)
    sha, library = check_key(draft), library_mark(session)
    result = draft.check_result or {}
    if result.get("sha256") == sha and result.get("library") == library:
        problems = [Problem(p.get("element_id"), p.get("code"), p.get("article"), p.get("message"),
                            tuple(p.get("path") or ())) for p in result.get("problems") or []]
        store_check(session, clock, actor, draft, sha, library, problems, reused=True,
                    warnings=result.get("warnings") or [])
        return problems
    problems = draft_problems(session, draft)
    store_check(session, clock, actor, draft, sha, library, problems)
    return problems


def _refuse_problems(problems: list[Problem], message_zh: str) -> None:
    if problems:
        raise DefinitionRejected(f"{message_zh}:共{len(problems)}处问题,请先检查并改正",
                                 code="design_not_conformant", details=[p.to_dict() for p in problems])


def _refuse_stale(session: Session, draft: DesignDraft) -> None:
    # A version published after the draft was made would be silently undone by publishing the draft; a
    # draft made on purpose from an older version (going back to it) is fine.
    latest = latest_definition(session, draft.key)
    if latest is not None and latest.id != draft.base_definition_id and latest.deployed_at > draft.created_at:
        raise ConcurrencyConflict(
            f"草稿建立后,该流程已发布了第{latest.version}版;请基于最新版本重新建立草稿,以免覆盖他人的修改",
            code="stale_draft")


def _refuse_unchanged(session: Session, draft: DesignDraft) -> None:
    same = session.execute(select(ProcessDefinition.version).where(
        ProcessDefinition.key == draft.key, ProcessDefinition.sha256 == check_key(draft))).scalar_one_or_none()
    if same is not None:
        raise DefinitionRejected(f"草稿与已部署的第{same}版完全相同,无需发布", code="design_unchanged")


def submit_for_publication(session: Session, clock: Clock, actor: Actor, draft_id: int) -> DesignDraft:
    """Ask a second designer to publish the draft; only a draft that passes every check may be submitted."""
    draft = get_draft(session, actor, draft_id)
    _editable_by(draft, actor)
    _refuse_stale(session, draft)
    _refuse_unchanged(session, draft)
    problems = check_draft(session, clock, actor, draft_id)
    _refuse_problems(problems, "草稿未通过检查,不能提交发布")
    before = _summary(draft)
    _move(draft, DesignStatus.SUBMITTED)
    draft.submitted_at = clock.now()
    draft.reviewer_id = None
    draft.reviewed_at = None
    draft.review_reason = None
    session.flush()
    audit.record(session, clock, actor, "design.submitted", "design_draft", draft.id, before=before,
                 after=_summary(draft))
    return draft


def _review(session: Session, actor: Actor, draft_id: int) -> DesignDraft:
    draft = get_draft(session, actor, draft_id)
    if draft.status != DesignStatus.SUBMITTED:
        raise ConcurrencyConflict("该草稿不在待复核发布状态", code="not_submitted")
    if draft.author_id == actor.user_id:
        raise NotPermitted("发布须经另一名流程设计人员复核(四眼原则),不能复核自己编写的草稿", code="four_eyes")
    return draft


def approve_publication(session: Session, clock: Clock, actor: Actor, draft_id: int) -> ProcessDefinition:
    """Publish a submitted draft as the process's next version, as a second designer (four eyes).

    The check runs again now: what is deployed is exactly what passed it.
    """
    draft = _review(session, actor, draft_id)
    _refuse_stale(session, draft)
    problems = check_draft(session, clock, actor, draft_id)
    _refuse_problems(problems, "草稿未通过发布前的复查,不能发布")
    definition, created = deploy_definition(session, clock, actor, _filename(session, draft),
                                            draft.xml.encode("utf-8"), data_forms=draft.forms or ())
    if not created:
        raise DefinitionRejected(f"草稿与已部署的第{definition.version}版完全相同,无需发布", code="design_unchanged")
    before = _summary(draft)
    _move(draft, DesignStatus.PUBLISHED)
    draft.reviewer_id = actor.user_id
    draft.reviewed_at = clock.now()
    draft.published_definition_id = definition.id
    session.flush()
    audit.record(session, clock, actor, "design.published", "design_draft", draft.id, before=before,
                 after={**_summary(draft), "definition_id": definition.id, "version": definition.version,
                        "author_id": draft.author_id})
    return definition


def reject_publication(session: Session, clock: Clock, actor: Actor, draft_id: int, reason: str) -> DesignDraft:
    """Send a submitted draft back to its author with a reason, as a second designer."""
    draft = _review(session, actor, draft_id)
    reason = (reason or "").strip()
    if not reason:
        raise FormInvalid("请填写退回理由", details={"reason": ["请填写退回理由"]})
    if len(reason) > MAX_REASON_CHARS:
        raise FormInvalid("退回理由过长", details={"reason": [f"不超过{MAX_REASON_CHARS}个字"]})
    before = _summary(draft)
    _move(draft, DesignStatus.REJECTED)
    draft.reviewer_id = actor.user_id
    draft.reviewed_at = clock.now()
    draft.review_reason = reason
    session.flush()
    audit.record(session, clock, actor, "design.rejected", "design_draft", draft.id, before=before,
                 after=_summary(draft), reason=reason)
    return draft


# --- what changed between two versions (for the reviewer and the version diff) ---------------------------


@dataclass(frozen=True)
class FieldChange:
    """One fact of an element that differs: an attribute, a spiffworkflow property, a condition, a timer."""

    #: attribute name (name, sourceRef, default, calledElement...), property name (role, formKey, dueRule,
    #: article...), conditionExpression, documentation, or timeDate/timeDuration/timeCycle
    field: str
    before: str | None
    after: str | None
    #: when the field refers to another element (sourceRef, targetRef, default, attachedToRef): its names
    before_name: str | None = None
    after_name: str | None = None


@dataclass(frozen=True)
class Change:
    """One element added, removed or changed between an older and a newer diagram."""

    element_id: str
    kind: str  # "added" | "removed" | "changed"
    label: str
    #: the BPMN element type (userTask, sequenceFlow, boundaryEvent...)
    element_type: str
    details: tuple[FieldChange, ...] = ()


_TRACKED_ATTRIBUTES = ("name", "sourceRef", "targetRef", "default", "calledElement", "attachedToRef",
                       "cancelActivity")
_REFERENCES = ("sourceRef", "targetRef", "default", "attachedToRef")
# Drawn elements only: event definitions and lane sets have ids but no shape; their facts are read into
# the element that carries them (a timer's expression belongs to its boundary event).
_UNDRAWN = ("laneSet",)


def _elements(xml: str) -> dict[str, dict]:
    root = parse_xml(xml.encode("utf-8"), filename="diff.bpmn")
    found: dict[str, dict] = {}
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        for element in process.iter():
            if not isinstance(element.tag, str) or not element.get("id") or element is process:
                continue
            qname = etree.QName(element)
            if qname.namespace != BPMN_NS or qname.localname in _UNDRAWN \
                    or qname.localname.endswith("EventDefinition"):
                continue
            facts = {a: element.get(a) for a in _TRACKED_ATTRIBUTES if element.get(a) is not None}
            for prop in element.iter(f"{{{SPIFF_NS}}}property"):
                facts[prop.get("name") or ""] = prop.get("value")
            for child in element:
                if isinstance(child.tag, str) and etree.QName(child).localname in (
                        "conditionExpression", "documentation"):
                    facts[etree.QName(child).localname] = (child.text or "").strip()
            for timer in element.iter(f"{{{BPMN_NS}}}timeDate", f"{{{BPMN_NS}}}timeDuration",
                                      f"{{{BPMN_NS}}}timeCycle"):
                facts[etree.QName(timer).localname] = (timer.text or "").strip()
            found[element.get("id")] = {"kind": qname.localname, "facts": facts}
    return found


def diff_definitions(old_xml: str, new_xml: str) -> list[Change]:
    """List the process elements the newer diagram adds, removes or changes compared with the older one.

    Elements are matched by their BPMN id; layout (shapes, waypoints) is not compared.
    """
    if is_decision_xml(old_xml) or is_decision_xml(new_xml):
        return diff_decisions(old_xml, new_xml)
    old, new = _elements(old_xml), _elements(new_xml)
    changes: list[Change] = []

    def label(entry: dict, element_id: str) -> str:
        return entry["facts"].get("name") or element_id

    for element_id, entry in new.items():
        if element_id not in old:
            changes.append(Change(element_id, "added", label(entry, element_id), entry["kind"]))
            continue
        before, after = old[element_id]["facts"], entry["facts"]

        def named(elements: dict, ref: str | None, key: str) -> str | None:
            return elements.get(ref, {}).get("facts", {}).get("name") if key in _REFERENCES and ref else None

        differing = tuple(FieldChange(key, before.get(key), after.get(key), named(old, before.get(key), key),
                                      named(new, after.get(key), key))
                          for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key))
        if differing or old[element_id]["kind"] != entry["kind"]:
            if old[element_id]["kind"] != entry["kind"]:
                differing = (FieldChange("type", old[element_id]["kind"], entry["kind"]), *differing)
            changes.append(Change(element_id, "changed", label(entry, element_id), entry["kind"], differing))
    for element_id, entry in old.items():
        if element_id not in new:
            changes.append(Change(element_id, "removed", label(entry, element_id), entry["kind"]))
    return changes


def diff_decisions(old_xml: str, new_xml: str) -> list[Change]:
    """List the rules and columns a newer decision table adds, removes or changes (rules matched by id)."""
    tables = [table_in(old_xml), table_in(new_xml)]
    if None in tables:
        raise DefinitionRejected("只能对比同一决策表的两个版本", code="not_comparable")
    return [Change(c.element_id, c.kind, c.label, c.element_type,
                   tuple(FieldChange(field, before, after) for field, before, after in c.fields))
            for c in diff_decision_tables(*tables)]


def changes_from_base(session: Session, draft: DesignDraft) -> list[Change]:
    """List the process elements the draft adds, removes or changes compared with its base version."""
    base = session.get(ProcessDefinition, draft.base_definition_id) if draft.base_definition_id else None
    if base is None:
        return []
    try:
        return diff_definitions(base.xml, draft.xml)
    except DefinitionRejected:
        return []


@dataclass(frozen=True)
class VersionDiff:
    """Two deployed versions of one process and what the newer changes."""

    old: ProcessDefinition
    new: ProcessDefinition
    changes: list[Change]

    def ids(self, kind: str) -> list[str]:
        """The element ids of one kind of change, to mark on the diagrams."""
        return [c.element_id for c in self.changes if c.kind == kind]


def version_diff(session: Session, actor: Actor, key: str, old_version: int, new_version: int) -> VersionDiff:
    """Compare two deployed versions of a process (404 if either does not exist)."""
    _require_designer(actor)
    by_version = {v.version: v for v in process_versions(session, key)}
    old, new = by_version.get(old_version), by_version.get(new_version)
    if old is None or new is None:
        raise NotFound("未找到该流程版本")
    return VersionDiff(old, new, diff_definitions(old.xml, new.xml))
