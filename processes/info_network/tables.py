"""The network's two decision tables as deployed: evaluate them, and refuse a deduction table with a gap.

``info_grading`` (「002 三 2」「002 四」) suggests a level; ``info_deduction`` (「001 第一篇(四)四是」) gives the
points per level and category. Both ship as defaults and are the county's to change through the designer's
decision drafts (four eyes, versioned and diffed by the engine). The newest deployed version is the one used,
and its version is recorded with every grading.

A deduction table must decide every level × category (issue 13, "a deduction table that leaves a case
undecided"): :func:`deduction_gaps` lists the undecided cases, :func:`check_deduction_conformance` makes them
problems of the designer's check (so a draft with a gap cannot be published), and :func:`deduct_points`
refuses a deployed table with a gap in Chinese before anything is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from lxml import etree
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.decisions import DecisionTable
from engine.bpmn.decisions import GuardedDecisionEngine
from engine.bpmn.decisions import read_decision
from engine.bpmn.loader import parse_xml
from engine.design_rules import Problem
from engine.errors import DecisionFailed
from engine.errors import DefinitionRejected
from engine.models.definitions import ProcessDefinition
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import LEVEL_LABELS

GRADING = "info_grading"
DEDUCTION = "info_deduction"


@dataclass(frozen=True)
class _Task:
    """What the guarded engine reads of a task: its data."""

    data: dict


@dataclass(frozen=True)
class DeployedTable:
    """A decision table as deployed: its version and the engine evaluating it."""

    key: str
    version: int
    table: DecisionTable
    #: the checked, compiled table (built once: compiling every entry is most of an evaluation's cost)
    engine: GuardedDecisionEngine = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "engine", GuardedDecisionEngine(self.table))

    def evaluate(self, data: dict) -> dict:
        """Return the table's outputs for ``data``; a table failure is a Chinese :class:`DecisionFailed`."""
        return self.engine.result(_Task(dict(data)))

    def gaps(self) -> list[str]:
        """The undecided cases of a deduction table (:func:`deduction_gaps`), computed once per read version."""
        found = self.__dict__.get("_gaps")
        if found is None:
            found = deduction_gaps(self.table)
            object.__setattr__(self, "_gaps", found)
        return found


def read_table(xml: str | bytes, filename: str) -> DecisionTable:
    """Read a DMN document's table; refuse an unreadable one in Chinese."""
    data = xml.encode() if isinstance(xml, str) else xml
    table, problems = read_decision(parse_xml(data, filename=filename))
    if table is None or problems:
        raise DefinitionRejected(f"决策表{filename}无法读取:" + ";".join(p.message_zh for p in problems),
                                 code="decision_unreadable")
    return table


#: deployed versions read so far, by definition id and content hash: deployed rows are never updated, so reading
#: one once is enough (grading 10,000 items must not parse the same table 10,000 times)
_READ: dict[tuple[int, str], DeployedTable] = {}
_READ_LIMIT = 64
#: the tables one transaction has looked up (Session.info): grading a batch asks the database once per table
_SESSION_KEY = "info_network.deployed_tables"


@event.listens_for(Session, "after_transaction_end")
def _forget_lookups(session: Session, transaction) -> None:
    """A new transaction looks the newest versions up again: a designer may have published one meanwhile."""
    if transaction.parent is None:
        session.info.pop(_SESSION_KEY, None)


def deployed_table(session: Session, key: str) -> DeployedTable:
    """Return the newest deployed version of a decision table of the network.

    The lookup reads the newest version's id and hash only (not its XML); the XML is read and compiled once per
    version, and the lookup itself once per transaction.
    """
    looked_up = session.info.setdefault(_SESSION_KEY, {})
    table = looked_up.get(key)
    if table is not None:
        return table
    newest = session.execute(
        select(ProcessDefinition.id, ProcessDefinition.sha256).where(ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc()).limit(1)).first()
    if newest is None:
        raise DecisionFailed(f"决策表“{key}”尚未部署,请先部署预警信息网络的默认决策表", code="decision_missing")
    # by id and content hash: a row is never updated, and another database's row of the same id differs
    table = _READ.get((newest.id, newest.sha256))
    if table is None:
        if len(_READ) >= _READ_LIMIT:
            _READ.clear()
        definition = session.get(ProcessDefinition, newest.id)
        table = _READ[(newest.id, newest.sha256)] = DeployedTable(
            key, definition.version, read_table(definition.xml, definition.filename))
    looked_up[key] = table
    return table


def deployed_gaps(session: Session, table: DeployedTable) -> list[str]:
    """Return the undecided cases of a deployed deduction table, computed once per deployed version."""
    del session  # the table carries its own (it is one deployed version, read once)
    return table.gaps()


def deduction_gaps(table: DecisionTable) -> list[str]:
    """Return, in Chinese, every level × category the table does not decide with exactly one whole number."""
    gaps = []
    engine = GuardedDecisionEngine(table)
    for level, level_label in LEVEL_LABELS.items():
        for category, category_label in CATEGORY_LABELS.items():
            case = f"{level_label}、{category_label}"
            try:
                points = engine.result(_Task({"level": level, "category": category})).get("points")
            except DecisionFailed as exc:
                gaps.append(f"{case}:{exc.message_zh}")
                continue
            if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= 12:
                gaps.append(f"{case}:扣分应为0至12的整数,得到{points!r}")
    return gaps


def refuse_gaps(table: DecisionTable, version: int | None = None, gaps: list[str] | None = None) -> None:
    """Raise :class:`DefinitionRejected` naming every undecided case of a deduction table."""
    gaps = deduction_gaps(table) if gaps is None else gaps
    if gaps:
        which = f"第{version}版" if version is not None else ""
        raise DefinitionRejected(f"扣分决策表{which}有{len(gaps)}种情形未能确定扣分,须为每个等级和类别各定一个分值:"
                                 + ";".join(gaps[:5]) + ("……" if len(gaps) > 5 else ""),
                                 code="deduction_table_incomplete", details={"gaps": gaps})


def check_deduction_conformance(root: etree._Element, *, library=None) -> list[Problem]:
    """The designer's check (a regulation conformance rule): a draft of info_deduction must leave no gap."""
    del library  # the deduction table stands alone
    if etree.QName(root).localname != "definitions" or not root.xpath("./*[local-name()='decision']"):
        return []
    table, problems = read_decision(root)
    if table is None or problems or table.decision_id != DEDUCTION:
        return []  # another table, or one the engine's own check already refuses
    return [Problem(DEDUCTION, "deduction_table_incomplete", "001 第一篇(四)四是", gap)
            for gap in deduction_gaps(table)]
