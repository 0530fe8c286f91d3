"""廉政风险防范管理 (risk-point prevention and control, issue 12) as a second regulation on the engine.

Seeds 004 (宣讲提纲 六–十) and 000 (second essay, 二、找准廉政风险点); DOMAIN.md §5. ``REGULATION`` registers the
package's words (roles of a unit, the identification's stages and deadlines, the five types, the scopes and
levels), its diagrams (the eight-step identification, its yearly restart and the grading table) and, by
importing :mod:`processes.risk_points.models`, the register's tables. README.md beside the diagrams maps each
step to its seed section and form.
"""
from __future__ import annotations

from pathlib import Path

import forms  # noqa: F401  (registers the identification's forms, forms/risk_points.py)
from engine.registry import Regulation
from engine.registry import Vocabulary
from processes.risk_points import integrity
from processes.risk_points import models  # noqa: F401  (registers the register's tables)
from processes.risk_points import reidentification
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.effects import EFFECTS
from processes.risk_points.register import create_risk_point
from processes.risk_points.register import list_risk_points
from processes.risk_points.register import revise_risk_point
from processes.risk_points.subject import RoundAdapter
from processes.risk_points.subject import start_identification
from processes.risk_points.vocabulary import DUE_RULE_LABELS
from processes.risk_points.vocabulary import FILED_STAGE
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import OPINION_SOURCE_LABELS
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from processes.risk_points.vocabulary import ROLE_LABELS
from processes.risk_points.vocabulary import SCOPE_LABELS
from processes.risk_points.vocabulary import STAGE_LABELS

__all__ = ["REGULATION", "create_risk_point", "list_risk_points", "revise_risk_point", "start_identification"]

VOCABULARY = Vocabulary(
    roles=ROLE_LABELS,
    stages=STAGE_LABELS,
    terminal_stages={FILED_STAGE: "已备案公示"},
    due_rules=DUE_RULE_LABELS,
    types={
        "risk_type": RISK_TYPE_LABELS,
        "risk_scope": SCOPE_LABELS,
        "risk_level": {str(level): label for level, label in LEVEL_LABELS.items()},
        "opinion_source": OPINION_SOURCE_LABELS,
    },
)

REGULATION = Regulation(
    name="risk_points",
    label_zh="廉政风险防范管理",
    vocabulary=VOCABULARY,
    subject=RoundAdapter(),
    effects=EFFECTS,
    diagrams=Path(__file__).resolve().parent,
    demo=seed_risk_demo,
    cadre_file=integrity.cadre_file_entries,
    unit_timeline=integrity.unit_timeline_entries,
    post_risks=integrity.post_risks,
    cadre_post_changed=(reidentification.cadre_post_changed,),
)
