"""Every persona's pages pass axe-core with no serious or critical violation (issue 15, "Also": accessibility).

axe-core comes from npm through the lock file (``package.json`` devDependencies, ``npm ci``), never from a
CDN. The pages' CSP admits only the app's own nonce'd scripts, so axe's source is evaluated through the
DevTools protocol (``page.evaluate``), which the CSP does not govern, instead of a ``<script>`` tag the page
would refuse (and the ``page`` fixture would report as a CSP violation).

The live app holds the supervisor's seeded cases (an approved inquiry, a correction past its month, a clue
waiting six weeks, an open incident) and one design draft, so the inbox, case, task, ledger, supervision,
audit and designer pages show real content. Each persona signs in through the login page and visits its
pages; every page's violations are collected and the test fails listing each one's id, impact, help and
targets. The navbar with keyboard focus is kept as screenshots (desktop and 390 px).
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import ProcessDefinition
from engine.models import User
from engine.operations.designs import create_draft
from engine.seed import DEMO_PASSWORD
from tests.browser.test_supervisor import seed_late_cases
from webui import extensions
from webui.config import REPO_ROOT

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def county(live_app) -> dict[str, int]:
    """The supervisor's late cases, and a draft of the Measures' process by sun.designer."""
    ids = seed_late_cases(live_app)
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            actor = Actor(session.execute(select(User).where(User.username == "sun.designer")).scalar_one())
            base = session.execute(select(ProcessDefinition).order_by(ProcessDefinition.id)).scalars().first()
            ids["draft"] = create_draft(session, clock, actor, base.id).id
            ids["process_key"] = base.key
    return ids


def axe_violations(page) -> list[str]:
    """Run axe-core on the page as it is; one line per serious or critical violation."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a devDependency in package-lock.json)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("""async () => {
        // A contrast failure says which colours and ratio, so the fix can be made without re-running.
        const contrast = n => { const d = (n.any[0] || {}).data || {};
            return d.contrastRatio ? ` (${d.fgColor} on ${d.bgColor}: ${d.contrastRatio})` : ''; };
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 6).map(n => n.target.join(' ') + contrast(n))}));
    }""")
    return [f"{page.url}: [{v['impact']}] {v['id']} — {v['help']} — {v['targets']}"
            for v in results if v["impact"] in BLOCKING]


def sign_in(page, username: str, found: list[str]) -> None:
    page.goto("/login")
    found.extend(axe_violations(page))
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def first_link(page, pattern: str) -> str | None:
    """The first link on the page whose path matches ``pattern`` (a case, a task), if any."""
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        if re.fullmatch(pattern, href.split("?")[0]):
            return href
    return None


def visit_all(page, paths: list[str], found: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        page.wait_for_load_state("networkidle")
        found.extend(axe_violations(page))


def pages_of(username: str, ids: dict) -> list[str]:
    inbox = [f"/?tab={tab}" for tab in ("mine", "groups", "due_soon", "overdue", "done")]
    common = ["/notifications", "/account/password", "/account/tokens"]
    return {
        "wang.clerk": inbox + ["/cases", "/start", "/clues/new", f"/cases/{ids['correction']}"] + common,
        "li.deputy": inbox + ["/cases", f"/cases/{ids['inquiry']}"] + common,
        "chen.supervisor": ["/supervise", "/supervise/compliance", "/supervise/incidents", "/supervise/statistics",
                            "/supervise/steps", "/cases", f"/cases/{ids['correction']}"] + common,
        "liu.auditor": ["/audit", f"/audit/cases/{ids['correction']}", "/audit/verify"] + common,
        "sun.designer": ["/designer", f"/designer/drafts/{ids['draft']}", f"/designer/drafts/{ids['draft']}/diff",
                         f"/designer/processes/{ids['process_key']}"] + common,
        "admin": ["/admin/users", "/admin/units", "/admin/settings", "/admin/cadres", "/training/clock",
                  "/reauth"] + common,
        "zheng.org": common,
    }[username]


@pytest.mark.parametrize("username", ["wang.clerk", "li.deputy", "chen.supervisor", "liu.auditor",
                                      "sun.designer", "admin", "zheng.org"])
def test_every_page_of_every_persona_has_no_serious_or_critical_axe_violation(page, county, username):
    found: list[str] = []
    sign_in(page, username, found)
    found.extend(axe_violations(page))  # where the persona lands
    menu = page.eval_on_selector_all("#lj-menu a.nav-link[href^='/']",
                                     "links => links.map(a => a.getAttribute('href'))")
    visit_all(page, list(dict.fromkeys(menu + pages_of(username, county))), found)
    # A task of theirs and a cadre's file, reached as a person would: through the first link on the list.
    reached: list[str] = []
    for listing, pattern in (("/?tab=mine", r"/tasks/\d+"), ("/?tab=groups", r"/tasks/\d+"),
                             ("/cadres", r"/cadres/\d+")):
        if listing not in menu and not listing.startswith("/?"):
            continue  # not this persona's page (the organisation department reads cadres elsewhere)
        if username in ("sun.designer", "liu.auditor", "admin", "zheng.org") and listing.startswith("/?"):
            continue  # no tasks of their own
        page.goto(listing)
        href = first_link(page, pattern)
        if href:
            visit_all(page, [href], found)
            reached.append(href)
    if username == "wang.clerk":  # the clerk's queue holds the seeded clue: the task page was checked
        assert any(href.startswith("/tasks/") for href in reached), reached
    assert not found, f"{len(found)} serious or critical violation(s):\n" + "\n".join(found)


def test_the_phone_layout_has_no_serious_or_critical_axe_violation(page, county):
    """At 390 px, with the menu opened, the clerk's inbox, ledger, case and notifications stay clean."""
    page.set_viewport_size({"width": 390, "height": 844})
    found: list[str] = []
    sign_in(page, "wang.clerk", found)
    page.locator(".navbar-toggler").click()
    page.wait_for_selector("#lj-menu.show")
    found.extend(axe_violations(page))
    visit_all(page, ["/?tab=groups", "/cases", f"/cases/{county['correction']}", "/notifications"], found)
    assert not found, f"{len(found)} serious or critical violation(s):\n" + "\n".join(found)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_navbar_focus_ring_shows_on_the_red_bar(page, county, shot, width):
    """The keyboard focus ring on a navbar link is visible against the red bar (screenshots kept)."""
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, "wang.clerk", [])
    if width < 992:
        page.locator(".navbar-toggler").click()
    link = page.locator("nav.navbar .nav-link").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = link.evaluate("""el => { const s = getComputedStyle(el);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                shadow: s.boxShadow}; }""")
    shot(page, f"a11y-navbar-focus-{width}")
    assert outline["style"] != "none" and outline["width"] >= 2 or outline["shadow"] != "none", outline


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_modeler_palette_and_context_pad_have_chinese_titles(page, county, shot):
    """Every palette and context-pad entry's tooltip is Chinese (issue 15, "Also"; js/designer_translate.js)."""
    sign_in(page, "sun.designer", [])
    page.goto(f"/designer/drafts/{county['draft']}")
    page.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    titles = page.eval_on_selector_all(".djs-palette .entry", "entries => entries.map(e => e.title || '')")
    assert len(titles) >= 10, titles
    assert "开始事件" in titles and "抓手工具:拖动画布" in titles, titles
    english = [t for t in titles if not CJK.search(t)]
    assert not english, f"palette entries without a Chinese title: {english}"
    # The context pad of a task (the rounded rectangle): append, connect, change type, delete.
    page.locator("#designer-canvas .djs-shape:has(> .djs-visual > rect[rx='10'])").first.click()
    page.wait_for_selector(".djs-context-pad .entry")
    pad = page.eval_on_selector_all(".djs-context-pad .entry", "entries => entries.map(e => e.title || '')")
    assert "删除" in pad and "追加结束事件" in pad, pad
    english = [t for t in pad if not CJK.search(t)]
    assert not english, f"context-pad entries without a Chinese title: {english}"
    # The replace menu ("更换元素类型") lists the element types in Chinese too.
    page.locator('.djs-context-pad .entry[data-action="replace"]').click()
    page.wait_for_selector(".djs-popup .entry")
    names = page.eval_on_selector_all(".djs-popup .entry", "entries => entries.map(e => e.innerText.trim())")
    assert "任务" in names and "服务任务" in names, names  # a user task is offered the other kinds
    english = [name for name in names if name and not CJK.search(name)]
    assert not english, f"replace-menu entries in English: {english}"
    shot(page, "a11y-designer-replace-menu-zh")
    page.keyboard.press("Escape")
    page.hover(".djs-palette .entry[title='开始事件']")
    shot(page, "a11y-designer-palette-zh")
