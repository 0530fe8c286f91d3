"""Conformance of a BPMN diagram with the Measures: the rules a designer's change may not break.

Deploy validation (:mod:`engine.bpmn.validation`) says whether the engine *can* run a diagram; this module
says whether the procedure it draws still follows 《领导干部廉洁自律预警机制实施办法》. :func:`check_conformance`
is the Measures' registered rule (``Regulation.conformance`` in ``processes/measures/__init__.py``): the
designer's check (:mod:`engine.design_rules`) runs it on every draft beside deploy validation, through
``REGISTRY.conformance_rules()``, with the newest deployed version of every process as ``library``.

* 第十七条 — no path from a start event reaches a carrying-out step (a user task of stage
  ``implementation``, or a call of ``warning_execution``) without the approval its warning type requires:
  an inquiry by the deputy secretary or the secretary, an admonition by the secretary, an ordered correction
  by the secretary (either of them: or the standing committee), and an approved ordered correction is
  reported to the county party chief (a step of role ``party_chief``) before it is carried out or before the
  approval process ends.
* 第三十条 — a warning is lifted (effect ``lift_warning``, or a leader's follow-up approval) only after a
  follow-up visit that comes after the last rectification report, on every path; lifting is a leader's
  decision; an extension notice follows a leader's approval, which follows a request; the extension steps
  keep the effects that enforce the one-month cap, and live only in a process watching the deadline with a
  boundary timer on ``current_due_at``.
* 第十七、二十八至三十一条 (deadlines) — every user task whose ``dueRule`` the shipped diagram of the same
  process declares still declares it, and every waiting step the shipped diagram watches with a boundary
  timer on ``current_due_at`` is still watched by an interrupting one.

The path rules are checked by walking every path of the diagram *in context*: the processes that call it
(the main process ``warning_case``) are walked from their start events with the checked diagram in place of
its deployed version, and called processes are entered, so that an approval made in ``warning_approval``
counts before ``warning_execution`` is called. The walk tracks, per path, the values the gateways read
(narrowed by the conditions taken, reset by the forms and effects that write them), which approvals were
granted for which warning type, whether the party chief was reported to, whether a follow-up visit took
place and where an extension stands. Parallel branches are walked one at a time, so an approval on a
sibling branch never counts (strict, and the shipped diagrams have no parallel gateway).

The rules also find the elements no token can reach and the steps a token cannot leave (a case would stop
there for good).
"""
from __future__ import annotations

import ast
import functools
import itertools
import re
from collections import deque
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from pathlib import Path

from lxml import etree

import forms
from engine.bpmn.loader import parse_xml
from engine.bpmn.specs import PROPERTY_NAMES
from engine.design_rules import BPMN_NS
from engine.design_rules import SPIFF_NS
from engine.design_rules import Problem
from engine.vocabulary import Role
from engine.vocabulary import Stage
from engine.vocabulary import WarningType

_NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}
#: the Measures' code-reviewed diagrams: the reference the deadline and extension rules compare a draft with
SHIPPED_DIR = Path(__file__).resolve().parent

#: the process a registered clue starts (processes.measures.clues.MAIN_PROCESS): its data starts undetermined
MAIN_PROCESS = "warning_case"
#: called processes that carry a warning out (第十七条: only after approval)
CARRYING_OUT_PROCESSES = frozenset({"warning_execution"})
#: the deadline variable the boundary timers watch (docs/ARCHITECTURE.md "Timers")
DEADLINE_VARIABLE = "current_due_at"

ARTICLE_17 = "第十七条"
ARTICLE_30 = "第三十条"
#: due rule -> the articles that set the deadline (engine.vocabulary.DUE_RULE_LABELS)
DUE_RULE_ARTICLES = {"start_within_7_days": "第十七条", "reply_deadline": "第二十八、二十九、三十条"}

LEADER_ROLES = frozenset({Role.DEPUTY_SECRETARY, Role.SECRETARY, Role.STANDING_COMMITTEE})
#: 第十七条: who may approve each warning type (every role a step names must be in the set, since "a|b"
#: means any holder of a or b may decide)
APPROVERS: dict[str, frozenset[str]] = {
    WarningType.INQUIRY: frozenset({Role.DEPUTY_SECRETARY, Role.SECRETARY, Role.STANDING_COMMITTEE}),
    WarningType.ADMONITION: frozenset({Role.SECRETARY, Role.STANDING_COMMITTEE}),
    WarningType.CORRECTION: frozenset({Role.SECRETARY, Role.STANDING_COMMITTEE}),
}
APPROVER_LABELS = {
    WarningType.INQUIRY: "谈话函询须经分管副书记或书记审批",
    WarningType.ADMONITION: "警示诫勉须经纪委书记审批(或常委会研究确定)",
    WarningType.CORRECTION: "责令纠错须经纪委书记审批或常委会研究确定",
}
WARNING_TYPES = tuple(str(t) for t in WarningType)
EXTENSION_EFFECTS = frozenset({"request_extension", "decide_extension", "issue_extension_notice"})
#: variables that effects write besides the form's fields (processes/measures/supervision.py); the value is
#: unknown here, so the walk forgets what it knew
EFFECT_WRITES: dict[str, tuple[str, ...]] = {
    "conclude_review": ("warning_type",),
    "decide_overdue": ("warning_type",),
    "lift_warning": ("supervision_outcome",),
}
#: the value a decision field takes when the leader agrees
APPROVED = "approved"
#: a walk that visits more states than this is refused rather than left to run
MAX_STATES = 200_000
MAX_CALL_DEPTH = 8
_MAX_ASSIGNMENTS = 512
_ARTICLE_RE = re.compile(r"第[一二三四五六七八九十百、至]+条")


# --- the graph of one process ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    id: str
    kind: str
    name: str
    props: Mapping[str, str]
    roles: frozenset[str] = frozenset()
    called: str | None = None
    attached_to: str | None = None
    timer: tuple[str, str] | None = None  # (timeDate | timeDuration | timeCycle, expression)
    interrupting: bool = True
    default: str | None = None

    @property
    def stage(self) -> str | None:
        return self.props.get("stage")

    @property
    def effect(self) -> str | None:
        return self.props.get("effect")

    @property
    def form_key(self) -> str | None:
        return self.props.get("formKey")

    @property
    def label(self) -> str:
        return f"“{self.name}”" if self.name else f"“{self.id}”"


@dataclass(frozen=True)
class _Flow:
    id: str
    source: str
    target: str
    condition: str | None


@dataclass
class _Process:
    id: str
    name: str
    nodes: dict[str, _Node] = field(default_factory=dict)
    outgoing: dict[str, list[_Flow]] = field(default_factory=dict)
    boundaries: dict[str, list[str]] = field(default_factory=dict)
    starts: list[str] = field(default_factory=list)

    def user_tasks(self) -> list[_Node]:
        return [n for n in self.nodes.values() if n.kind == "userTask"]

    def deadline_timers(self) -> dict[str, _Node]:
        """Boundary timers on the deadline variable, by the id of the step they watch."""
        return {n.attached_to: n for n in self.nodes.values()
                if n.kind == "boundaryEvent" and n.timer and n.timer[1].strip() == DEADLINE_VARIABLE
                and n.attached_to}


def _properties(element: etree._Element) -> dict[str, str]:
    props: dict[str, str] = {}
    for prop in element.xpath("./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property",
                              namespaces=_NS):
        name, value = prop.get("name"), prop.get("value")
        if name in PROPERTY_NAMES and value is not None and value.strip():
            props.setdefault(name, value.strip())
    return props


def _build(process: etree._Element) -> _Process:
    graph = _Process(process.get("id") or "", process.get("name") or "")
    for element in process:
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element)
        if name.namespace != BPMN_NS or not element.get("id"):
            continue
        kind = name.localname
        if kind == "sequenceFlow":
            condition = element.find(f"{{{BPMN_NS}}}conditionExpression")
            text = (condition.text or "").strip() if condition is not None else None
            flow = _Flow(element.get("id"), element.get("sourceRef") or "", element.get("targetRef") or "",
                         text or None)
            graph.outgoing.setdefault(flow.source, []).append(flow)
            continue
        if kind in ("laneSet", "documentation", "extensionElements", "textAnnotation", "association"):
            continue
        props = _properties(element)
        timer = None
        if kind == "boundaryEvent":
            for spec in element.xpath("./bpmn:timerEventDefinition/*", namespaces=_NS):
                if isinstance(spec.tag, str) and etree.QName(spec).localname in ("timeDate", "timeDuration",
                                                                                 "timeCycle"):
                    timer = (etree.QName(spec).localname, (spec.text or "").strip())
        node = _Node(
            id=element.get("id"), kind=kind, name=(element.get("name") or "").strip(), props=props,
            roles=frozenset(r.strip() for r in props.get("role", "").split("|") if r.strip()),
            called=(element.get("calledElement") or "").strip() or None,
            attached_to=element.get("attachedToRef"), timer=timer,
            interrupting=element.get("cancelActivity", "true").strip().lower() != "false",
            default=element.get("default"),
        )
        graph.nodes[node.id] = node
        if kind == "startEvent":
            graph.starts.append(node.id)
        if kind == "boundaryEvent" and node.attached_to:
            graph.boundaries.setdefault(node.attached_to, []).append(node.id)
    return graph


def _processes_of(root: etree._Element) -> dict[str, _Process]:
    return {p.get("id"): _build(p) for p in root.xpath("./bpmn:process", namespaces=_NS) if p.get("id")}


def _roots_of(tree_or_bundle) -> list[etree._Element]:
    if isinstance(tree_or_bundle, etree._Element):
        return [tree_or_bundle]
    trees = getattr(tree_or_bundle, "trees", None)
    if trees is not None:
        return list(trees.values())
    if isinstance(tree_or_bundle, Mapping):
        return list(tree_or_bundle.values())
    return list(tree_or_bundle)


@functools.cache
def _shipped_bytes() -> tuple[tuple[str, bytes], ...]:
    return tuple((path.name, path.read_bytes()) for path in sorted(SHIPPED_DIR.glob("*.bpmn")))


def shipped_library() -> dict[str, etree._Element]:
    """Return the code-reviewed diagrams of processes/measures/ by process id (the reference of the deadline rules)."""
    library: dict[str, etree._Element] = {}
    for filename, data in _shipped_bytes():
        root = parse_xml(data, filename=filename)
        for process in root.xpath("./bpmn:process", namespaces=_NS):
            library[process.get("id")] = root
    return library


# --- what the gateways read: values, conditions ---------------------------------------------------------


@functools.cache
def _form_fields() -> dict[str, dict[str, frozenset | None]]:
    """Form key -> field name -> the finite set of values it can take (None: not a finite choice)."""
    described: dict[str, dict[str, frozenset | None]] = {}
    for key in forms.REGISTRY:
        fields: dict[str, frozenset | None] = {}
        for f in forms.describe(key).fields:
            if f.kind == "choice":
                fields[f.name] = frozenset(value for value, _ in f.choices)
            elif f.kind == "bool":
                fields[f.name] = frozenset({True, False})
            else:
                fields[f.name] = None
        described[key] = fields
    return described


@functools.cache
def _domains() -> dict[str, frozenset]:
    """Every variable with a finite set of values: the forms' choices, the warning type, the outcomes."""
    domains: dict[str, set] = {"warning_type": set(WARNING_TYPES), "supervision_outcome": {"lifted"}}
    for fields in _form_fields().values():
        for name, values in fields.items():
            if values is not None:
                domains.setdefault(name, set()).update(values)
    return {name: frozenset(values) for name, values in domains.items()}


class _Unknown(Exception):
    """The condition cannot be decided from what the walk knows."""


_COMPARE = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b, ast.Is: lambda a, b: a is b,
    ast.IsNot: lambda a, b: a is not b,
}


def _evaluate(node: ast.AST, values: Mapping[str, object]):
    """Evaluate an allowlisted condition (engine.bpmn.expressions) on concrete values, without eval."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise _Unknown
        return values[node.id]
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_evaluate(item, values) for item in node.elts)
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        if isinstance(node.op, ast.Not):
            return not operand
        if isinstance(node.op, ast.USub) and isinstance(operand, int):
            return -operand
        raise _Unknown
    if isinstance(node, ast.BoolOp):
        results = [_evaluate(value, values) for value in node.values]
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, values)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(comparator, values)
            try:
                if not _COMPARE[type(op)](left, right):
                    return False
            except (TypeError, KeyError):
                raise _Unknown from None
            left = right
        return True
    raise _Unknown


@functools.cache
def _parse_condition(text: str) -> tuple[ast.AST, tuple[str, ...]] | None:
    try:
        body = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    names = sorted({n.id for n in ast.walk(body) if isinstance(n, ast.Name)})
    return body, tuple(names)


Env = tuple[tuple[str, frozenset], ...]


def _env_get(env: Env, name: str) -> frozenset | None:
    for key, values in env:
        if key == name:
            return values
    return _domains().get(name)


def _env_set(env: Env, name: str, values: frozenset | None) -> Env:
    """Set what a variable may hold; None or the variable's whole domain means "anything" (not stored)."""
    kept = [(k, v) for k, v in env if k != name]
    if values is not None and values != _domains().get(name):
        kept.append((name, frozenset(values)))
    return tuple(sorted(kept, key=lambda item: item[0]))


def _assignments(env: Env, names: Iterable[str]) -> list[dict] | None:
    """Every combination of values the named variables may hold, or None when one of them is unknown."""
    choices = []
    for name in names:
        values = _env_get(env, name)
        if values is None or not values:
            return None
        choices.append([(name, v) for v in values])
    total = 1
    for options in choices:
        total *= len(options)
    if total > _MAX_ASSIGNMENTS:
        return None
    return [dict(combo) for combo in itertools.product(*choices)]


def _split_on(env: Env, names: tuple[str, ...], test) -> list[Env] | None:
    """Return the envs (narrowed) in which ``test(values)`` holds, or None when it cannot be decided."""
    combos = _assignments(env, names)
    if combos is None:
        return None
    kept: list[dict] = []
    for values in combos:
        try:
            if test(values):
                kept.append(values)
        except _Unknown:
            return None
    if len(names) == 1:
        name = names[0]
        return [_env_set(env, name, frozenset(v[name] for v in kept))] if kept else []
    result = []
    for values in kept:
        narrowed = env
        for name, value in values.items():
            narrowed = _env_set(narrowed, name, frozenset({value}))
        result.append(narrowed)
    return result


def _follow(process: _Process, node: _Node, env: Env) -> list[tuple[_Flow, Env]]:
    """The flows a token may take out of ``node`` with what it then knows (conditions narrow the values)."""
    flows = process.outgoing.get(node.id, [])
    conditional = [f for f in flows if f.condition]
    taken: list[tuple[_Flow, Env]] = []
    for flow in flows:
        if flow.condition:
            parsed = _parse_condition(flow.condition)
            envs = None if parsed is None else _split_on(
                env, parsed[1], lambda values, body=parsed[0]: bool(_evaluate(body, values)))
            taken.extend((flow, e) for e in (envs if envs is not None else [env]))
        elif flow.id == node.default and conditional:
            parsed_all = [_parse_condition(f.condition) for f in conditional]
            envs = None
            if all(p is not None for p in parsed_all):
                names = tuple(sorted({n for p in parsed_all for n in p[1]}))
                envs = _split_on(env, names, lambda values, parsed_all=parsed_all: not any(
                    bool(_evaluate(p[0], values)) for p in parsed_all))
            taken.extend((flow, e) for e in (envs if envs is not None else [env]))
        else:
            taken.append((flow, env))
    return taken


# --- the walk ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    stack: tuple[tuple[str, str], ...]  # (process id, call activity id) of the callers
    process: str
    node: str
    env: Env
    granted: frozenset[str] = frozenset()   # warning types an approval was granted for (第十七条)
    reported: bool = False                  # the party chief was told after the last correction approval
    visited: bool = False                   # a follow-up visit after the last report (第三十条)
    extension: str = ""                     # "", "requested", "approved" (第三十条)


def _is_approval(node: _Node) -> bool:
    return node.kind == "userTask" and node.stage == Stage.APPROVAL and bool(node.roles & LEADER_ROLES)


def _is_party_chief_report(node: _Node) -> bool:
    return node.kind == "userTask" and bool(node.roles) and node.roles <= {Role.PARTY_CHIEF}


def _is_follow_up_visit(node: _Node) -> bool:
    return node.kind == "userTask" and node.stage == Stage.FOLLOW_UP and (
        node.effect == "record_follow_up" or node.form_key == "follow_up_visit")


def _decision_field(node: _Node) -> tuple[str, frozenset] | None:
    """The form field in which a leader agrees ("approved") or not, if the step's form has one."""
    for name, values in _form_fields().get(node.form_key or "", {}).items():
        if values is not None and APPROVED in values:
            return name, values
    return None


def _is_lifting(node: _Node) -> bool:
    return node.kind == "userTask" and (node.effect == "lift_warning" or (
        node.stage == Stage.FOLLOW_UP and bool(node.roles & {Role.SECRETARY, Role.DEPUTY_SECRETARY})
        and _decision_field(node) is not None))


def _is_carrying_out(node: _Node) -> bool:
    if node.kind == "userTask":
        return node.stage == Stage.IMPLEMENTATION
    return node.kind == "callActivity" and node.called in CARRYING_OUT_PROCESSES


def _types(env: Env) -> frozenset:
    values = _env_get(env, "warning_type")
    return frozenset(values) if values else frozenset(WARNING_TYPES)


@dataclass
class _Finding:
    code: str
    article: str
    message_zh: str
    state: _State
    #: for a skipped approval: the warning types left without their approval
    missing: tuple[str, ...] = ()


#: what the rules themselves read from the data wherever a token is (第十七条: the warning type)
_ALWAYS_LIVE = frozenset({"warning_type"})


def _writes(node: _Node) -> frozenset[str]:
    """The variables a person's completion of ``node`` overwrites (its form's fields, its effect's writes)."""
    if node.kind != "userTask":
        return frozenset()
    return frozenset(_form_fields().get(node.form_key or "", {})) | frozenset(EFFECT_WRITES.get(node.effect or "", ()))


def _condition_reads(flows: Iterable[_Flow]) -> frozenset[str]:
    names: set[str] = set()
    for flow in flows:
        parsed = _parse_condition(flow.condition) if flow.condition else None
        if parsed is not None:
            names.update(parsed[1])
    return frozenset(names)


def _live_variables(processes: Mapping[str, _Process]) -> dict[tuple[str, str], frozenset[str]]:
    """(process, node) -> the variables a condition may still read, on some path from there, before a step
    overwrites them: live-variable analysis across the processes, run backwards to a fixed point.

    What the walk knows of any other variable can never change a condition's outcome or a rule, so the walk
    forgets it: paths that differ only in a value nobody will read again are one state. Without this, every
    decision whose value no later condition reads doubled the states after it, into every called process
    (issue 11 §5: a 60 KB diagram took half a minute). A call passes on what its callee reads and what is
    read after it returns; the end of a called process passes on what its callers read after the call; a
    call the walk cannot enter keeps everything any condition reads. So no rule is weakened.
    """
    everywhere = frozenset().union(*(_condition_reads(flows) for process in processes.values()
                                     for flows in process.outgoing.values())) | _ALWAYS_LIVE
    call_sites: dict[str, list[tuple[str, _Node]]] = {}
    for pid, process in processes.items():
        for node in process.nodes.values():
            if node.kind == "callActivity" and node.called in processes:
                call_sites.setdefault(node.called, []).append((pid, node))
    preds: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for pid, process in processes.items():
        for flows in process.outgoing.values():
            for flow in flows:
                preds.setdefault((pid, flow.target), set()).add((pid, flow.source))
        for attached, boundaries in process.boundaries.items():
            for boundary in boundaries:
                preds.setdefault((pid, boundary), set()).add((pid, attached))
    for callee, sites in call_sites.items():
        ends = [n.id for n in processes[callee].nodes.values() if n.kind == "endEvent"]
        for caller, call in sites:
            for start in processes[callee].starts:
                preds.setdefault((callee, start), set()).add((caller, call.id))
            for flow in processes[caller].outgoing.get(call.id, []):
                for end in ends:
                    preds.setdefault((caller, flow.target), set()).add((callee, end))
    live: dict[tuple[str, str], frozenset[str]] = {
        (pid, node_id): frozenset() for pid, process in processes.items() for node_id in process.nodes}

    def after(pid: str, node_id: str) -> frozenset[str]:
        flows = processes[pid].outgoing.get(node_id, [])
        return _condition_reads(flows).union(*(live.get((pid, f.target), everywhere) for f in flows))

    def live_in(pid: str, node: _Node) -> frozenset[str]:
        process = processes[pid]
        if node.kind == "callActivity":
            callee = processes.get(node.called or "")
            value = after(pid, node.id) | (everywhere if callee is None else frozenset().union(
                *(live[(callee.id, start)] for start in callee.starts)))
        elif node.kind == "endEvent":
            value = frozenset().union(*(after(caller, call.id) for caller, call in call_sites.get(pid, [])))
        else:
            value = after(pid, node.id) - _writes(node)
        return value.union(*(live.get((pid, b), everywhere) for b in process.boundaries.get(node.id, []))) \
            | _ALWAYS_LIVE

    work = deque(live)
    queued = set(work)
    while work:
        key = work.popleft()
        queued.discard(key)
        value = live_in(key[0], processes[key[0]].nodes[key[1]])
        if value != live[key]:
            live[key] = value
            for pred in preds.get(key, ()):
                if pred in live and pred not in queued:
                    queued.add(pred)
                    work.append(pred)
    return live


class _Walk:
    """Every path of the root processes, with the checked processes in place of their deployed versions."""

    def __init__(self, processes: Mapping[str, _Process]):
        self.processes = processes
        self.parents: dict[_State, _State | None] = {}
        self.findings: dict[tuple[str, str, str], _Finding] = {}
        self.too_complex = False
        self.live = _live_variables(processes)

    def forget_dead(self, state: _State) -> _State:
        """The state without the values no condition will read any more (``_live_variables``)."""
        live = self.live.get((state.process, state.node))
        if live is None:
            return state
        env = tuple(item for item in state.env if item[0] in live)
        return state if len(env) == len(state.env) else replace(state, env=env)

    def find(self, state: _State, code: str, article: str, message_zh: str, missing: tuple[str, ...] = ()) -> None:
        self.findings.setdefault((code, state.process, state.node),
                                 _Finding(code, article, message_zh, state, missing))

    def run(self, roots: Iterable[str]) -> None:
        queue: deque[_State] = deque()
        for root in roots:
            process = self.processes[root]
            env = _env_set((), "warning_type", frozenset({None})) if root == MAIN_PROCESS else ()
            for start in process.starts:
                state = self.forget_dead(_State((), root, start, env))
                if state not in self.parents:
                    self.parents[state] = None
                    queue.append(state)
        while queue:
            if len(self.parents) > MAX_STATES:
                self.too_complex = True
                return
            state = queue.popleft()
            for successor in map(self.forget_dead, self.step(state)):
                if successor not in self.parents:
                    self.parents[successor] = state
                    queue.append(successor)

    def path(self, state: _State) -> list[tuple[str, str]]:
        chain: list[tuple[str, str]] = []
        current: _State | None = state
        while current is not None:
            chain.append((current.process, current.node))
            current = self.parents[current]
        chain.reverse()
        return chain

    # one step of a token ---------------------------------------------------------------------------

    def step(self, state: _State) -> list[_State]:
        process = self.processes[state.process]
        node = process.nodes.get(state.node)
        if node is None:
            return []
        self.check_arrival(state, node)
        out: list[_State] = []
        if node.kind in ("userTask", "callActivity"):
            for boundary in process.boundaries.get(node.id, []):
                # the step is interrupted (or a reminder fires): nothing of its own is done
                out.append(replace(state, node=boundary))
        if node.kind == "endEvent":
            if not state.stack:
                return out
            caller_process, call_id = state.stack[-1]
            caller = self.processes[caller_process]
            returned = replace(state, stack=state.stack[:-1], process=caller_process, node=call_id)
            return out + self.leave(caller, caller.nodes[call_id], returned)
        if node.kind == "callActivity":
            callee = self.processes.get(node.called or "")
            in_stack = node.called == state.process or any(p == node.called for p, _ in state.stack)
            if callee is not None and callee.starts and not in_stack and len(state.stack) < MAX_CALL_DEPTH:
                stack = (*state.stack, (state.process, node.id))
                return out + [replace(state, stack=stack, process=callee.id, node=start) for start in callee.starts]
            # a call the walk cannot enter: what it does to the data is unknown
            return out + self.leave(process, node, replace(state, env=()))
        if node.kind == "userTask":
            for done in self.complete(node, state):
                out.extend(self.leave(process, node, done))
            return out
        return out + self.leave(process, node, state)

    def leave(self, process: _Process, node: _Node, state: _State) -> list[_State]:
        return [replace(state, node=flow.target, env=env) for flow, env in _follow(process, node, state.env)]

    def complete(self, node: _Node, state: _State) -> list[_State]:
        """The states after a person completes the user task: its form and effect written, its decision taken."""
        env = state.env
        resets_type = False
        for name, values in _form_fields().get(node.form_key or "", {}).items():
            env = _env_set(env, name, values)
            resets_type = resets_type or name == "warning_type"
        for name in EFFECT_WRITES.get(node.effect or "", ()):
            env = _env_set(env, name, None)
            resets_type = resets_type or name == "warning_type"
        base = replace(state, env=env)
        if resets_type:
            # a new (or graver) warning type needs its own approval (第十七、二十八、二十九条)
            base = replace(base, granted=frozenset(), reported=False)
        if node.stage in (Stage.RECTIFICATION, Stage.OVERDUE):
            base = replace(base, visited=False)
        if _is_follow_up_visit(node):
            base = replace(base, visited=True)
        if _is_party_chief_report(node):
            base = replace(base, reported=True)
        if node.effect == "request_extension":
            base = replace(base, extension="requested")
        elif node.effect == "issue_extension_notice":
            base = replace(base, extension="")
        decision = _decision_field(node)
        if decision is None:
            return [base]
        name, values = decision
        agreed = replace(base, env=_env_set(base.env, name, frozenset({APPROVED})))
        refused = replace(base, env=_env_set(base.env, name, values - {APPROVED}))
        if _is_approval(node):
            types = frozenset(t for t in WARNING_TYPES if node.roles <= APPROVERS[t])
            agreed = replace(agreed, granted=agreed.granted | types,
                             reported=agreed.reported and WarningType.CORRECTION not in types)
        if node.effect == "decide_extension":
            agreed = replace(agreed, extension="approved")
            refused = replace(refused, extension="")
        return [agreed] + ([refused] if values - {APPROVED} else [])

    # the rules checked where a token arrives ----------------------------------------------------

    def check_arrival(self, state: _State, node: _Node) -> None:
        if _is_carrying_out(node):
            self.check_approved(state, node)
        if node.kind == "endEvent":
            types = _types(state.env)
            if WarningType.CORRECTION in types and WarningType.CORRECTION in state.granted and not state.reported:
                self.find(state, "party_chief_report_skipped", ARTICLE_17,
                          f"责令纠错经批准后,存在未报县委主要领导同志即到达结束事件{node.label}的路径(第十七条)")
        if node.kind != "userTask":
            return
        if _is_lifting(node) and not state.visited:
            self.find(state, "lifting_without_follow_up", ARTICLE_30,
                      f"存在未经回访(或整改报告后未再回访)即到达解除预警步骤{node.label}的路径(第三十条)")
        if node.effect == "decide_extension" and state.extension != "requested":
            self.find(state, "extension_decision_without_request", ARTICLE_30,
                      f"存在未填写延期整改审批表即到达延期审批步骤{node.label}的路径(第三十条)")
        if node.effect == "issue_extension_notice" and state.extension != "approved":
            self.find(state, "extension_notice_without_approval", ARTICLE_30,
                      f"存在未经领导批准延期即到达发出延期整改通知书步骤{node.label}的路径(第三十条)")

    def check_approved(self, state: _State, node: _Node) -> None:
        types = _types(state.env)
        if None in types:
            types = frozenset(WARNING_TYPES)  # not even determined yet: no approval can cover it
        missing = [t for t in WARNING_TYPES if t in types and t not in state.granted]
        if missing:
            rules = ";".join(APPROVER_LABELS[t] for t in missing)
            self.find(state, "approval_skipped", ARTICLE_17,
                      f"存在未经审批即到达组织实施步骤{node.label}的路径:{rules}(第十七条)", tuple(missing))
        elif WarningType.CORRECTION in types and not state.reported:
            self.find(state, "party_chief_report_skipped", ARTICLE_17,
                      f"存在责令纠错经批准后未报县委主要领导同志即到达组织实施步骤{node.label}的路径(第十七条)")


# --- the rules that need no walk ------------------------------------------------------------------------


def _static_rules(process: _Process, reference: _Process | None) -> list[Problem]:
    problems: list[Problem] = []
    tasks = {t.id: t for t in process.user_tasks()}
    timers = process.deadline_timers()
    for task in tasks.values():
        if task.effect in EXTENSION_EFFECTS and not timers:
            problems.append(Problem(task.id, "extension_without_deadline_timer", ARTICLE_30,
                                    f"延期步骤{task.label}所在流程没有以{DEADLINE_VARIABLE}为期限的边界定时器:"
                                    f"整改期限须持续计算,延期须在期满前批准(第三十、三十一条)"))
        if task.stage == Stage.EXTENSION and task.effect not in EXTENSION_EFFECTS:
            problems.append(Problem(task.id, "extension_effect_missing", ARTICLE_30,
                                    f"延期步骤{task.label}须带有延期业务效果(request_extension、decide_extension或"
                                    f"issue_extension_notice),由其执行“延长期限累计不超过1个月”的限制(第三十条)"))
        if task.effect == "lift_warning" and not (task.roles and task.roles <= LEADER_ROLES):
            problems.append(Problem(task.id, "lifting_not_by_leader", ARTICLE_30,
                                    f"解除预警步骤{task.label}须由纪委领导审批(角色须为分管副书记、书记或常委会)(第三十条)"))
    problems.extend(_structure(process))
    if reference is None:
        return problems
    for old in reference.user_tasks():
        new = tasks.get(old.id)
        if old.effect in EXTENSION_EFFECTS:
            if new is None:
                problems.append(Problem(None, "extension_step_removed", ARTICLE_30,
                                        f"原流程的延期步骤{old.label}({old.id})已被删除(第三十条)"))
            elif new.effect != old.effect:
                problems.append(Problem(new.id, "extension_effect_removed", ARTICLE_30,
                                        f"延期步骤{new.label}须保留业务效果{old.effect},它执行延期上限(第三十条)"))
        due_rule = old.props.get("dueRule")
        if due_rule:
            article = DUE_RULE_ARTICLES.get(due_rule, old.props.get("article", ""))
            if new is None:
                problems.append(Problem(None, "due_step_removed", article,
                                        f"原流程带法定期限({due_rule})的步骤{old.label}({old.id})已被删除({article})"))
            elif new.props.get("dueRule") != due_rule:
                problems.append(Problem(new.id, "due_rule_removed", article,
                                        f"步骤{new.label}须保留法定期限规则dueRule={due_rule}({article})"))
    for task_id, old_timer in reference.deadline_timers().items():
        watched = process.nodes.get(task_id)
        if watched is None:
            continue  # the step itself is gone: reported above as a removed deadline step
        cited = _ARTICLE_RE.findall(old_timer.name)
        old_task = reference.nodes.get(task_id)
        article = cited[0] if cited else (old_task.props.get("article", "") if old_task else "")
        label = watched.label
        timer = timers.get(task_id)
        if timer is None:
            problems.append(Problem(task_id, "deadline_timer_removed", article,
                                    f"等待步骤{label}须保留以{DEADLINE_VARIABLE}为期限的边界定时器“{old_timer.name}”({article})"))
        elif not timer.interrupting or timer.timer[0] != "timeDate" or not process.outgoing.get(timer.id):
            problems.append(Problem(timer.id, "deadline_timer_changed", article,
                                    f"步骤{label}的期满定时器须为中断型timeDate定时器并连向逾期处理({article})"))
    return problems


_FLOW_NODES = frozenset({"startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway", "callActivity",
                         "boundaryEvent", "intermediateCatchEvent", "intermediateThrowEvent", "task", "manualTask"})


def _structure(process: _Process) -> list[Problem]:
    """Elements no token can reach, and steps a token cannot leave (a case would stop there for good)."""
    reached: set[str] = set()
    todo = list(process.starts)
    while todo:
        current = todo.pop()
        if current in reached:
            continue
        reached.add(current)
        todo.extend(flow.target for flow in process.outgoing.get(current, []))
        todo.extend(process.boundaries.get(current, []))
    problems = []
    for node in process.nodes.values():
        if node.kind not in _FLOW_NODES:
            continue
        if node.id not in reached:
            problems.append(Problem(node.id, "unreachable", None,
                                    f"{node.label}无法从开始事件到达:请用顺序流把它连入流程,或删除它"))
        elif node.kind != "endEvent" and not process.outgoing.get(node.id):
            problems.append(Problem(node.id, "dead_end", None,
                                    f"{node.label}没有出口顺序流:案件办到这里将无法继续,请连到后续步骤或结束事件"))
    return problems


# --- entry points ----------------------------------------------------------------------------------------


def _callers(processes: Mapping[str, _Process]) -> dict[str, set[str]]:
    called_by: dict[str, set[str]] = {pid: set() for pid in processes}
    for pid, process in processes.items():
        for node in process.nodes.values():
            if node.kind == "callActivity" and node.called in called_by and node.called != pid:
                called_by[node.called].add(pid)
    return called_by


def _roots(processes: Mapping[str, _Process], checked: set[str]) -> list[str]:
    """The top-level processes whose paths may pass through a checked process (or the checked ones)."""
    called_by = _callers(processes)
    roots: set[str] = set()
    for pid in checked:
        seen, todo = {pid}, [pid]
        while todo:
            current = todo.pop()
            parents = called_by.get(current, set())
            if not parents:
                roots.add(current)
            for parent in parents - seen:
                seen.add(parent)
                todo.append(parent)
        if not (roots & seen):
            roots.add(pid)  # only called from a cycle: walk it on its own
    return sorted(roots)


def check_conformance(tree_or_bundle, *, library: Mapping[str, etree._Element] | None = None,
                      reference: Mapping[str, etree._Element] | None = None) -> list[Problem]:
    """Return every breach of the Measures' rules by the diagram(s), with element ids and articles.

    ``tree_or_bundle`` is a root from :func:`engine.bpmn.loader.parse_xml`, a
    :class:`engine.bpmn.specs.ParsedBundle` or several roots. ``library`` resolves the other processes
    (callers and called ones) by process id: by default the shipped processes/ diagrams; a checked process
    replaces the library's one of the same id. ``reference`` holds, by process id, the diagrams whose
    deadlines and extension steps must be kept (by default the shipped ones).
    """
    library = shipped_library() if library is None else library
    reference = shipped_library() if reference is None else reference
    checked: dict[str, _Process] = {}
    for root in _roots_of(tree_or_bundle):
        checked.update(_processes_of(root))
    processes: dict[str, _Process] = {}
    for pid, root in library.items():
        if pid not in processes:
            processes.update({k: v for k, v in _processes_of(root).items() if k == pid})
    processes.update(checked)

    problems: list[Problem] = []
    for pid, process in checked.items():
        ref_root = reference.get(pid)
        ref_process = _processes_of(ref_root).get(pid) if ref_root is not None else None
        problems.extend(_static_rules(process, ref_process))

    walk = _Walk(processes)
    walk.run(_roots(processes, set(checked)))
    if walk.too_complex:
        problems.append(Problem(None, "conformance_too_complex", None,
                                f"流程路径过多(超过{MAX_STATES}个状态),无法完成合规检查,请简化流程"))
    seen: set[tuple[str, str | None]] = set()
    for finding in walk.findings.values():
        attributed = _attribute(walk, finding, checked, processes)
        if attributed is None:
            continue  # the breach lies wholly in other processes: not this diagram's doing
        if (attributed.code, attributed.element_id) not in seen:
            seen.add((attributed.code, attributed.element_id))
            problems.append(attributed)
    return problems


def _attribute(walk: _Walk, finding: _Finding, checked: Mapping[str, _Process],
               processes: Mapping[str, _Process]) -> Problem | None:
    """Place a finding on an element of the checked diagram, with the offending path through it."""
    inside = [(pid, node) for pid, node in walk.path(finding.state) if pid in checked]
    if not inside:
        return None
    # the checked process's last run: from its last start (a called process may be entered twice)
    starts = [i for i, (pid, node) in enumerate(inside) if node in checked[pid].starts]
    inside = inside[starts[-1]:] if starts else inside
    path = tuple(node for i, (_, node) in enumerate(inside) if i == 0 or inside[i - 1][1] != node)
    message = finding.message_zh
    element = finding.state.node if finding.state.process in checked else inside[-1][1]
    for pid, node_id in inside if finding.missing else ():
        node = checked[pid].nodes.get(node_id)
        short = [
            t for t in finding.missing if node is not None and _is_approval(node) and not node.roles <= APPROVERS[t]
        ]
        if short:
            roles = "|".join(sorted(node.roles))
            rules = ";".join(APPROVER_LABELS[t] for t in short)
            return Problem(node.id, finding.code, finding.article,
                           f"审批步骤{node.label}的角色({roles})不足以作出此项审批:{rules}(第十七条)", path)
    if finding.state.process not in checked:
        where = processes[finding.state.process]
        message = f"{message} 该路径由此处转入“{where.name or where.id}”流程后到达该步骤。"
    return Problem(element, finding.code, finding.article, message, path)

