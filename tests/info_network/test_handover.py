"""A graded item about a cadre handed over to the Measures as a clue (issue 13 §6).

Rules proved, with their places: the Measures start from a clue (seed 003 第十条), registered by the warning
office (预警办) on the same path as by hand, with the channel of 第十条 the item's source 「002 二(二)」 maps to;
the source told at the end is the officer who reported it (第十四条); only a graded item (「002 三 2」) about a
cadre may go, once; the responses of the three levels (「002 四」) have no period in the seeds (001, 002).
"""
from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.db import unit_of_work
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.models.cases import Case
from engine.models.cases import Clue
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.handover import SOURCE_TO_CHANNEL
from processes.info_network.handover import hand_over_item
from processes.info_network.handover import item_for_clue
from processes.info_network.models import InfoItem
from processes.info_network.vocabulary import RESPONSE_PERIOD_BY_LEVEL
from processes.info_network.vocabulary import SOURCE_LABELS

FACTS = "县财政局局长在政府采购中授意下属规避公开招标。"


def _item(world, *, about_cadre=True, graded=True, source="reported_from_below", reporter="yj.officer") -> int:
    subject = ({"cadre_id": world.cadre_id("dept-finance", "局长")} if about_cadre
               else {"unit_id": world.unit_id("dept-finance")})
    with unit_of_work(world.factory) as session:
        item = create_item(session, world.clock, world.actor(session, reporter),
                           {"category": "projects_funds", "source": source, "facts": FACTS, **subject})
        item_id = item.id
    if graded:
        with unit_of_work(world.factory) as session:
            verify_item(session, world.clock, world.actor(session, "yj.centre"), item_id)
            grade_item(session, world.clock, world.actor(session, "yj.deputy"), item_id,
                       situation="decision_error", harm="heavy")
    return item_id


def _hand_over(world, item_id: int, username: str = "wang.clerk"):
    with unit_of_work(world.factory) as session:
        done = hand_over_item(session, world.clock, world.actor(session, username), item_id)
        return done.clue.id, done.clue.number, done.case.id, done.case.number


def _count(world, model) -> int:
    with world.factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_the_clerk_hands_a_graded_item_over_and_a_case_starts_from_it(info_world):
    """第十条: the clue is registered as by hand and its case starts; the item and the case link both ways."""
    item_id = _item(info_world)
    clue_id, clue_number, case_id, case_number = _hand_over(info_world, item_id)
    with info_world.factory() as session:
        clue, case, item = session.get(Clue, clue_id), session.get(Case, case_id), session.get(InfoItem, item_id)
        # prefilled from the item: the cadre, the facts with the item's number, level and response
        assert clue.subject_cadre_id == item.cadre_id == case.cadre_id
        assert clue.summary.startswith(f"廉情预警信息第{item_id}号(二级预警,廉情预警质询,")
        assert clue.summary.endswith(FACTS)
        # 「002 二(二)」下级报送 → 第十条 上级交办或下级纪委(纪检组)报送的问题
        assert clue.source_channel == "assigned_reported"
        # 第十四条: the source told at the end is the officer who reported it, with their unit
        assert clue.source_unit_name == "寿县纪委(预警信息员甲)"
        assert case.clue_id == clue.id and case.stage == "screening"  # 第十四条 筛选、分流 comes first
        assert (item.clue_id, item.handed_over_by_id) == (clue.id, info_world.user(session, "wang.clerk").id)
        link = item_for_clue(session, clue.id)
        assert (link.item_id, link.clue_number, link.case_number) == (item_id, clue_number, case_number)
        events = session.execute(select(AuditEvent.action).where(AuditEvent.case_id == case_id)).scalars().all()
        assert "clue.registered" in events and "info_item.handed_over" in events


def test_every_source_of_the_network_reaches_a_channel_of_article_10():
    """「002 二(二)」 each source → one of the eight channels of 第十条; media stays media."""
    assert set(SOURCE_TO_CHANNEL) == set(SOURCE_LABELS)
    assert SOURCE_TO_CHANNEL["media"] == "media" and SOURCE_TO_CHANNEL["public"] == "letters_visits"


def test_handing_over_twice_is_refused_and_writes_nothing(info_world):
    """One item, one clue: the second hand-over is 409 naming the clue, and no second clue or case appears."""
    item_id = _item(info_world)
    _, clue_number, _, _ = _hand_over(info_world, item_id)
    with pytest.raises(RuleViolation) as refused:
        _hand_over(info_world, item_id, "xu.clerk")
    assert (refused.value.status, refused.value.code) == (409, "already_handed_over")
    assert refused.value.message_zh == f"该预警信息已移交为预警线索{clue_number},不能重复移交(第十条)"
    assert (_count(info_world, Clue), _count(info_world, Case)) == (1, 1)


def test_an_ungraded_item_cannot_be_handed_over(info_world):
    """「002 三 2」: the level is decided before anything is done with an item; 422, nothing written."""
    item_id = _item(info_world, graded=False)
    with pytest.raises(RuleViolation) as refused:
        _hand_over(info_world, item_id)
    assert (refused.value.status, refused.value.code) == (422, "not_graded")
    assert "定级后才能移交" in refused.value.message_zh
    assert _count(info_world, Clue) == 0


def test_an_item_about_a_unit_cannot_become_a_clue(info_world):
    """第十条: a warning clue concerns a leading cadre; an item about a unit stays with the network."""
    item_id = _item(info_world, about_cadre=False)
    with pytest.raises(RuleViolation) as refused:
        _hand_over(info_world, item_id)
    assert (refused.value.status, refused.value.code) == (422, "subject_not_a_cadre")
    assert _count(info_world, Clue) == 0


def test_only_the_warning_office_hands_over(info_world):
    """第十、十三条: clues are registered by the warning office; the centre itself is refused (403)."""
    item_id = _item(info_world)
    with pytest.raises(NotPermitted):
        _hand_over(info_world, item_id, "yj.centre")
    with info_world.factory() as session:
        assert session.get(InfoItem, item_id).clue_id is None
    assert _count(info_world, Clue) == 0


def test_the_seeds_give_no_period_for_any_levels_response():
    """「002 四」 names 监察建议、质询、告知 per level and 001 第一篇(四)三是、四是 the feedback; neither a period."""
    assert RESPONSE_PERIOD_BY_LEVEL == {1: None, 2: None, 3: None}
