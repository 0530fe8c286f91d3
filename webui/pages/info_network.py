"""The warning-information page (issue 13): the units' 12-point scores with their colours, and the items.

Thin: ``processes/info_network`` decides who reads what (access.read_scope), the scores and the colours; this
view loads and renders. The county's readers see every unit's score; officers see their unit's items and an
invited officer only what they reported. The thresholds are said plainly to be the county's to set.
"""
from __future__ import annotations

from flask import g
from flask import render_template

from engine.clock import local_today
from engine.errors import NotPermitted
from processes.info_network.access import read_scope
from processes.info_network.items import list_items
from processes.info_network.items import unit_scores
from processes.info_network.settings import is_default
from processes.info_network.settings import thresholds
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.info_network.vocabulary import LEVEL_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import SOURCE_LABELS
from webui.extensions import db
from webui.info_presenters import subject_names
from webui.pages.auth import page
from webui.uow import request_clock

ITEMS_SHOWN = 50


@page
def info_home():
    """The year's scores by unit (county readers) and the newest items the user may read."""
    scope = read_scope(db.session, g.user)
    if not scope.everything and not scope.unit_ids and scope.reported_by_id is None:
        raise NotPermitted("只有廉情预警信息网络的成员可以查看预警信息")
    year = local_today(request_clock()).year
    items, total = list_items(db.session, scope, per_page=ITEMS_SHOWN)
    return render_template(
        "pages/info.html", year=year, items=items, total=total, names=subject_names(db.session, items),
        scores=unit_scores(db.session, year) if scope.everything else None,
        thresholds=thresholds(db.session), thresholds_are_default=is_default(db.session),
        category_labels=CATEGORY_LABELS, source_labels=SOURCE_LABELS, level_labels=LEVEL_LABELS,
        responses=RESPONSE_BY_LEVEL, colour_labels=COLOUR_LABELS)
