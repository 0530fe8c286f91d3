"""The county is the root of the unit tree and the commission one of its units (issue 15, "Also"); the county
commission's roles still reach the whole county (《措施》第三、十四条: the county's 预警办 receives and screens
clues about every unit), a town's office only its own town."""
from __future__ import annotations

from sqlalchemy import select

from engine.county import county_commission_id
from engine.county import discipline_lineage
from engine.models import Case
from engine.models import Unit
from engine.permissions import can_read_case
from engine.permissions import case_scope_filter
from engine.runtime import root_unit_id
from processes.measures.execution import unit_lineage


def _readable(world, username: str) -> set[int]:
    with world.factory() as session:
        user = world.actor(session, username).user
        return set(session.execute(select(Case.id).where(case_scope_filter(session, user))).scalars())


def test_the_county_is_the_root_and_the_commission_and_the_county_committee_are_its_units(world):
    with world.factory() as session:
        county = session.execute(select(Unit).where(Unit.parent_id.is_(None))).scalar_one()
        assert (county.code, county.name, county.kind) == ("shouxian", "寿县", "county")
        commission = session.execute(select(Unit).where(Unit.code == "county")).scalar_one()
        committee = session.execute(select(Unit).where(Unit.code == "county-committee")).scalar_one()
        assert commission.parent_id == county.id and committee.parent_id == county.id
        # county-scoped steps are still done in the commission
        assert county_commission_id(session) == root_unit_id(session) == commission.id


def test_the_county_warning_office_reads_every_units_cases_第三_十四条(world, walker_for):
    town = walker_for("town-zhengyang", "财政所所长", username="zy.office")
    department = walker_for("dept-finance", "局长")
    county = walker_for("town-wabu", "镇长")
    readable = _readable(world, "wang.clerk")
    assert {town.case_id, department.case_id, county.case_id} <= readable
    with world.factory() as session:
        clerk = world.actor(session, "wang.clerk").user
        assert can_read_case(session, clerk, session.get(Case, town.case_id))


def test_a_town_office_reads_only_its_own_towns_cases_第三条(world, walker_for):
    own = walker_for("town-zhengyang", "财政所所长", username="zy.office")
    other = walker_for("town-wabu", "镇长")
    readable = _readable(world, "zy.office")
    assert own.case_id in readable and other.case_id not in readable
    with world.factory() as session:
        office = world.actor(session, "zy.office").user
        assert not can_read_case(session, office, session.get(Case, other.case_id))


def test_the_county_commission_is_above_every_unit_in_the_discipline_line_第二十条(world):
    """Talkers of a town's case may come from the county commission (第二十条「上一级」), though the commission
    is not the town's parent in the tree."""
    town, commission, county, other = (world.unit_id(code) for code in
                                       ("town-zhengyang", "county", "shouxian", "town-wabu"))
    with world.factory() as session:
        lineage = unit_lineage(session, town)
        assert lineage == discipline_lineage(session, town)
        assert commission in lineage and town in lineage and county in lineage and other not in lineage


def test_a_database_of_the_old_shape_keeps_the_commission_as_root_and_its_reach(world, walker_for):
    """Installations made with the commission as root keep working: the same unit does the county steps."""
    walk = walker_for("town-wabu", "镇长")
    with world.factory() as session:
        county = session.execute(select(Unit).where(Unit.code == "shouxian")).scalar_one()
        commission = session.execute(select(Unit).where(Unit.code == "county")).scalar_one()
        # Rebuild the old tree: the commission is the root and every other unit hangs under it.
        for unit in session.execute(select(Unit).where(Unit.id != county.id)).scalars():
            unit.path = unit.path.replace(f"/{county.id}/{commission.id}/", f"/{commission.id}/")
            unit.path = unit.path.replace(f"/{county.id}/", f"/{commission.id}/")
            if unit.parent_id == county.id:
                unit.parent_id = commission.id
        commission.parent_id, commission.path = None, f"/{commission.id}/"
        session.delete(county)
        session.commit()
        assert county_commission_id(session) == commission.id
    assert walk.case_id in _readable(world, "wang.clerk")
    assert walk.case_id not in _readable(world, "zy.office")
