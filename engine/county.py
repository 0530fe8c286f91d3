"""The county and its discipline commission in the unit tree (issue 15: the unit tree as it is).

The tree shows the county as it is: the county itself (寿县, kind ``county``) is the root, and the county
discipline commission (县纪委), the county party committee (县委) with its departments, the towns and the
county-level departments are its children. The commission is where the county-level steps are done and the
county-level roles are held, and its remit is the whole county (the regulation packages cite where their
sources say so: processes.measures.clues). So a role held in the county commission reaches the county root's
subtree, not only the commission's own.

Installations made before the county root existed have the commission itself as the root (the old shape); the
rules below give the same answers there, so both shapes work; the migration 0018 moves such a database
to the new shape without changing any answer.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models.people import Unit
from engine.vocabulary import UnitKind

# The topmost commission of the tree (the county commission); a tree without any commission falls back to its
# root. One indexed query, run for county-scoped steps and every scope check, so built once.
_COUNTY_COMMISSION = (
    select(Unit.id)
    .where((Unit.kind == UnitKind.COMMISSION.value) | Unit.parent_id.is_(None))
    .order_by(case((Unit.kind == UnitKind.COMMISSION.value, 0), else_=1), func.length(Unit.path), Unit.id)
    .limit(1)
)


def county_commission_id(session: Session) -> int:
    """Return the id of the county discipline commission: where county-scoped steps are done and county roles
    are held (the topmost commission of the tree; the root itself in installations of the old shape)."""
    return session.execute(_COUNTY_COMMISSION).scalar_one()


def root_path(path: str) -> str:
    """Return the path of the root of the tree a unit with ``path`` is in ("/1/4/" → "/1/")."""
    first = path.strip("/").split("/")[0]
    return f"/{first}/"


def reach_paths(session: Session, unit_ids: Iterable[int]) -> list[str]:
    """Return the path prefixes of the units that roles held in ``unit_ids`` reach.

    A unit reaches itself and every unit below it; the county commission reaches the whole county, that is the
    root's subtree (the commission's remit is the whole county).
    """
    ids = set(unit_ids)
    if not ids:
        return []
    commission = county_commission_id(session)
    rows = session.execute(select(Unit.id, Unit.path).where(Unit.id.in_(ids))).all()
    return [root_path(path) if unit_id == commission else path for unit_id, path in rows]


def discipline_lineage(session: Session, unit_id: int) -> list[int]:
    """Return the unit, every unit above it, and the county commission, which is above every unit of the
    county in the discipline line (processes.measures.execution cites the rule) though not above it in the
    tree."""
    path = session.get(Unit, unit_id).path
    lineage = [int(part) for part in path.strip("/").split("/") if part]
    commission = county_commission_id(session)
    if commission not in lineage:
        lineage.insert(1 if lineage else 0, commission)
    return lineage
