"""Who reads and who changes a unit's risk register (issue 12, "The users and what they do").

* the county discipline commission (any role in the root unit), supervisors, auditors and the organisation
  department see every unit's register ("the county discipline commission sees every unit's register";
  "the discipline inspection group and the organisation department keep the filed copy");
* anyone holding a role in a unit sees that unit's register (each cadre finds the risks of their own post);
* the unit's principal leader, leaders in charge, office heads and its leading group change it
  (「004 十」第三、五、七步: 自己定、群众帮、领导审; 第八步 the leading group's review).
A point outside what the user may read is answered as not found (SECURITY.md 24).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from engine.county import county_commission_id
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models import User

#: roles that read every unit's register wherever they are held
COUNTY_READER_ROLES = frozenset({"supervisor", "auditor", "organisation_dept"})
#: roles of a unit that may change its register
EDITOR_ROLES = frozenset({"unit_principal", "unit_leader_in_charge", "office_head", "risk_leading_group"})
#: who opens a unit's identification round: its principal leader or its leading group (「004 十」第一步)
STARTER_ROLES = frozenset({"unit_principal", "risk_leading_group"})


def readable_unit_ids(session: Session, user: User) -> frozenset[int] | None:
    """Return the units whose register ``user`` reads, or None for every unit."""
    root_id = county_commission_id(session)  # the county commission (engine.county)
    if any(r.role in COUNTY_READER_ROLES or r.unit_id == root_id for r in user.roles):
        return None
    return frozenset(r.unit_id for r in user.roles)


def editable_unit_ids(user: User) -> frozenset[int]:
    """Return the units whose register ``user`` may change."""
    return frozenset(r.unit_id for r in user.roles if r.role in EDITOR_ROLES)


def startable_unit_ids(user: User) -> frozenset[int]:
    """Return the units whose identification round ``user`` may open (「004 十」第一步)."""
    return frozenset(r.unit_id for r in user.roles if r.role in STARTER_ROLES)


def check_readable(session: Session, user: User, unit_id: int) -> None:
    """Refuse (404) a unit whose register the user may not read."""
    readable = readable_unit_ids(session, user)
    if readable is not None and unit_id not in readable:
        raise NotFound("风险点不存在或无权查看")


def check_editable(session: Session, user: User, unit_id: int) -> None:
    """Refuse a unit whose register the user may read (403) or not even read (404) but may not change."""
    check_readable(session, user, unit_id)
    if unit_id not in editable_unit_ids(user):
        raise NotPermitted("只有本单位主要领导、分管领导、科室负责人或风险防控领导小组可以登记、修改风险点")
