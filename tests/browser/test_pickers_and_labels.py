"""Searchable pickers, the cadre picker's scope, the audit view's labels, the unit tree (issue 15 §7, §10, Also).

- §7: the talkers of a talk plan (第二十二条(二)2: at least two people talk) are chosen by typing part of a
  name, with the keyboard alone, each chosen one a chip with its own remove button: no Ctrl-click. The clue's
  subject is chosen the same way among the cadres the clerk may name: a town's office sees its own town's
  cadres only (management authority, 第三、十四条); another unit's cadre slipped into the form is refused
  with a Chinese message and nothing is registered.
- §10: the auditor reads each event of a case by its name and the step it happened at, in Chinese and in
  English mode, never by its code alone.
- Also: the unit list shows the units nested under their parents, the county at the root (寿县 → 县纪委, 县委).
Screenshots at 1366 px and 390 px.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.models import Clue
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import User
from engine.models.cases import of_case
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_supervisor import CORRECTION_TO_RECEIPT
from tests.browser.test_supervisor import Seeder
from webui import extensions

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def talk_case(live_app) -> int:
    """An ordered correction about 正阳关镇's deputy mayor, approved, to be carried out by a talk (第二十二条)."""
    with live_app.app_context():
        s = Seeder(live_app)
        case_id = s.register(s.cadre_id("town-zhengyang", "副镇长"))
        for username, step, data in CORRECTION_TO_RECEIPT[:6]:
            s.do(case_id, username, step, **data)
        s.do(case_id, "wang.clerk", "plan_implementation", method="talk", started_on="2026-11-02",
             implementer="县纪委书记")
        return case_id


def _one(live_app, stmt):
    with live_app.app_context(), extensions.session_factory()() as session:
        return session.execute(stmt).scalar_one_or_none()


def _open_task(live_app, case_id: int, bpmn_id: str) -> int:
    return _one(live_app, select(HumanTask.id).where(of_case(HumanTask, case_id), HumanTask.bpmn_id == bpmn_id,
                                                     HumanTask.status == TaskStatus.OPEN))


def _user_id(live_app, username: str) -> int:
    return _one(live_app, select(User.id).where(User.username == username))


def _shown_options(page, field: str) -> list[str]:
    return page.locator(f"#f-{field}-listbox [role=option]:visible").all_inner_texts()


def test_the_talkers_are_found_by_typing_and_chosen_with_the_keyboard(sign_in, live_app, talk_case, shot):
    clerk = sign_in("wang.clerk")
    task_id = _open_task(live_app, talk_case, "draft_talk_plan")
    clerk.goto(f"/tasks/{task_id}")
    clerk.fill("#f-outline", "指出违规收受礼金的事实,提出一个月内退还并作出书面检查的要求")

    # the lead talker: one person, by typing part of the name and Enter (第二十二条(二)2)
    clerk.locator("label[for='f-lead_talker_id-search']").click()
    clerk.keyboard.type("张正清")
    assert _shown_options(clerk, "lead_talker_id") == ["张正清(纪委书记)(寿县纪委)"]
    clerk.keyboard.press("Enter")
    assert clerk.locator("#f-lead_talker_id").input_value() == str(_user_id(live_app, "zhang.secretary"))

    # the other talkers: several, the list narrowed as one types; Enter toggles, the list stays open
    box = clerk.locator("#f-co_talker_ids-search")
    box.focus()
    clerk.keyboard.type("李")
    assert _shown_options(clerk, "co_talker_ids") == ["李建国(分管副书记)(寿县纪委)"]
    clerk.keyboard.press("Enter")
    clerk.keyboard.press("Control+a")
    clerk.keyboard.type("预警办")
    shown = _shown_options(clerk, "co_talker_ids")
    assert len(shown) == 2 and all("预警办" in name for name in shown)
    clerk.keyboard.press("ArrowDown")
    clerk.keyboard.press("Enter")  # the second of the office's two clerks
    chips = clerk.locator("[data-field=co_talker_ids] .lj-picker-chip")
    assert chips.count() == 2
    assert box.get_attribute("aria-expanded") == "true"
    shot(clerk, "pickers-talkers-desktop")

    # a chip's own button removes that person; Escape closes the list
    office_clerk = chips.filter(has_text="预警办")
    office_clerk.get_by_role("button", name=f"移除 {office_clerk.inner_text().strip()}").click()
    assert chips.count() == 1 and "李建国" in chips.first.inner_text()
    clerk.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert axe_violations(clerk) == []

    clerk.click("#task-form button[value=submit]")
    clerk.wait_for_selector(".alert-success")
    assert "「制定谈话方案」已办理" in clerk.inner_text(".alert-success")
    lead, other = _user_id(live_app, "zhang.secretary"), _user_id(live_app, "li.deputy")
    with live_app.app_context(), extensions.session_factory()() as session:
        done = session.execute(select(HumanTask).where(
            of_case(HumanTask, talk_case), HumanTask.bpmn_id == "draft_talk_plan")).scalar_one()
        assert done.status == TaskStatus.COMPLETED
        assert done.submitted["lead_talker_id"] == lead
        assert done.submitted["co_talker_ids"] == [other]


def test_the_talk_record_picker_works_on_a_phone(sign_in, live_app, talk_case, shot):
    """After the talk plan: the record names the talkers (two or more, 第二十二条(二)2) on a 390 px screen."""
    clerk = sign_in("wang.clerk", viewport=PHONE)
    with live_app.app_context():  # the plan and the notice before the talk are not this test's matter
        seeder = Seeder(live_app)
        if _open_task(live_app, talk_case, "draft_talk_plan") is not None:
            seeder.do(talk_case, "wang.clerk", "draft_talk_plan", outline="指出错误事实,提出整改要求",
                      lead_talker_id=_user_id(live_app, "zhang.secretary"),
                      co_talker_ids=[_user_id(live_app, "li.deputy")])
        seeder.do(talk_case, "wang.clerk", "notify_talk", talk_at="2026-11-03T09:00:00+08:00",
                  place="县纪委谈话室", notified_on="2026-11-02")
    task_id = _open_task(live_app, talk_case, "record_talk")
    clerk.goto(f"/tasks/{task_id}")
    clerk.locator("#f-talker_ids-search").click()
    clerk.keyboard.type("书记")
    shown = _shown_options(clerk, "talker_ids")
    assert shown and all("书记" in name for name in shown)
    clerk.locator("#f-talker_ids-listbox [role=option]:visible").first.click()
    assert clerk.locator("[data-field=talker_ids] .lj-picker-chip").count() == 1
    width = clerk.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    shot(clerk, "pickers-talkers-phone")


def _refused_loads(console_errors: list[str]) -> None:
    """The refused registration answers 422, which chromium logs as a failed load: expected here."""
    console_errors[:] = [e for e in console_errors if "422" not in e]


def test_the_cadre_picker_is_searchable_and_offers_only_the_town_clerks_own_cadres(
        sign_in, live_app, shot, console_errors):
    clerk = sign_in("zy.office")
    clerk.goto("/clues/new")
    options = clerk.locator("#f-subject_cadre_id option:not([value=''])").all_inner_texts()
    assert len(options) == 6 and all("正阳关镇" in name for name in options)  # 第三、十四条: their own town

    clerk.locator("#f-subject_cadre_id-search").click()
    clerk.keyboard.type("镇长")
    shown = _shown_options(clerk, "subject_cadre_id")
    assert sorted(shown) == sorted(o for o in options if "镇长" in o) and len(shown) == 2
    shot(clerk, "pickers-cadre-search-desktop")
    assert axe_violations(clerk) == []
    clerk.keyboard.press("Enter")
    chosen = clerk.locator("#f-subject_cadre_id").input_value()
    assert chosen and clerk.locator("[data-field=subject_cadre_id] .lj-picker-chip").count() == 1

    # another town's cadre slipped into the form (a crafted request) is refused, in Chinese, nothing written
    with live_app.app_context():
        stranger = Seeder(live_app).cadre_id("town-wabu", "镇长")
    clerk.evaluate("""id => { const s = document.querySelector('#f-subject_cadre_id');
        s.add(new Option('瓦埠镇镇长', id, true, true)); }""", str(stranger))
    clerk.select_option("#f-source_channel", "letters_visits")
    clerk.fill("#f-received_on", "2026-11-01")
    clerk.fill("#f-source_unit_name", "县信访局")
    clerk.fill("#f-summary", "群众来信反映该干部违规操办婚宴。")
    before = _one(live_app, select(func.count(Clue.id)))
    clerk.click("#clue-form button[type=submit]")
    clerk.wait_for_selector("#form-error")
    _refused_loads(console_errors)
    assert "预警对象不在可登记的范围内" in clerk.inner_text("#form-error")
    assert "不在您所在预警办的管辖范围内(第三条、第十四条)" in clerk.inner_text("[data-field=subject_cadre_id]")
    assert clerk.input_value("#f-summary") == "群众来信反映该干部违规操办婚宴。"
    assert _one(live_app, select(func.count(Clue.id))) == before
    shot(clerk, "pickers-cadre-refused-desktop")

    phone = sign_in("zy.office", viewport=PHONE)
    phone.goto("/clues/new")
    phone.locator("#f-subject_cadre_id-search").click()
    phone.keyboard.type("所长")
    assert len(_shown_options(phone, "subject_cadre_id")) == 2
    shot(phone, "pickers-cadre-search-phone")


def _completed_row(page, step: str):
    return page.locator("summary.lj-event-row", has=page.locator(".lj-event-step", has_text=step)).first


def test_the_auditor_reads_events_and_steps_by_name_in_chinese_and_in_english(sign_in, talk_case, shot):
    auditor = sign_in("liu.auditor")
    auditor.goto(f"/audit/cases/{talk_case}")
    row = _completed_row(auditor, "筛选分流线索")
    assert "办结环节" in row.inner_text() and "环节 #" in row.inner_text()
    row.click()
    details = auditor.locator("details.lj-event[open] .lj-event-elements").first
    assert "办理环节:筛选分流线索 screen_clue" in details.inner_text()
    assert "后续环节:" in details.inner_text()
    shot(auditor, "audit-labels-zh-desktop")

    auditor.locator("form.lj-language").get_by_role("button", name="English").click()
    auditor.wait_for_selector("html[lang=en]")
    row = _completed_row(auditor, "筛选分流线索")
    assert "Complete step" in row.inner_text() and "Step #" in row.inner_text()
    assert "办结环节" not in row.inner_text()
    row.click()
    assert "Step done:筛选分流线索 screen_clue" in auditor.locator(
        "details.lj-event[open] .lj-event-elements").first.inner_text()
    shot(auditor, "audit-labels-en-desktop")
    auditor.goto("/audit")
    recent = auditor.locator("#recent-events").inner_text()
    assert "Complete step" in recent and "task #" not in recent

    phone = sign_in("liu.auditor", viewport=PHONE)
    phone.goto(f"/audit/cases/{talk_case}")
    assert "办结环节" in _completed_row(phone, "筛选分流线索").inner_text()
    shot(phone, "audit-labels-zh-phone")


def test_the_unit_list_nests_each_unit_under_its_parent(sign_in, shot):
    """寿县 at the root; 县纪委, 中共寿县县委, the towns and departments its units; 县委组织部 under 中共寿县县委;
    each indented under its parent. The county party committee is not under the discipline commission."""
    admin = sign_in("admin")
    admin.goto("/admin/units")

    def row(name: str):
        return admin.locator("#unit-tree tr", has=admin.locator("strong", has_text=re.compile(f"^{name}$")))

    county, commission = row("寿县"), row("寿县纪委")
    committee, org, town = row("中共寿县县委"), row("县委组织部"), row("正阳关镇")
    assert admin.locator("#unit-tree tbody tr").first.get_attribute("id") == county.get_attribute("id")
    county_id = county.get_attribute("id").removeprefix("unit-")
    assert committee.get_attribute("data-parent") == county_id != commission.get_attribute("id").removeprefix("unit-")
    assert commission.get_attribute("data-parent") == county_id == town.get_attribute("data-parent")
    assert org.get_attribute("data-parent") == committee.get_attribute("id").removeprefix("unit-")
    x = {name: r.locator(".lj-unit-name strong").bounding_box()["x"]
         for name, r in (("county", county), ("commission", commission), ("committee", committee), ("org", org),
                         ("town", town))}
    assert x["org"] > x["committee"] == x["commission"] == x["town"] > x["county"]
    assert "寿县纪委" not in committee.inner_text()  # its parent, in the 上级单位 column, is the county
    assert "中共寿县县委" in org.inner_text()  # its parent named in the 上级单位 column
    shot(admin, "unit-tree-desktop")
    assert axe_violations(admin) == []

    phone = sign_in("admin", viewport=PHONE)
    phone.goto("/admin/units")
    assert phone.locator("#unit-tree tr[data-depth='2']").count() == 1
    name = phone.locator("#unit-tree .lj-unit-name strong", has_text="县人力资源和社会保障局").bounding_box()
    assert name["height"] < 2 * 24, "a unit's name wraps one character per line on a phone"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    shot(phone, "unit-tree-phone")
