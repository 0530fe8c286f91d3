"""What a regulation registers with the engine, and the one registry the runtime and deploy validation read.

The engine knows BPMN; a regulation (the Measures first) knows its words, its subject and what its steps
mean. Registration is explicit: webui's app factory, the CLI, the benchmark and the tests import the
configured regulation packages (:func:`load_regulations`) and each calls :func:`register` once. The engine
never imports a regulation by name.
"""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy.orm import Session

import forms
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today

if TYPE_CHECKING:
    from engine.models.tasks import HumanTask
    from engine.subjects import SubjectAdapter

#: Roles the engine itself needs whatever regulation runs on it: oversight, audit, design, administration.
ENGINE_ROLES: dict[str, str] = {
    "supervisor": "督办人员",
    "auditor": "审计人员",
    "designer": "流程设计人员",
    "admin": "系统管理员",
}

#: Scopes a user task's role is resolved in: the unit the subject names (its adapter says which), or the root.
SCOPES: dict[str, str] = {
    "handling": "承办单位",
    "county": "县纪委",
}


@dataclass(frozen=True)
class Vocabulary:
    """The words a regulation's diagrams may use, each value with its Chinese label."""

    roles: Mapping[str, str] = field(default_factory=dict)
    #: stage value → label, most pressing first: a subject with several open steps shows the earliest listed
    stages: Mapping[str, str] = field(default_factory=dict)
    #: stages a subject may show that no step should declare (e.g. "closed"): labelled, never ranked
    terminal_stages: Mapping[str, str] = field(default_factory=dict)
    due_rules: Mapping[str, str] = field(default_factory=dict)
    #: stages that mean a deadline was missed: their new steps are announced as overdue
    overdue_stages: frozenset[str] = frozenset()
    #: other named value sets (e.g. the warning types), name → value → label, for pages and exports
    types: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass
class EffectContext:
    """What an effect may read or change when a step of an instance completes.

    A regulation's adapter may hand its effects a richer context (a subclass naming the subject's parts).
    """

    session: Session
    clock: Clock
    actor: Actor
    #: the regulation's subject record the instance serves
    subject: Any
    task: HumanTask
    #: the validated form data being submitted
    data: dict
    #: the workflow data as it stands at this task (earlier steps' outputs), read-only
    workflow_data: dict
    #: the documents the effect issued (a regulation's documents; the completion reports their numbers)
    documents: list = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return local_today(self.clock)

    def date(self, name: str) -> dt.date:
        """Return a date field of the submitted form."""
        return dt.date.fromisoformat(self.data[name])


Effect = Callable[[EffectContext], "dict | None"]


@dataclass(frozen=True)
class EffectSpec:
    """A named effect a diagram's step may call, and what it writes (for readers, reviewers and the designer)."""

    name: str
    run: Effect
    #: what the effect may write: the subject's fields, its other tables, documents and workflow variables
    writes: tuple[str, ...]
    #: the effect's one-line purpose (its docstring), for developers
    summary: str = ""
    #: what people see: the effect's name in Chinese with the article or seed section it implements
    label_zh: str = ""


@dataclass(frozen=True)
class FileEntry:
    """One line of a cadre's integrity file (干部廉政档案) or of a unit's timeline, as a regulation files it.

    A regulation contributes only what the viewer may read; ``source`` names the record behind the line as
    (kind, id), which the web turns into a link, and ``openable`` says whether the viewer may open it (the
    file keeper reads an entry's summary without reading the record it came from).
    """

    on: dt.date
    #: a stable code, e.g. "risk_point"; ``kind_label`` is its Chinese name
    kind: str
    kind_label: str
    summary: str
    #: the regulation's name in Chinese, e.g. "廉政风险防范管理"
    source_label: str
    source: tuple[str, int] | None = None
    openable: bool = False
    #: a level or colour the page may show as a badge (e.g. "一级", "黄色预警"); None when it has none
    grade: str | None = None


@dataclass(frozen=True)
class PostRisk:
    """A filed risk of a cadre's post, shown read-only where a warning case concerns that cadre."""

    title: str
    level: int
    level_label: str
    kind_label: str
    unit_id: int
    source: tuple[str, int] | None = None


#: ``contribution(session, clock, user, cadre_id)`` returns the entries of that cadre's file the user reads
CadreFileContribution = Callable[..., list[FileEntry]]
#: ``contribution(session, clock, user, unit_id)`` returns the unit's timeline entries the user reads, or None
#: when the user reads nothing of that unit in this regulation (the page is then not found, SECURITY.md 24)
UnitTimelineContribution = Callable[..., "list[FileEntry] | None"]
#: ``contribution(session, user, cadre_id)`` returns the filed risks of the cadre's post the user reads
PostRiskContribution = Callable[..., list[PostRisk]]


#: ``listener(session, clock, actor, cadre, change)`` runs after a cadre's post changed, in the same transaction;
#: ``change`` maps each changed field (position_title, position_kind, managed_by_unit_id) to [before, after]
CadrePostListener = Callable[..., Any]


#: a draft check: ``rule(root, library=deployed trees by process id)`` returns its problems (``Problem`` rows)
ConformanceRule = Callable[..., list]


@dataclass(frozen=True)
class Regulation:
    """One regulation plugged into the engine."""

    name: str
    label_zh: str
    vocabulary: Vocabulary
    #: the adapter of the regulation's subject, or None for a regulation whose processes run without one
    subject: SubjectAdapter | None = None
    effects: Mapping[str, EffectSpec] = field(default_factory=dict)
    #: checks of a draft diagram beyond the engine's conventions (the designer's check)
    conformance: tuple[ConformanceRule, ...] = ()
    #: document kind → Chinese title
    documents: Mapping[str, str] = field(default_factory=dict)
    #: the folder of its BPMN diagrams (seeded and deployed with it)
    diagrams: Path | None = None
    #: seeds its demo data into the demo county (``lianjing seed-demo``): ``demo(session, clock,
    #: password_hash=...)`` returns counts of what it created; None when it has none
    demo: Callable[..., dict[str, int]] | None = None
    #: run when an administrator enters a year's official holiday schedule, in the same transaction:
    #: ``listener(session, clock, actor, year)`` computes again the deadlines that fell in that year
    calendar_entered: tuple[Callable[..., Any], ...] = ()
    #: ``open_deadlines(session)`` lists the (due date, cap date, provisional) of its open subjects, for the
    #: calendar page's count of what each year's schedule affects
    open_deadlines: Callable[..., list[tuple[dt.date | None, dt.date | None, bool]]] | None = None
    #: what it files in a cadre's integrity file (issue 12: each risk point; issue 13: information items)
    cadre_file: CadreFileContribution | None = None
    #: what it shows on a unit's timeline (issue 13 §3: a timeline per unit)
    unit_timeline: UnitTimelineContribution | None = None
    #: the filed risks of a cadre's post (issue 12 §4: a warning case concerns a post)
    post_risks: PostRiskContribution | None = None
    #: run after the roster changes a cadre's post (issue 12 §2: a change of post opens a re-identification)
    cadre_post_changed: tuple[CadrePostListener, ...] = ()


class RegistryError(Exception):
    """A regulation registered inconsistently with those already there (a programming error, at start-up)."""


class Registry:
    """The regulations registered in this process, and the union of their words."""

    def __init__(self) -> None:
        self._regulations: dict[str, Regulation] = {}
        self._views: dict[str, Any] = {}

    def register(self, regulation: Regulation) -> None:
        """Add a regulation; registering the same one again is a no-op, another of the same name is refused."""
        existing = self._regulations.get(regulation.name)
        if existing is regulation:
            return
        if existing is not None:
            raise RegistryError(f"regulation {regulation.name!r} is already registered")
        clashes = set(regulation.effects) & set(self.effects())
        if clashes:
            raise RegistryError(f"effects registered twice: {sorted(clashes)}")
        self._regulations[regulation.name] = regulation
        self._views.clear()

    def unregister(self, name: str) -> None:
        """Remove a regulation (tests that register their own)."""
        self._regulations.pop(name, None)
        self._views.clear()

    def regulations(self) -> tuple[Regulation, ...]:
        """Return the registered regulations, in registration order."""
        return tuple(self._regulations.values())

    def _view(self, key: str, build: Callable[[], Any]) -> Any:
        # Deploy validation and every completion read these: built once per set of registered regulations.
        if key not in self._views:
            self._views[key] = build()
        return self._views[key]

    def roles(self) -> Mapping[str, str]:
        """Return every role a diagram may name: the engine's own and each regulation's, with labels."""
        return self._view("roles", lambda: {**_merge(r.vocabulary.roles for r in self.regulations()), **ENGINE_ROLES})

    def stages(self) -> Mapping[str, str]:
        """Return every stage a step may declare, with labels."""
        return self._view("stages", lambda: _merge(r.vocabulary.stages for r in self.regulations()))

    def stage_labels(self) -> Mapping[str, str]:
        """Return the labels of every stage a subject may show, declared or terminal."""
        return self._view("stage_labels", lambda: {**self.stages(), **_merge(
            r.vocabulary.terminal_stages for r in self.regulations())})

    def stage_rank(self) -> Mapping[str, int]:
        """Return each declarable stage's rank: lower is more pressing."""
        return self._view("stage_rank", lambda: {stage: rank for rank, stage in enumerate(self.stages())})

    def due_rules(self) -> Mapping[str, str]:
        """Return every due rule a step may declare, with labels."""
        return self._view("due_rules", lambda: _merge(r.vocabulary.due_rules for r in self.regulations()))

    def overdue_stages(self) -> frozenset[str]:
        """Return the stages whose steps follow a missed deadline."""
        return self._view("overdue_stages", lambda: frozenset().union(
            *(r.vocabulary.overdue_stages for r in self.regulations())))

    def scopes(self) -> Mapping[str, str]:
        """Return the scopes a step's role may be resolved in."""
        return SCOPES

    def effects(self) -> Mapping[str, EffectSpec]:
        """Return every registered effect by name."""
        return self._view("effects", lambda: _merge(r.effects for r in self.regulations()))

    def form_keys(self) -> frozenset[str]:
        """Return the form keys a step may name: the forms registry's (each regulation's forms register there)."""
        return frozenset(forms.REGISTRY)

    def documents(self) -> Mapping[str, str]:
        """Return every document kind with its title."""
        return self._view("documents", lambda: _merge(r.documents for r in self.regulations()))

    def adapters(self) -> tuple[SubjectAdapter, ...]:
        """Return the subject adapters of the registered regulations."""
        return self._view("adapters", lambda: tuple(r.subject for r in self.regulations() if r.subject is not None))

    def adapter(self, subject_type: str) -> SubjectAdapter:
        """Return the adapter of a subject type; an unknown type is a deployment without its regulation."""
        for adapter in self.adapters():
            if adapter.subject_type == subject_type:
                return adapter
        raise RegistryError(f"no regulation registers subject type {subject_type!r}")

    def start_variables(self) -> frozenset[str]:
        """Return the workflow variables the engine sets for any registered subject (forms may not define them)."""
        return self._view("start_variables", lambda: frozenset().union(
            *(a.start_variables for a in self.adapters())))

    def calendar_listeners(self) -> tuple[Callable[..., Any], ...]:
        """Return what every regulation runs when a year's holiday schedule is entered."""
        return tuple(listener for r in self.regulations() for listener in r.calendar_entered)

    def open_deadlines(self, session: Any) -> list[tuple[dt.date | None, dt.date | None, bool]]:
        """Return every regulation's open deadlines as (due date, cap date, provisional)."""
        return [row for r in self.regulations() if r.open_deadlines is not None for row in r.open_deadlines(session)]

    def cadre_file(self, session: Any, clock: Clock, user: Any, cadre_id: int) -> list[FileEntry]:
        """Return every regulation's entries of a cadre's integrity file that ``user`` reads, oldest first."""
        entries = [e for r in self.regulations() if r.cadre_file is not None
                   for e in r.cadre_file(session, clock, user, cadre_id)]
        return sorted(entries, key=lambda e: e.on)

    def unit_timeline(self, session: Any, clock: Clock, user: Any, unit_id: int) -> list[FileEntry] | None:
        """Return every regulation's entries of a unit's timeline that ``user`` reads, oldest first; None when
        no regulation lets the user read anything of that unit."""
        parts = [r.unit_timeline(session, clock, user, unit_id) for r in self.regulations()
                 if r.unit_timeline is not None]
        if all(part is None for part in parts):
            return None
        return sorted((e for part in parts if part is not None for e in part), key=lambda e: e.on)

    def post_risks(self, session: Any, user: Any, cadre_id: int) -> list[PostRisk]:
        """Return the filed risks of a cadre's post that ``user`` reads, most severe first."""
        risks = [p for r in self.regulations() if r.post_risks is not None
                 for p in r.post_risks(session, user, cadre_id)]
        return sorted(risks, key=lambda p: p.level)

    def cadre_post_changed(self, session: Any, clock: Clock, actor: Actor, cadre: Any,
                           change: Mapping[str, list[Any]]) -> None:
        """Tell every regulation that ``cadre``'s post changed (field → [before, after]), in the caller's
        transaction: a regulation whose records follow the post reacts (the engine knows none of them)."""
        for regulation in self.regulations():
            for listener in regulation.cadre_post_changed:
                listener(session, clock, actor, cadre, change)

    def conformance_rules(self) -> tuple[ConformanceRule, ...]:
        """Return every regulation's draft checks."""
        return tuple(rule for r in self.regulations() for rule in r.conformance)


def _merge(mappings: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for mapping in mappings:
        merged.update(mapping)
    return merged


#: The registry of this process.
REGISTRY = Registry()


def register(regulation: Regulation) -> None:
    """Register a regulation in this process's registry."""
    REGISTRY.register(regulation)


def load_regulations(module_names: Iterable[str]) -> tuple[Regulation, ...]:
    """Import each configured regulation package and register the ``REGULATION`` it defines."""
    loaded = []
    for name in module_names:
        module = importlib.import_module(name)
        regulation = getattr(module, "REGULATION", None)
        if not isinstance(regulation, Regulation):
            raise RegistryError(f"{name} defines no REGULATION")
        register(regulation)
        loaded.append(regulation)
    return tuple(loaded)
