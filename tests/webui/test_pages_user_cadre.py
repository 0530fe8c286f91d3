"""Linking a user and their cadre record on the users page, audited (issue 14 §1): outside the demo, the link
is what enforces "a subject never sees their own case" (第三十三条, SECURITY.md 24)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

import engine
from engine.clock import FixedClock
from engine.models import AuditEvent
from engine.models import Cadre
from engine.models import Unit
from engine.models import User
from tests.webui.conftest import clue_payload
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _user_id(app, username: str) -> int:
    return one(app, select(User.id).where(User.username == username))


def _cadre_id(app, unit_code: str, title: str) -> int:
    return one(app, select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id)
               .where(Unit.code == unit_code, Cadre.position_title == title))


def _linked(app, username: str) -> int | None:
    return one(app, select(User.cadre_id).where(User.username == username))


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context(), extensions.session_factory()() as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.seq)).scalars())


def _inbox_cases(app, username: str) -> set[int]:
    with app.app_context():
        clock = FixedClock(extensions.clock().now())  # before the session takes SQLite's write lock
        with extensions.session_factory()() as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            page = engine.list_tasks(session, clock, user, view="all", per_page=100)
        return {task.case_id for task in page.items}


def test_the_admin_links_and_unlinks_a_user_and_a_cadre_and_both_are_audited(browser, page_app):
    admin = browser("admin")
    zy, deputy = _user_id(page_app, "zy.office"), _cadre_id(page_app, "town-zhengyang", "副镇长")
    assert "副镇长" in text_of(admin.get("/admin/users?q=zy.office"))  # offered from the person's own unit
    linked = admin.post(f"/admin/users/{zy}/cadre", {"cadre_id": str(deputy), "back": "/admin/users?q=zy"})
    assert linked.status_code == 302 and linked.headers["Location"] == "/admin/users?q=zy"
    assert _linked(page_app, "zy.office") == deputy
    [event] = _events(page_app, "user.cadre_linked")
    assert (event.object_id, event.actor_role, event.before) == (str(zy), "admin", {"cadre": None})
    assert event.after["cadre"]["cadre_id"] == deputy
    assert "解除关联" in text_of(admin.get("/admin/users?q=zy.office"))

    unlinked = admin.post(f"/admin/users/{zy}/cadre", {"cadre_id": ""})
    assert unlinked.status_code == 302
    assert _linked(page_app, "zy.office") is None
    [event] = _events(page_app, "user.cadre_unlinked")
    assert (event.before["cadre"]["cadre_id"], event.after) == (deputy, {"cadre": None})


def test_a_cadre_linked_to_another_account_is_refused_and_nothing_changes(browser, page_app):
    admin = browser("admin")
    chief = _cadre_id(page_app, "town-zhengyang", "党委书记")  # the demo links zy.partychief to it
    refused = admin.post(f"/admin/users/{_user_id(page_app, 'zy.office')}/cadre", {"cadre_id": str(chief)})
    assert refused.status_code == 302
    assert "已关联账号" in text_of(admin.get("/admin/users"))
    assert _linked(page_app, "zy.office") is None
    assert _events(page_app, "user.cadre_linked") == []


def test_only_administrators_link(browser, page_app):
    clerk = browser("wang.clerk")
    response = clerk.post(f"/admin/users/{_user_id(page_app, 'xu.clerk')}/cadre",
                          {"cadre_id": str(_cadre_id(page_app, "town-zhengyang", "镇长"))})
    assert response.status_code == 403
    assert _linked(page_app, "xu.clerk") is None


def test_once_linked_a_clerk_no_longer_sees_the_case_about_them(browser, page_app, api):
    """第三十三条: the link is what keeps a subject away from their own case."""
    mayor = _cadre_id(page_app, "town-zhengyang", "镇长")
    case_id = api("xu.clerk").post("/clues", json=clue_payload(mayor)).get_json()["case"]["id"]
    assert case_id in _inbox_cases(page_app, "wang.clerk")
    browser("admin").post(f"/admin/users/{_user_id(page_app, 'wang.clerk')}/cadre", {"cadre_id": str(mayor)})
    assert case_id not in _inbox_cases(page_app, "wang.clerk")
    assert case_id in _inbox_cases(page_app, "xu.clerk")
