"""The 12-point score as pure functions: 「001 第一篇(四)四是」 12分扣分制 and 蓝黄红 colours, 「001 第一篇(五)6」
accountability after two warnings; the county's thresholds (defaults ours, the seeds give none)."""
from __future__ import annotations

import pytest

from processes.info_network.scoring import colour
from processes.info_network.scoring import is_worse
from processes.info_network.scoring import opens_accountability
from processes.info_network.scoring import score
from processes.info_network.scoring import threshold_problems
from processes.info_network.vocabulary import DEFAULT_THRESHOLDS


def test_each_subject_holds_12_points_and_never_goes_below_0_001_1_4():
    """「001 第一篇(四)四是」 对预警分级信息实行12分扣分制."""
    assert score([]) == 12
    assert score([6, 3, 1]) == 2
    assert score([6, 6, 6]) == 0


@pytest.mark.parametrize(("remaining", "expected"), [
    (12, None), (11, "blue"), (9, "blue"), (8, "yellow"), (6, "yellow"), (5, "red"), (0, "red")])
def test_the_remaining_score_decides_blue_yellow_or_red_001_1_4(remaining, expected):
    """「001 第一篇(四)四是」 根据扣分情况确定了蓝色、黄色、红色三级预警 — the defaults: ≤11 blue, ≤8 yellow, ≤5 red."""
    assert colour(remaining, DEFAULT_THRESHOLDS) == expected


def test_only_a_more_serious_colour_is_a_new_warning():
    assert is_worse("yellow", "blue") and is_worse("blue", None) and is_worse("red", "yellow")
    assert not is_worse("blue", "blue") and not is_worse("blue", "yellow") and not is_worse(None, None)


@pytest.mark.parametrize(("warnings", "opens"), [(0, False), (1, False), (2, True), (3, True)])
def test_warned_twice_or_more_opens_accountability_001_1_5_6(warnings, opens):
    """「001 第一篇(五)6」 对给予2次以上预警的单位或个人 … 追究直接责任人、主要领导、重要领导的责任."""
    assert opens_accountability(warnings) is opens


@pytest.mark.parametrize(("value", "message"), [
    ({"blue": 11, "yellow": 8}, "阈值须且只能包含蓝色、黄色、红色三项(blue、yellow、red)"),
    ({"blue": 12, "yellow": 8, "red": 5}, "蓝色预警的阈值应为0至11的整数(剩余分数不高于该值即预警)"),
    ({"blue": 11, "yellow": "8", "red": 5}, "黄色预警的阈值应为0至11的整数(剩余分数不高于该值即预警)"),
    ({"blue": 8, "yellow": 8, "red": 5}, "阈值须红色 < 黄色 < 蓝色:分数越低,预警越严重"),
])
def test_bad_thresholds_are_refused_in_chinese(value, message):
    assert threshold_problems(value) == [message]
    assert threshold_problems(DEFAULT_THRESHOLDS) == []
