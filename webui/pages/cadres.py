"""The cadres' integrity files (个人廉政档案) and the organisation department's question: may this cadre be
promoted or take part in awards today (第三十一条)?

Everyone holding a role of ``RESTRICTION_READER_ROLES`` may ask about any cadre; the cases behind an answer
are shown only to those who may read them (``case_scope_filter``). Organisation and personnel departments
read no cases: they see the answer and its reasons, nothing more. Nobody sees their own file.
"""
from __future__ import annotations

from flask import g
from flask import render_template
from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy import select

import engine
from engine.clock import local_today
from engine.errors import NotPermitted
from engine.models import Cadre
from engine.models import Case
from engine.models import Restriction
from engine.models import Unit
from engine.permissions import CASE_READER_ROLES
from engine.permissions import COUNTY_RESTRICTION_ROLES
from engine.permissions import RESTRICTION_READER_ROLES
from engine.permissions import cadre_scope_filter
from engine.permissions import can_read_case
from engine.permissions import case_scope_filter
from engine.queries import paginate
from engine.registry import REGISTRY
from webui.extensions import db
from webui.file_entries import present_file_entries
from webui.file_entries import present_post_risks
from webui.pages.auth import holds
from webui.pages.auth import page
from webui.pages.inputs import query_id
from webui.pages.inputs import query_page
from webui.presenters import RESTRICTION_LABELS
from webui.presenters import Lookup
from webui.presenters import present_case_summary
from webui.presenters import present_restrictions
from webui.uow import request_clock

CADRES_PER_PAGE = 20
#: the quick check lists at most this many namesakes
MAX_CHECK_MATCHES = 20
#: the restrictions of 第三十一条 as the pages name them (presenters.RESTRICTION_LABELS is the API's Chinese)
RESTRICTION_KIND_LABELS = {"promotion": _l("不得提拔使用"), "award": _l("不得参加评选评优")}


def _require_reader() -> None:
    if not holds(g.user, *RESTRICTION_READER_ROLES):
        raise NotPermitted("无权查阅干部廉政档案")


def _lookup() -> Lookup:
    return Lookup(db.session, local_today(request_clock()))


def _in_scope(stmt):
    # The cadres the user may ask about, never their own file (第三十一条, SECURITY.md 24).
    return stmt.where(cadre_scope_filter(db.session, g.user))


def _answers(lookup: Lookup, cadres: list[Cadre]) -> dict[int, dict]:
    clock = request_clock()
    return {c.id: present_restrictions(lookup, engine.cadre_restrictions(db.session, clock, g.user, c.id))
            for c in cadres}


@page
def cadres():
    """Find cadres by name, unit or position; each line says whether a restriction is in force."""
    _require_reader()
    q = request.args.get("q", "").strip()[:64]
    unit_id = query_id("unit_id")
    stmt = _in_scope(select(Cadre).join(Unit, Unit.id == Cadre.unit_id))
    if q:
        stmt = stmt.where(or_(Cadre.name.contains(q), Unit.name.contains(q), Cadre.position_title.contains(q)))
    if unit_id:
        stmt = stmt.where(Cadre.unit_id == unit_id)
    result = paginate(db.session, stmt.order_by(Cadre.unit_id, Cadre.id), query_page(),
                      min(query_id("per_page") or CADRES_PER_PAGE, 50))
    lookup = _lookup()
    lookup.prefetch_cadres(c.id for c in result.items)
    units = db.session.execute(select(Unit).where(Unit.id.in_(select(Cadre.unit_id))).order_by(Unit.path)).scalars()
    return render_template(
        "pages/cadres.html", cadres=result, answers=_answers(lookup, result.items), units=list(units),
        unit_names={u.id: u.name for u in db.session.execute(select(Unit)).scalars()},
        filters={"q": q, "unit_id": unit_id},
    )


@page
def check_cadre():
    """The organisation department's daily question: type a name, see at once who may be promoted or awarded."""
    _require_reader()
    name = request.args.get("name", "").strip()[:64]
    matches: list[Cadre] = []
    if name:
        stmt = _in_scope(select(Cadre).join(Unit, Unit.id == Cadre.unit_id).where(Cadre.name.contains(name)))
        matches = list(db.session.execute(stmt.order_by(Cadre.name, Cadre.unit_id, Cadre.id)
                                          .limit(MAX_CHECK_MATCHES + 1)).scalars())
    more = len(matches) > MAX_CHECK_MATCHES
    matches = matches[:MAX_CHECK_MATCHES]
    lookup = _lookup()
    return render_template("pages/cadre_check.html", name=name, matches=matches, more=more,
                           answers=_answers(lookup, matches), restriction_kinds=RESTRICTION_KIND_LABELS,
                           # issue 12 §4: the cadre's post risks beside their restrictions, as far as one reads them
                           post_risks={c.id: present_post_risks(REGISTRY.post_risks(db.session, g.user, c.id))
                                       for c in matches},
                           unit_names={u.id: u.name for u in db.session.execute(select(Unit)).scalars()})


@page
def show_cadre(cadre_id: int):
    """Show a cadre's integrity file: the answer of 第三十一条, and the cases and entries I may read."""
    _require_reader()
    clock = request_clock()
    answer = engine.cadre_restrictions(db.session, clock, g.user, cadre_id)  # 404 for one's own file
    lookup = _lookup()
    cadre = answer.cadre
    cases = list(db.session.execute(
        select(Case).where(Case.cadre_id == cadre.id, case_scope_filter(db.session, g.user))
        .order_by(Case.opened_on.desc(), Case.id.desc())).scalars())
    case_ids = [c.id for c in cases]
    restrictions: dict[int, list[dict]] = {}
    if case_ids:
        for r in db.session.execute(select(Restriction).where(Restriction.case_id.in_(case_ids))
                                    .order_by(Restriction.id)).scalars():
            restrictions.setdefault(r.case_id, []).append(
                {
                    "kind": r.kind,
                    "kind_label": RESTRICTION_LABELS.get(r.kind, r.kind),
                    "starts_on": r.starts_on,
                    "ends_on": r.ends_on,
                    "article": r.article,
                    "in_force": r.starts_on <= lookup.today and (r.ends_on is None or r.ends_on > lookup.today),
                }
            )
    # The file gathers what each regulation files in it, each by its own reading rule (engine.registry): the
    # Measures' entries (第三十一条 存入个人廉政档案; the organisation and personnel departments read them all,
    # issue 15), the filed risk points of the cadre's post (「004 十」第八步 记入干部廉政档案) and the graded
    # information about the cadre with its warnings (issue 13 §3).
    file_keeper = holds(g.user, *COUNTY_RESTRICTION_ROLES)
    entries = present_file_entries(REGISTRY.cadre_file(db.session, clock, g.user, cadre.id))
    post_risks = present_post_risks(REGISTRY.post_risks(db.session, g.user, cadre.id))
    numbers = {c.id: c.number for c in cases}
    readable_reasons = {
        r["case_id"]
        for r in answer.reasons
        if r["case_id"] in numbers or can_read_case(db.session, g.user, db.session.get(Case, r["case_id"]))
    }
    return render_template(
        "pages/cadre.html", cadre=cadre, unit=lookup.unit(cadre.unit_id), manager=lookup.unit(cadre.managed_by_unit_id),
        answer=present_restrictions(lookup, answer), cases=[(present_case_summary(lookup, c), c) for c in cases],
        restrictions=restrictions, entries=entries, numbers=numbers, post_risks=post_risks,
        readable_reasons=readable_reasons, case_reader=holds(g.user, *CASE_READER_ROLES), file_keeper=file_keeper,
        restriction_kinds=RESTRICTION_KIND_LABELS,
    )
