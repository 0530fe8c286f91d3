"""The inbox, ledger, case, task and supervisor pages on a 390 px phone (issue 15 §6).

Reported: on a phone the tables pushed the deadline column off-screen, text wrapped one character per line
and the supervisor's page overflowed sideways. Below 768 px each row of those tables is now a card (the
``.lj-stack`` tables, webui/static/css/app.css) headed by its step or case and, right under it, its
deadline; from 768 px the desktop table is unchanged.

The live app holds the supervisor's late cases (an approved inquiry not started within 7 days, 第十七条; a
correction past its month, 第三十条; a clue waiting since 20 October, 第三十三条) and one correction waiting
for the secretary's approval (第十七条), so every page has rows with deadlines, late ones among them. The
clerk (wang.clerk), the leader (zhang.secretary) and the supervisor (chen.supervisor, with the board's other
tabs: statutory deadlines, step durations, statistics, incidents) each open their pages at 390×844; on every
page:

- nothing is wider than the screen (``document.documentElement.scrollWidth`` ≤ 390);
- every row (card) has its deadline, and the deadline lies within the screen's width;
- no text is broken into lines of fewer than three characters, and no table cell is narrower than three
  characters of its font;
- axe-core finds no serious or critical violation (as tests/browser/test_accessibility.py);

and each page is kept as a screenshot at 390 px and at desktop width (1366), where the tables are tables.
"""
from __future__ import annotations

import pytest

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_leaders_experience import UP_TO_APPROVAL
from tests.browser.test_supervisor import Seeder
from tests.browser.test_supervisor import seed_late_cases

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
#: the tables whose rows are one step or case each, every one with its deadline
ROW_TABLES = "#task-table, #case-table, #board-table"

#: What a person would see go wrong on the phone, measured on the page as laid out.
MEASURE = """() => {
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  // Headers kept for screen readers only (out of sight in a 1 px clipped box) are not laid out for the eye.
  const clipped = e => !!e.closest('.visually-hidden, .visually-hidden-focusable')
    || [...document.querySelectorAll('thead')].some(h => h.contains(e) && h.getBoundingClientRect().width <= 1);
  const words = [];   // text broken into lines of fewer than three characters
  const main = document.querySelector('main');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (text.length < 2 || !visible(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (lines.size > 1 && text.length / lines.size < 3) words.push(`"${text.slice(0, 24)}" on ${lines.size} lines`);
  }
  const cells = [];   // table cells with text, narrower than three characters of their font
  for (const cell of main.querySelectorAll('td, th')) {
    const text = cell.innerText.trim();
    if (!text || !visible(cell) || clipped(cell)) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const needed = Math.min(text.length, 3) * parseFloat(style.fontSize) * 0.95;  // a two-character header needs two
    if (inner < needed) cells.push(`"${text.slice(0, 24)}" ${Math.round(inner)} px`);
  }
  const rows = [...document.querySelectorAll('%(rows)s')].flatMap(t => [...t.querySelectorAll(':scope > tbody > tr')])
    .filter(tr => visible(tr) && !tr.matches('.lj-group-row, .lj-actions-row'));  // a heading, a step's action panel
  const deadlines = [...main.querySelectorAll('.lj-deadline')].filter(visible).map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.innerText.trim().replace(/\\s+/g, ' '), left: r.left, right: r.right};
  });
  return {scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, words, cells,
          rows: rows.length, rowsWithDeadline: rows.filter(tr => tr.querySelector('.lj-deadline')).length, deadlines};
}""".replace("%(rows)s", ROW_TABLES)


@pytest.fixture(scope="module")
def county(live_app) -> dict[str, int]:
    """The supervisor's late cases, and a correction waiting for the secretary's approval (第十七条)."""
    ids = seed_late_cases(live_app)
    with live_app.app_context():
        s = Seeder(live_app)
        ids["approval"] = s.register(s.cadre_id("town-anfeng", "镇长"))
        for username, step, data in UP_TO_APPROVAL:
            s.do(ids["approval"], username, step, **data)
    return ids


def first_task(page, listing: str) -> str:
    page.goto(listing)
    return page.locator("#task-table a[href^='/tasks/']").first.get_attribute("href")


def pages_of(page, username: str, county: dict[str, int]) -> dict[str, str]:
    """The persona's pages, by a short name for the screenshots; tasks reached through the inbox."""
    if username == "wang.clerk":
        return {"inbox": "/?tab=groups", "ledger": "/cases", "case": f"/cases/{county['correction']}",
                "task": first_task(page, "/?tab=groups")}
    if username == "zhang.secretary":
        return {"inbox": "/?tab=groups", "case": f"/cases/{county['approval']}",
                "task": first_task(page, "/?tab=groups")}
    return {"supervise": "/supervise", "ledger": "/cases", "case": f"/cases/{county['inquiry']}",
            "compliance": "/supervise/compliance", "steps": "/supervise/steps", "statistics": "/supervise/statistics",
            "incidents": "/supervise/incidents"}


def assert_fits_the_phone(page, where: str) -> dict:
    m = page.evaluate(MEASURE)
    assert m["width"] == PHONE["width"], m["width"]
    assert m["scrollWidth"] <= PHONE["width"], f"{where}: the page is {m['scrollWidth']} px wide on a 390 px screen"
    assert not m["words"], f"{where}: text broken one or two characters per line: {m['words']}"
    assert not m["cells"], f"{where}: table cells narrower than three characters: {m['cells']}"
    assert m["rows"] == m["rowsWithDeadline"], f"{where}: {m['rows'] - m['rowsWithDeadline']} row(s) without a deadline"
    outside = [d for d in m["deadlines"] if d["left"] < 0 or d["right"] > PHONE["width"]]
    assert not outside, f"{where}: deadlines outside the screen: {outside}"
    return m


@pytest.mark.parametrize("username", ["wang.clerk", "zhang.secretary", "chen.supervisor"])
def test_each_page_fits_a_390_px_phone_with_its_deadlines_in_view(sign_in, county, shot, username):
    phone = sign_in(username, PHONE)
    violations: list[str] = []
    for name, path in pages_of(phone, username, county).items():
        phone.goto(path)
        phone.wait_for_load_state("networkidle")
        m = assert_fits_the_phone(phone, f"{username} {path}")
        if name in ("inbox", "ledger", "supervise"):
            assert m["rows"] >= 1, f"{username} {path}: the listing is empty, nothing was checked"
        if name not in ("steps", "statistics", "incidents"):  # durations, counts and failures: no deadlines there
            assert m["deadlines"], f"{username} {path}: no deadline on the page"
        if (username, name) == ("wang.clerk", "task"):  # the inquiry's implementation, 7 days from approval (第十七条)
            heading = m["deadlines"][0]["text"]  # the task's own deadline, beside its name
            assert heading.startswith("期限") and "已逾期" in heading, m["deadlines"]
        violations.extend(axe_violations(phone))  # the cards read as well as the table (axe-core, serious+)
        shot(phone, f"phone-{username.split('.')[1]}-{name}-390")
    assert not violations, "\n".join(violations)
    desktop = sign_in(username, DESKTOP)
    for name, path in pages_of(desktop, username, county).items():
        desktop.goto(path)
        desktop.wait_for_load_state("networkidle")
        # From 768 px up the rows are table rows again, one line per step or case with its columns.
        for table in desktop.locator(ROW_TABLES).all():
            assert table.evaluate("t => getComputedStyle(t).display") == "table"
            assert table.locator("thead").is_visible()
        shot(desktop, f"phone-{username.split('.')[1]}-{name}-1366")


def test_the_late_steps_deadline_heads_its_card_and_the_supervisors_panel_fits(sign_in, county, shot):
    """On the phone a card shows its step, then its deadline: no scrolling sideways to find how late it is.
    The supervisor's remind / reassign / comment panel opens inside the card's width."""
    phone = sign_in("chen.supervisor", PHONE)
    phone.goto("/supervise")
    row = phone.locator("#board-table tr[data-task-id]").filter(has_text="确定实施方式")
    title, deadline = row.locator("td.lj-stack-title"), row.locator("td.lj-deadline")
    # the inquiry's implementation was due 7 days after its approval on 2 November (第十七条)
    assert deadline.locator(".badge.text-bg-danger").inner_text().startswith("已逾期")
    title_box, deadline_box = title.bounding_box(), deadline.bounding_box()
    assert deadline_box["y"] >= title_box["y"] + title_box["height"] - 1, "the deadline is not under the step's name"
    for cell in row.locator("td").all():  # the case, type, unit, assignee and notes come after the deadline
        kinds = (cell.get_attribute("class") or "").split()
        if cell.is_visible() and "lj-stack-title" not in kinds and "lj-deadline" not in kinds:
            assert cell.bounding_box()["y"] >= deadline_box["y"] + deadline_box["height"] - 1
    task_id = row.get_attribute("data-task-id")
    row.get_by_role("button", name="督办").click()
    panel = phone.locator(f"#act-{task_id}")
    panel.locator("textarea[name=message]").wait_for(state="visible")
    assert_fits_the_phone(phone, "chen.supervisor /supervise, panel open")
    box = panel.locator("form").last.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(phone, "phone-supervisor-panel-390")
