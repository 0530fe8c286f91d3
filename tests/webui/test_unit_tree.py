"""The unit list shows the tree as the unit model holds it (issue 15, "Also"): each unit under its own parent.

县委组织部 is a working department of the county party committee, so it is listed under 中共寿县县委, one
level deeper, not beside the towns as another child of the commission.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.models import Unit
from tests.webui.pages import one
from tests.webui.pages import text_of


def _rows(page: str) -> list[dict[str, str]]:
    """The unit rows in page order: id, depth and parent id."""
    return [{"id": m[0], "depth": m[1], "parent": m[2]} for m in re.findall(
        r'<tr id="unit-(\d+)" data-path="[^"]*" data-depth="(\d+)"(?: data-parent="(\d+)")?>', page)]


def _id(app, code: str) -> str:
    return str(one(app, select(Unit.id).where(Unit.code == code)))


def test_the_organisation_department_is_listed_under_the_county_committee(browser, page_app):
    rows = _rows(text_of(browser("admin").get("/admin/units")))
    order = [r["id"] for r in rows]
    committee, org = _id(page_app, "county-committee"), _id(page_app, "org-dept")
    by_id = {r["id"]: r for r in rows}
    assert by_id[org]["parent"] == committee and by_id[org]["depth"] == "2"
    assert order.index(org) == order.index(committee) + 1  # right under its parent


def test_every_listed_unit_follows_its_parent_one_level_deeper(browser, page_app):
    rows = _rows(text_of(browser("admin").get("/admin/units")))
    assert len(rows) == 11 and rows[0]["parent"] == "" and rows[0]["id"] == _id(page_app, "shouxian")
    seen: dict[str, int] = {}
    for position, row in enumerate(rows):
        if row["parent"]:
            assert row["parent"] in seen, f"unit {row['id']} is listed before its parent"
            assert int(row["depth"]) == int(rows[seen[row["parent"]]]["depth"]) + 1
        seen[row["id"]] = position


def test_the_county_is_the_root_and_the_county_committee_is_not_under_the_commission(browser, page_app):
    """寿县 → 县纪委, 县委 → 县委组织部 …: the county party committee is a unit of the county beside the discipline
    commission, not below it (issue 15, "Also")."""
    by_id = {r["id"]: r for r in _rows(text_of(browser("admin").get("/admin/units")))}
    county, commission = _id(page_app, "shouxian"), _id(page_app, "county")
    committee, town = _id(page_app, "county-committee"), _id(page_app, "town-zhengyang")
    assert by_id[county]["parent"] == "" and by_id[county]["depth"] == "0"
    assert by_id[commission]["parent"] == county and by_id[committee]["parent"] == county
    assert by_id[town]["parent"] == county and by_id[committee]["depth"] == "1"
