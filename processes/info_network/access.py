"""Who reads and who reports warning information (issue 13 §1).

* the county centre, its deciders, supervisors and auditors, and anyone holding a network role in the root
  unit, read every item;
* the county's warning office (预警办 in the root unit) reads every item: it receives the items handed over
  as clues and screens them (seed 003 第十、十四条; :mod:`processes.info_network.handover`);
* an invited officer (特邀信息员) sees only what they reported (issue 13 §1: "They see only what they reported
  and its feedback");
* an officer or information office of a unit reads the items about that unit;
* officers, invited officers, information offices and the centre report items (「002 一(三)」).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine.county import county_commission_id
from engine.errors import NotPermitted
from engine.models import User

#: roles that read every item wherever they are held
COUNTY_READER_ROLES = frozenset({"info_centre", "info_deputy_secretary", "info_party_secretary", "supervisor",
                                 "auditor"})
#: roles that report items (「002 一(三)」 预警信息员、特邀预警信息员; the offices and the centre gather them)
#: the Measures' warning office: in the root unit it reads the items it may receive as clues (第十、十四条)
CLUE_OFFICE_ROLE = "warning_office"
REPORTER_ROLES = frozenset({"info_officer", "info_invited_officer", "info_office", "info_centre"})


@dataclass(frozen=True)
class ReadScope:
    """What a user reads: everything, the items they reported, or the items about some units."""

    everything: bool = False
    reported_by_id: int | None = None
    unit_ids: frozenset[int] = frozenset()


def read_scope(session: Session, user: User) -> ReadScope:
    """Return what ``user`` may read of the item database."""
    root_id = county_commission_id(session)  # the county commission (engine.county)
    roles = {(r.role, r.unit_id) for r in user.roles}
    if any(role in COUNTY_READER_ROLES or ((role.startswith("info_") and role != "info_invited_officer"
                                            or role == CLUE_OFFICE_ROLE) and unit_id == root_id)
           for role, unit_id in roles):
        return ReadScope(everything=True)
    units = frozenset(unit_id for role, unit_id in roles if role in {"info_officer", "info_office"})
    if units:
        return ReadScope(unit_ids=units)
    if any(role == "info_invited_officer" for role, _ in roles):
        return ReadScope(reported_by_id=user.id)
    return ReadScope()


def check_reporter(user: User | None) -> None:
    """Refuse a user holding no reporting role of the network."""
    if user is None or not {r.role for r in user.roles} & REPORTER_ROLES:
        raise NotPermitted("只有预警信息员、特邀信息员、预警信息办公室或县预警中心可以报送预警信息")


def may_read(scope: ReadScope, item) -> bool:
    """Tell whether a reader with ``scope`` reads ``item`` (the same rule as the item database's filter)."""
    if scope.everything:
        return True
    if scope.reported_by_id is not None:
        return item.reported_by_id == scope.reported_by_id
    return item.unit_id in scope.unit_ids
