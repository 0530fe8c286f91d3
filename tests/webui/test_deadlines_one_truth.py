"""Issue 14 §4: a missed statutory deadline tells one truth everywhere.

第十七条: an approved warning is carried out within 7 days. A correction approved on 2 November whose carrying
out has not started by the 9th is overdue on the 10th: in the case (API and page), the ledger and its
overdue filter, the Excel export, the inbox and the supervisor's page, each naming the deadline it missed.
Once the late start is accepted, the mark stays on that step and is not carried to the steps after it.
"""
from __future__ import annotations

import io

import lxml.html
import openpyxl
import pytest

from tests.webui.conftest import ApiWalker
from tests.webui.pages import text_of


@pytest.fixture()
def app(page_app):
    return page_app


@pytest.fixture()
def approved(api, ids, registered_case) -> ApiWalker:
    """An ordered correction approved and reported on 2 November 2026, its carrying out not yet started."""
    walk = ApiWalker(api, ids, registered_case()["case"]["id"])
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    walk.do("zhang.secretary", "approve_correction", opinion="同意", approval_decision="approved",
            decided_on="2026-11-02")
    walk.do("wu.partychief", "report_to_party_chief", acknowledged_on="2026-11-02", opinion="阅")
    return walk


def _move_clock(api, iso: str) -> None:
    assert api("admin").post("/admin/clock", json={"now": iso}).status_code == 200


def _ledger_numbers(client, query: str) -> set[str]:
    return {c["number"] for c in client.get(f"/cases?{query}").get_json()["items"]}


def _export_row(browser_client, number: str, query: str = "") -> dict | None:
    sheet = openpyxl.load_workbook(io.BytesIO(browser_client.get(f"/cases/export.xlsx?{query}").data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "案件编号" in r)
    found = [dict(zip(header, r, strict=True)) for r in rows if number in r]
    return found[0] if found else None


def test_a_start_missed_on_the_9th_is_overdue_everywhere_on_the_10th_第十七条(api, browser, approved):
    clerk = approved.client("wang.clerk")
    number = clerk.get(f"/cases/{approved.case_id}").get_json()["number"]
    _move_clock(api, "2026-11-09T18:00:00+08:00")  # the last day: not yet overdue
    assert clerk.get(f"/cases/{approved.case_id}").get_json()["due"]["overdue"] is False

    _move_clock(api, "2026-11-10T09:00:00+08:00")
    case = clerk.get(f"/cases/{approved.case_id}").get_json()
    assert case["due"]["overdue"] is True
    missed = case["due"]["missed_deadline"]
    assert (missed["bpmn_id"], missed["due_date"]) == ("plan_implementation", "2026-11-09")
    assert missed["article"].startswith("第十七")
    assert number in _ledger_numbers(clerk, "overdue=true")
    assert number not in _ledger_numbers(clerk, "overdue=false")
    [line] = [c for c in clerk.get("/cases").get_json()["items"] if c["number"] == number]
    assert line["overdue"] is True and line["missed_deadline"]["due_date"] == "2026-11-09"
    inbox = clerk.get("/tasks?overdue=true").get_json()["items"]
    assert [t["bpmn_id"] for t in inbox if t["case"]["id"] == approved.case_id] == ["plan_implementation"]

    pages = browser("wang.clerk")
    row = _export_row(pages, number, "overdue=true")
    assert row is not None and row["逾期"] == "是"
    assert row["当前期限及依据"] == ("确定实施方式:2026-11-09前办理;依据:批准之日起7日内组织实施(第十七条);"
                                "自2026-11-02起计;逾期1天(自2026-11-10起)")
    page = text_of(pages.get(f"/cases/{approved.case_id}"))
    assert "已逾期" in page and "逾期环节:确定实施方式" in page
    assert number in text_of(browser("chen.supervisor").get("/supervise/compliance")).split('id="late-starts"')[1]


def test_an_accepted_late_start_keeps_its_mark_and_does_not_carry_it_on(api, browser, approved):
    clerk = approved.client("wang.clerk")
    _move_clock(api, "2026-11-10T09:00:00+08:00")
    approved.do("wang.clerk", "plan_implementation", method="written_and_talk", started_on="2026-11-10",
                implementer="县纪委书记")
    case = clerk.get(f"/cases/{approved.case_id}").get_json()
    assert case["due"]["overdue"] is False and case["due"]["missed_deadline"] is None
    steps = {s["bpmn_id"]: s for s in case["steps"]}
    assert steps["plan_implementation"]["overdue"] is True  # done after its deadline: the mark stays there
    # the talk plan, also under the 7-day start rule, does not inherit the deadline already missed
    assert steps["draft_talk_plan"]["status"] == "open" and steps["draft_talk_plan"]["overdue"] is False
    assert case["number"] in _ledger_numbers(clerk, "overdue=false")
    assert _export_row(browser("wang.clerk"), case["number"])["逾期"] == "否"


def _deadline_in(response, row_containing: str | None = None) -> tuple[str, str, str, str]:
    """The deadline mark (engine.overdue's, through macros.deadline) of the page, or of its table row naming
    ``row_containing``: (state, due date, days, its words)."""
    tree = lxml.html.fromstring(text_of(response))
    scope = tree
    if row_containing is not None:
        [scope] = [tr for tr in tree.iter("tr") if row_containing in tr.text_content()]
    mark = scope.find_class("lj-deadline-mark")[0]
    words = " ".join(mark.text_content().split())
    return mark.get("data-deadline"), mark.get("data-due") or "", mark.get("data-days"), words


def test_every_page_shows_the_same_missed_start_and_since_when_第十七条(api, browser, approved):
    """Issue 15 §3: the case summary, ledger, inbox, task page and supervisor's board agree, day for day."""
    number = approved.client("wang.clerk").get(f"/cases/{approved.case_id}").get_json()["number"]
    _move_clock(api, "2026-11-20T09:00:00+08:00")
    clerk, supervisor = browser("wang.clerk"), browser("chen.supervisor")
    summary = _deadline_in(clerk.get(f"/cases/{approved.case_id}"))
    # the 7-day start (第十七条) ended with 9 November: overdue from the 10th, 11 days on the 20th
    assert summary[:3] == ("overdue", "2026-11-09", "11")
    assert "已逾期 11 天(自 2026-11-10 起)" in summary[3]
    assert "确定实施方式 · 依据:批准之日起7日内组织实施(第十七条)" in summary[3]
    assert _deadline_in(clerk.get("/cases"), number) == summary
    inbox = _deadline_in(clerk.get("/?tab=overdue"), number)
    board = _deadline_in(supervisor.get("/supervise"), number)
    assert inbox == board and inbox[:3] == summary[:3] and "已逾期 11 天(自 2026-11-10 起)" in inbox[3]
    task_id = next(t["id"] for t in api("wang.clerk").get("/tasks?overdue=true").get_json()["items"]
                   if t["case"]["id"] == approved.case_id)
    assert _deadline_in(clerk.get(f"/tasks/{task_id}"))[:3] == summary[:3]


def test_a_clue_the_supervisor_lists_as_waiting_shows_its_waiting_in_the_inbox_第三十三条(api, browser,
                                                                                    registered_case):
    """Issue 15 §3: not "no statutory deadline" but the days the supervisor counts, from the same day."""
    number = registered_case(received_on="2026-10-03")["case"]["number"]
    _move_clock(api, "2026-12-07T09:00:00+08:00")
    waiting = ("waiting", "", "65")
    inbox = _deadline_in(browser("wang.clerk").get("/?tab=groups"), number)
    assert inbox[:3] == waiting and "已等待 65 天" in inbox[3] and "自 2026-10-03 接到线索" in inbox[3]
    assert "无法定期限,等待超过 7 日列入督办(第十四、三十三条)" in inbox[3]
    compliance = lxml.html.fromstring(text_of(browser("chen.supervisor").get("/supervise/compliance")))
    [row] = [tr for tr in compliance.iter("tr") if number in tr.text_content()]
    assert row.find_class("lj-deadline-cell")[0].get("data-days") == "65"
    case_id = api("wang.clerk").get(f"/cases?q={number}").get_json()["items"][0]["id"]
    assert _deadline_in(browser("wang.clerk").get(f"/cases/{case_id}"))[:3] == waiting
