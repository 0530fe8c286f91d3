"""《领导干部廉洁自律预警机制实施办法》 (the Measures) as a regulation on the engine: import and register it.

``REGULATION`` is what :func:`engine.registry.load_regulations` registers: the Measures' words, the warning
case with its adapter, the effects its steps name, its documents and its diagrams (README.md beside them
maps each step to its article and form).
"""
from __future__ import annotations

from pathlib import Path

import forms  # noqa: F401  (registers the Measures' forms)
from engine.document_numbers import DOCUMENT_TITLES
from engine.models.cases import CASE_SUBJECT  # noqa: F401  (the subject type the web's case queries name)
from engine.registry import ENGINE_ROLES
from engine.registry import Regulation
from engine.registry import Vocabulary
from engine.vocabulary import DUE_RULE_LABELS
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import ROLE_LABELS
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import Stage
from processes.measures import approval  # noqa: F401  (each module registers the effects of its steps)
from processes.measures import execution  # noqa: F401
from processes.measures import routing  # noqa: F401
from processes.measures import supervision  # noqa: F401
from processes.measures.clues import register_clue
from processes.measures.conformance import check_conformance
from processes.measures.effects import EFFECTS
from processes.measures.integrity import cadre_file_entries
from processes.measures.provisional_deadlines import open_case_deadlines
from processes.measures.provisional_deadlines import recompute_provisional_deadlines
from processes.measures.subject import CaseAdapter

#: When several steps of a case are open at once, the case shows the most pressing one (first listed).
STAGE_PRIORITY = (Stage.OVERDUE, Stage.EXTENSION, Stage.APPROVAL, Stage.FOLLOW_UP, Stage.RECTIFICATION,
                  Stage.IMPLEMENTATION, Stage.DETERMINATION, Stage.SCREENING, Stage.FEEDBACK)

VOCABULARY = Vocabulary(
    roles={str(role): label for role, label in ROLE_LABELS.items() if role not in ENGINE_ROLES},
    stages={str(stage): STAGE_LABELS[stage] for stage in STAGE_PRIORITY},
    terminal_stages={str(Stage.CLOSED): STAGE_LABELS[Stage.CLOSED]},
    due_rules={str(rule): label for rule, label in DUE_RULE_LABELS.items()},
    overdue_stages=frozenset({str(Stage.OVERDUE)}),  # 第二十八、二十九、三十一条: 逾期未交、逾期未纠正
    types={
        "warning_type": {str(k): v for k, v in WARNING_TYPE_LABELS.items()},
        "source_channel": {str(k): v for k, v in SOURCE_CHANNEL_LABELS.items()},
        "position_kind": {str(k): v for k, v in POSITION_KIND_LABELS.items()},
        "outcome": {str(k): v for k, v in OUTCOME_LABELS.items()},
    },
)

__all__ = ["REGULATION", "register_clue"]

REGULATION = Regulation(
    name="measures",
    label_zh="领导干部廉洁自律预警机制实施办法",
    vocabulary=VOCABULARY,
    subject=CaseAdapter(),
    effects=EFFECTS,
    conformance=(check_conformance,),
    documents=DOCUMENT_TITLES,
    diagrams=Path(__file__).resolve().parent,
    calendar_entered=(recompute_provisional_deadlines,),
    open_deadlines=open_case_deadlines,
    cadre_file=cadre_file_entries,
)
