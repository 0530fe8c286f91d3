"""A case a town handles: the town screens, proposes and carries out (第十八条); the county commission's
leaders approve, its standing committee decides, and the county's party chief is reported to (第十七条)."""
from __future__ import annotations

import pytest

from engine.errors import NotPermitted


@pytest.fixture()
def town_case(walker_for):
    """A clue about a cadre 正阳关镇 manages, registered and proposed by the town's own office."""

    def propose(warning_type: str):
        walk = walker_for("town-zhengyang", "财政所所长", username="zy.office")
        walk.do("zy.office", "screen_clue", routing="handle_here", reason="属本镇管理干部,本级处理")
        walk.do("zy.office", "propose_subject", warning_type=warning_type, facts="违规发放补贴", grounds="第九条")
        if warning_type != "inquiry":  # 第十六条: an inquiry subject may be determined directly
            walk.do("zy.office", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
                    findings="经初核,反映问题基本属实", check_conclusion="confirmed")
        walk.do("zy.office", "fill_approval_form", proposal="建议予以预警", basis="第十七条")
        return walk

    return propose


def test_a_town_correction_is_approved_by_the_county_secretary_and_reported_to_the_county_chief_第十七条(
        world, town_case):
    walk = town_case("correction")
    approval = walk.open_task("approve_correction")
    assert approval.unit_id == world.unit_id("county")
    # The town's own discipline secretary holds "secretary" in the town, not in the county commission.
    with pytest.raises(NotPermitted):
        walk.do("zy.secretary", "approve_correction", approval_decision="approved", decided_on="2026-11-02")
    walk.do("zhang.secretary", "approve_correction", approval_decision="approved", decided_on="2026-11-02")
    with pytest.raises(NotPermitted):
        walk.do("zy.partychief", "report_to_party_chief", acknowledged_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", acknowledged_on="2026-11-02", opinion="阅")
    # 第十八条: the unit that determined the subject carries the warning out.
    assert walk.open_steps() == ["plan_implementation"]
    assert walk.open_task("plan_implementation").unit_id == world.unit_id("town-zhengyang")


def test_a_town_admonition_referred_goes_to_the_county_standing_committee_第十七条(world, town_case):
    walk = town_case("admonition")
    walk.do("zhang.secretary", "approve_admonition", approval_decision="refer_committee", decided_on="2026-11-02")
    committee = walk.open_task("committee_decision")
    # Towns have no standing committee of a discipline commission: the step must not wait for nobody.
    assert committee.unit_id == world.unit_id("county")
    walk.do("zhao.committee", "committee_decision", approval_decision="approved", meeting_on="2026-11-02",
            meeting_number="县纪委常委会2026年第12次会议")
    assert walk.open_steps() == ["plan_implementation"]


def test_a_town_inquiry_may_be_approved_by_the_county_deputy_secretary_第十七条(world, town_case):
    walk = town_case("inquiry")
    walk.do("li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")
    assert walk.open_steps() == ["plan_implementation"]
