"""廉情预警信息网络 (the warning-information network, issue 13) as a third regulation on the engine — first slice.

Seeds 002 (柳园镇: network, nine categories, sources, three levels with their triggering situations and
deciders) and 001 (沙洋/黎川: reporting calendar, six kinds of feedback, the 12-point deduction with blue,
yellow and red, accountability after two warnings); DOMAIN.md §6. ``REGULATION`` registers the package's
words, its diagrams and decision tables (the monthly report, the quarterly analysis and half-year summary
of periodic.py, info_grading.dmn, info_deduction.dmn), the
designer's check that a deduction table leaves no case undecided and, by importing
:mod:`processes.info_network.models`, its tables. README.md maps each rule to its seed place.
"""
from __future__ import annotations

from pathlib import Path

from engine.registry import Regulation
from engine.registry import Vocabulary
from processes.info_network import integrity
from processes.info_network import models  # noqa: F401  (registers the network's tables)
from processes.info_network import network_models  # noqa: F401  (the layout and invited officers, 0020)
from processes.info_network.demo import seed_info_demo
from processes.info_network.feedback import tell_clue_decision
from processes.info_network.items import create_item
from processes.info_network.items import grade_item
from processes.info_network.items import subject_score
from processes.info_network.items import verify_item
from processes.info_network.periodic import PERIODIC_STAGE_LABELS
from processes.info_network.tables import check_deduction_conformance
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.info_network.vocabulary import FEEDBACK_LABELS
from processes.info_network.vocabulary import HARM_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import ROLE_LABELS
from processes.info_network.vocabulary import SOURCE_LABELS
from processes.info_network.vocabulary import STAGE_LABELS
from processes.measures import routing

# 第十四条: what the Measures decide on a clue an item became is told to the officer who reported the item
if tell_clue_decision not in routing.CLUE_LISTENERS:
    routing.CLUE_LISTENERS.append(tell_clue_decision)

__all__ = ["REGULATION", "create_item", "grade_item", "subject_score", "verify_item"]

VOCABULARY = Vocabulary(
    roles=ROLE_LABELS,
    stages={**STAGE_LABELS, **PERIODIC_STAGE_LABELS},
    terminal_stages={"info_reported": "已报送"},
    types={
        "info_category": CATEGORY_LABELS,
        "info_source": SOURCE_LABELS,
        "info_response": {str(level): label for level, label in RESPONSE_BY_LEVEL.items()},
        "info_feedback": FEEDBACK_LABELS,
        "info_harm": HARM_LABELS,
        "info_colour": COLOUR_LABELS,
    },
)

REGULATION = Regulation(
    name="info_network",
    label_zh="廉情预警信息网络",
    vocabulary=VOCABULARY,
    subject=None,
    conformance=(check_deduction_conformance,),
    diagrams=Path(__file__).resolve().parent,
    demo=seed_info_demo,
    cadre_file=integrity.cadre_file_entries,
    unit_timeline=integrity.unit_timeline_entries,
)
