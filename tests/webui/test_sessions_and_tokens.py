"""Issue 14 §3.4–3.7 and §3.10: sessions end on the server, password checks are throttled and audited, API
tokens expire and die, sign-in lockout runs on wall time per account and per address, refusals are audited.

Each test replays the attack the issue reports and shows it now fails. The app is the demo county whose
users sign in with the demo password; ``wall`` is its wall clock, stepped by hand.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.models import ApiToken
from engine.models import AuditEvent
from engine.models import User
from engine.seed import DEMO_PASSWORD
from engine.tokens import TokenPurpose
from tests.webui.conftest import Api
from tests.webui.conftest import ApiWalker
from tests.webui.conftest import issue
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions

NEW_PASSWORD = "another-pass-2026"


@pytest.fixture()
def app(page_app):
    return page_app


def _actions(app, action: str) -> int:
    return one(app, select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def _user(app, username: str) -> User:
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(User).where(User.username == username)).scalar_one()


def _replay(app, cookie: str):
    """A second browser presenting a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/")


# --- §3.4: the session ends on the server ------------------------------------------------------------------


def test_a_session_cookie_replayed_after_sign_out_is_refused(app, browser):
    clerk = browser("wang.clerk")
    cookie = clerk.client.get_cookie("session").value
    assert _replay(app, cookie).status_code == 200
    clerk.post("/logout")
    assert _replay(app, cookie).status_code == 302  # to the sign-in page: the session is dead on the server


def test_a_session_cookie_replayed_after_a_password_change_is_refused(app, browser):
    clerk = browser("wang.clerk")
    cookie = clerk.client.get_cookie("session").value
    clerk.get("/account/password")
    clerk.post("/account/password", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD,
                                     "confirm_password": NEW_PASSWORD})
    assert clerk.get("/").status_code == 200  # the browser that changed it stays signed in
    assert _replay(app, cookie).status_code == 302


def test_the_session_cookie_carries_no_password_hash_material(app, browser):
    clerk = browser("wang.clerk")
    cookie = clerk.client.get_cookie("session").value
    with app.app_context():
        content = app.session_interface.get_signing_serializer(app).loads(cookie)
    user = _user(app, "wang.clerk")
    assert content["_user_id"] == f"{user.id}:{user.session_version}"
    digest = user.password_hash.rsplit("$", 1)[-1]
    assert not any(digest[i:i + 8] in str(content) for i in range(0, len(digest) - 8, 4))


# --- §3.5: confirming or changing the password is throttled and audited like signing in -----------------


def test_wrong_passwords_at_the_reauthentication_are_audited_and_lock_the_account(app, browser, wall):
    secretary = browser("zhang.secretary")
    secretary.get("/reauth")
    for _ in range(5):
        assert secretary.post("/reauth", {"password": "wrong", "next": "/"}).status_code == 401
        wall.advance(seconds=10)
    assert _actions(app, "reauth.failed") == 5
    locked = secretary.post("/reauth", {"password": DEMO_PASSWORD, "next": "/"})
    assert locked.status_code == 429 and "锁定" in text_of(locked)
    assert _actions(app, "reauth.throttled") == 1
    # the same lock holds at the sign-in page: guessing here is no cheaper than there
    assert browser().post("/login", {"username": "zhang.secretary", "password": DEMO_PASSWORD}).status_code == 429


def test_a_locked_out_user_reading_english_is_told_in_english_when_to_try_again(app, browser, wall):
    """Issue 14 §3.7: the lockout says plainly when the user may try again, in the reader's language."""
    secretary = browser("zhang.secretary")
    assert secretary.post("/language", {"lang": "en", "next": "/"}).status_code == 302
    secretary.get("/reauth")
    wrong = secretary.post("/reauth", {"password": "wrong", "next": "/"})
    assert wrong.status_code == 401 and "The password is not correct" in text_of(wrong)
    for _ in range(4):
        secretary.post("/reauth", {"password": "wrong", "next": "/"})
        wall.advance(seconds=10)
    locked = text_of(secretary.post("/reauth", {"password": DEMO_PASSWORD, "next": "/"}))
    assert re.search(r"the account is locked for now\. Try again in \d+ minutes, or ask an administrator", locked)
    assert "锁定" not in locked



def test_a_wrong_current_password_at_the_password_change_is_audited_and_throttled(app, browser, wall):
    clerk = browser("wang.clerk")
    clerk.get("/account/password")
    for _ in range(5):
        response = clerk.post("/account/password", {"current_password": "wrong", "new_password": NEW_PASSWORD,
                                                    "confirm_password": NEW_PASSWORD})
        assert response.status_code == 401
        wall.advance(seconds=10)
    assert _actions(app, "password_change.failed") == 5
    response = clerk.post("/account/password", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD,
                                                "confirm_password": NEW_PASSWORD})
    assert response.status_code == 429
    assert _user(app, "wang.clerk").password_hash == _user(app, "xu.clerk").password_hash  # unchanged


# --- §3.6: API tokens ------------------------------------------------------------------------------------------


def _api(app, username: str, purpose: TokenPurpose = TokenPurpose.API) -> Api:
    return Api(app.test_client(), issue(app, username, purpose))


def test_a_token_expires_on_wall_time(app, wall):
    clerk = _api(app, "wang.clerk")
    assert clerk.get("/me").status_code == 200
    wall.advance(days=89)
    assert clerk.get("/me").status_code == 200
    wall.advance(days=2)
    assert clerk.get("/me").status_code == 401


def test_a_user_lists_and_revokes_their_own_tokens_and_not_anothers(app):
    clerk, other = _api(app, "wang.clerk"), _api(app, "xu.clerk")
    listed = clerk.get("/tokens").get_json()["items"]
    assert [t["purpose"] for t in listed] == ["api"] and not listed[0]["revoked"]
    assert "token" not in listed[0] and "token_sha256" not in listed[0]
    others = other.get("/tokens").get_json()["items"][0]["id"]
    assert clerk.post(f"/tokens/{others}/revoke").status_code == 404
    assert clerk.post(f"/tokens/{listed[0]['id']}/revoke").get_json()["revoked"] is True
    assert clerk.get("/me").status_code == 401
    assert other.get("/me").status_code == 200
    assert _actions(app, "token.revoked") == 1


def _new_token_on_the_page(response) -> str:
    found = re.search(r'id="new-token-value" value="([^"]+)"', response.get_data(as_text=True))
    assert found, "the new token is shown on the answer itself"
    return found.group(1)


def test_a_user_makes_an_api_token_on_their_own_page_with_their_password(app, browser):
    """Issue 14 §3.6: a person gets a token without the command line; issuing it asks for the password."""
    clerk = browser("wang.clerk")
    assert "还没有接口令牌" in text_of(clerk.get("/account/tokens"))
    wrong = clerk.post("/account/tokens", {"label": "待办统计脚本", "password": "wrong"})
    assert wrong.status_code == 401 and "密码不正确" in text_of(wrong) and 'id="new-token"' not in text_of(wrong)
    assert _actions(app, "token.issued") == 0
    made = clerk.post("/account/tokens", {"label": "待办统计脚本", "password": DEMO_PASSWORD})
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    token = _new_token_on_the_page(made)
    assert Api(app.test_client(), token).get("/me").get_json()["username"] == "wang.clerk"
    assert _actions(app, "token.issued") == 1
    listing = text_of(clerk.get("/account/tokens"))
    assert "待办统计脚本" in listing and "有效" in listing and token not in listing  # shown once, never again


def test_a_token_label_longer_than_allowed_is_refused_and_nothing_is_issued(app, browser):
    clerk = browser("wang.clerk")
    clerk.get("/account/tokens")
    refused = clerk.post("/account/tokens", {"label": "脚" * 65, "password": DEMO_PASSWORD})
    assert refused.status_code == 422 and "令牌用途不超过64个字" in text_of(refused)
    assert one(app, select(func.count()).select_from(ApiToken)) == 0


def test_a_user_revokes_their_own_token_on_the_page_and_cannot_touch_anothers(app, browser):
    clerk, other = _api(app, "wang.clerk"), _api(app, "xu.clerk")
    mine = clerk.get("/tokens").get_json()["items"][0]["id"]
    others = other.get("/tokens").get_json()["items"][0]["id"]
    page = browser("wang.clerk")
    page.get("/account/tokens")
    assert page.post(f"/account/tokens/{others}/revoke").status_code == 404
    assert other.get("/me").status_code == 200
    assert page.post(f"/account/tokens/{mine}/revoke").status_code == 302
    assert clerk.get("/me").status_code == 401
    assert "已撤销" in text_of(page.get("/account/tokens"))


def test_an_administrator_revokes_anyones_tokens(app, browser):
    clerk = _api(app, "wang.clerk")
    token_id = clerk.get("/tokens").get_json()["items"][0]["id"]
    assert _api(app, "admin").post(f"/tokens/{token_id}/revoke").status_code == 200
    assert clerk.get("/me").status_code == 401

    second = _api(app, "xu.clerk")
    admin = browser("admin")
    page = text_of(admin.get("/admin/users?q=xu.clerk"))
    assert "撤销接口令牌(1)" in page
    admin.post("/reauth", {"password": DEMO_PASSWORD, "next": "/admin/users"})
    response = admin.post(f"/admin/users/{_user(app, 'xu.clerk').id}/tokens/revoke", {"back": "/admin/users"})
    assert response.status_code == 302
    assert second.get("/me").status_code == 401


def test_tokens_die_with_a_password_change_and_with_deactivation(app, browser):
    clerk = _api(app, "wang.clerk")
    page = browser("wang.clerk")
    page.get("/account/password")
    page.post("/account/password", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD,
                                    "confirm_password": NEW_PASSWORD})
    assert clerk.get("/me").status_code == 401

    other = _api(app, "xu.clerk")
    admin = browser("admin")
    admin.post("/reauth", {"password": DEMO_PASSWORD, "next": "/admin/users"})
    user_id = _user(app, "xu.clerk").id
    admin.post(f"/admin/users/{user_id}/active", {"active": "false", "back": "/admin/users"})
    admin.post(f"/admin/users/{user_id}/active", {"active": "true", "back": "/admin/users"})
    assert _user(app, "xu.clerk").active
    assert other.get("/me").status_code == 401  # reactivation does not revive it
    assert one(app, select(func.count()).select_from(ApiToken).where(ApiToken.revoked.is_(False))) == 0


def test_a_decision_through_the_api_needs_a_token_issued_on_password_entry(app, api, ids, registered_case):
    # 第十七条: the secretary approves an ordered correction; on the pages that takes the password again.
    walk = ApiWalker(api, ids, registered_case()["case"]["id"])
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="correction", facts="违规收受礼金2000元", grounds="第九条")
    walk.do("wang.clerk", "preliminary_check", method="preliminary_check", finished_on="2026-11-02",
            findings="经初核,反映问题基本属实", check_conclusion="confirmed")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议予以责令纠错", basis="第九条、第十七条")
    task_id = ids.open_task(walk.case_id, "approve_correction")
    decision = {"data": {"approval_decision": "approved", "decided_on": "2026-11-02"}, "opinion": "同意"}

    secretary = _api(app, "zhang.secretary")
    refused = secretary.post(f"/tasks/{task_id}/complete", json=decision)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "fresh_token_required"
    assert secretary.post("/tokens/fresh", json={"password": "wrong"}).status_code == 401
    assert _actions(app, "reauth.failed") == 1
    fresh = secretary.post("/tokens/fresh", json={"password": DEMO_PASSWORD})
    assert fresh.status_code == 201
    body = fresh.get_json()
    assert dt.datetime.fromisoformat(body["expires_at"]) <= dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    done = Api(app.test_client(), body["token"]).post(f"/tasks/{task_id}/complete", json=decision)
    assert done.status_code == 200, done.get_json()


# --- §3.7: sign-in lockout --------------------------------------------------------------------------------------


def _fail(client, username: str):
    return client.post("/login", {"username": username, "password": "wrong"})


def test_the_lockout_runs_on_wall_time_whatever_the_demo_clock_does(app, browser, wall):
    client = browser()
    client.get("/login")
    for _ in range(5):
        assert _fail(client, "wang.clerk").status_code == 401
        wall.advance(seconds=10)
    assert client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD}).status_code == 429
    # an administrator moving the shared demo clock a day ahead does not unlock it ...
    admin = browser("admin")
    admin.get("/training/clock")
    assert admin.post("/training/clock", {"date": "2026-11-03"}).status_code == 302
    assert client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD}).status_code == 429
    # ... while fifteen minutes of real time do, though the demo clock stood still
    wall.advance(minutes=15)
    assert client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD}).status_code == 302


def test_the_third_failure_in_a_row_costs_a_delay_before_the_lockout(app, browser, wall):
    client = browser()
    client.get("/login")
    for _ in range(3):
        assert _fail(client, "wang.clerk").status_code == 401
    delayed = _fail(client, "wang.clerk")
    assert delayed.status_code == 429 and "秒后再试" in text_of(delayed)
    wall.advance(seconds=3)
    assert _fail(client, "wang.clerk").status_code == 401


def test_one_addresss_failures_slow_it_down_but_never_lock_out_its_colleagues(app, browser, wall):
    client = browser()
    client.get("/login")
    for n in range(30):  # thirty different names, one guess each: an address guessing widely
        response = _fail(client, f"nobody{n}")
        assert response.status_code == 401, n
        wall.advance(seconds=31)
    assert _fail(client, "nobody-more").status_code == 401  # slowed (30 s apart), never locked
    assert _fail(client, "nobody-else").status_code == 429  # without the wait, refused for now
    wall.advance(seconds=31)
    assert client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD}).status_code == 302


def test_an_administrator_unlocks_an_account_from_the_users_page(app, browser, wall):
    client = browser()
    client.get("/login")
    for _ in range(5):
        _fail(client, "wang.clerk")
        wall.advance(seconds=10)
    admin = browser("admin")
    page = text_of(admin.get("/admin/users?q=wang.clerk"))
    assert "登录已锁定" in page and "解除锁定" in page
    response = admin.post(f"/admin/users/{_user(app, 'wang.clerk').id}/unlock", {"back": "/admin/users"})
    assert response.status_code == 302
    assert _actions(app, "user.unlocked") == 1
    assert "登录已锁定" not in text_of(admin.get("/admin/users?q=wang.clerk"))
    assert client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD}).status_code == 302


def test_only_an_administrator_unlocks(app, browser):
    clerk = browser("xu.clerk")
    assert clerk.post(f"/admin/users/{_user(app, 'wang.clerk').id}/unlock").status_code == 403
    assert _actions(app, "user.unlocked") == 0


# --- §3.10: refused tokens and CSRF checks are audited, within a budget ---------------------------------------


def test_bad_tokens_and_csrf_failures_are_audited_without_flooding_the_log(app, browser, wall):
    stranger = Api(app.test_client(), "not-a-token")
    for _ in range(25):
        assert stranger.get("/me").status_code == 401
    assert _actions(app, "token.refused") == 10  # the rest of the minute is answered but not written
    wall.advance(seconds=61)
    assert stranger.get("/me").status_code == 401
    assert _actions(app, "token.refused") == 11
    assert Api(app.test_client(), None).get("/me").status_code == 401  # no token at all: nothing to audit
    assert _actions(app, "token.refused") == 11

    clerk = browser("wang.clerk")
    for _ in range(12):
        assert clerk.post("/notifications/read-all", csrf=False).status_code == 400
    assert _actions(app, "csrf.refused") == 10
    # an office's expired pages do not slow down its sign-ins
    assert browser().post("/login", {"username": "xu.clerk", "password": DEMO_PASSWORD}).status_code == 302
