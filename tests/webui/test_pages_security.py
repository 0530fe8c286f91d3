"""The pages' security requirements (SECURITY.md 20–28), one scenario each."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import ApiToken
from engine.models import Attachment
from engine.models import AuditEvent
from engine.models import Case
from engine.models import DesignDraft
from engine.models import Document
from engine.models import Notification
from engine.models import ProcessInstance
from engine.models import RoleAssignment
from engine.models import StartSchedule
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.seed import DEMO_PASSWORD
from processes.info_network.models import InfoItem
from processes.info_network.network_models import InvitedAppointment
from processes.risk_points.flow_chart import seed_xml
from processes.risk_points.models import PowerFlowChart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import ReidentificationRequest
from processes.risk_points.register import create_risk_point
from tests.webui.conftest import ApiWalker
from tests.webui.conftest import approve_correction_up_to_receipt
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.conftest import issue
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _user(app, username: str) -> User:
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(User).where(User.username == username)).scalar_one()


def test_unknown_user_and_wrong_password_get_the_same_answer(browser):
    client = browser()
    client.get("/login")
    wrong = client.post("/login", {"username": "wang.clerk", "password": "not-the-password"})
    unknown = client.post("/login", {"username": "nobody.here", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in text_of(wrong)

    def message(response):
        return text_of(response).split('id="login-error">')[1].split("<")[0]

    assert message(wrong) == message(unknown)


def test_five_failures_in_fifteen_minutes_lock_the_account_even_for_the_right_password(browser, page_app, wall):
    client = browser()
    client.get("/login")
    for _ in range(5):
        assert client.post("/login", {"username": "wang.clerk", "password": "wrong"}).status_code == 401
        wall.advance(seconds=10)  # past the short delay the third and fourth failures cost (issue 14 §3.7)
    locked = client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in text_of(locked)
    with page_app.app_context(), extensions.session_factory()() as session:
        actions = session.execute(select(AuditEvent.action)).scalars().all()
    assert actions.count("login.failed") == 5 and "login.throttled" in actions


def test_a_successful_sign_in_upgrades_a_weaker_password_hash(browser, page_app):
    with page_app.app_context(), unit_of_work(extensions.session_factory()) as session:
        user = session.execute(select(User).where(User.username == "wang.clerk")).scalar_one()
        user.password_hash = generate_password_hash(DEMO_PASSWORD, method="pbkdf2:sha256:600000")
    browser("wang.clerk")
    assert _user(page_app, "wang.clerk").password_hash.startswith("scrypt:131072:8:1$")


def test_sign_in_goes_only_to_a_relative_next_address(browser):
    client = browser()
    client.get("/login")
    response = client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD,
                                      "next": "https://evil.example/phish"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_pages_need_a_signed_in_user(browser):
    response = browser().get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_session_cookie_is_http_only_and_same_site_lax(browser):
    client = browser()
    client.get("/login")
    response = client.post("/login", {"username": "wang.clerk", "password": DEMO_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_settings_mark_the_session_cookie_secure():
    from webui import config

    settings = config.load({"ENV": "production", "SECRET_KEY": "k" * 10 + "abcdefghijklmnopqrstuvwxyz",
                            "DATABASE_URL": "sqlite:////tmp/lianjing-config-check.sqlite3"}, environ={})
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_every_state_changing_page_refuses_a_request_without_the_csrf_token(browser, page_app):
    """SECURITY.md 20: iterate the URL map; every non-GET page route refuses a tokenless request."""
    client = browser("admin")
    checked = 0
    for rule in page_app.url_map.iter_rules():
        methods = rule.methods - {"GET", "HEAD", "OPTIONS"}
        if not methods or rule.rule.startswith("/api/") or rule.endpoint == "static":
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", "1").replace(f"<{name}>", "1")
        for method in methods:
            response = client.client.open(url, method=method, data={})
            assert response.status_code == 400, (method, url, response.status_code)
            assert "页面已过期" in text_of(response)
            checked += 1
    assert checked >= 8


def test_logout_clears_the_session(browser):
    client = browser("wang.clerk")
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_changing_the_password_signs_out_other_browsers(browser):
    first = browser("wang.clerk")
    second = browser("wang.clerk")
    first.get("/account/password")
    response = first.post("/account/password", {"current_password": DEMO_PASSWORD, "new_password": "a-new-pass-2026",
                                                "confirm_password": "a-new-pass-2026"})
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_the_auditor_reads_but_cannot_change_anything(browser, correction_case):  # noqa: F811
    auditor = browser("liu.auditor")
    case_page = auditor.get(f"/cases/{correction_case.case_id}")
    assert case_page.status_code == 200
    task_id = correction_case.ids.open_task(correction_case.case_id, "await_rectification")
    assert auditor.get(f"/tasks/{task_id}").status_code == 200
    response = auditor.post(f"/tasks/{task_id}/claim")
    assert response.status_code == 403
    assert "只读" in text_of(response)


def test_a_user_of_another_unit_gets_not_found_for_every_object_of_the_case(browser, correction_case):  # noqa: F811
    """SECURITY.md 24: every route taking an id, tried by an out-of-scope user → 404."""
    walk = correction_case
    insider = browser("wang.clerk")
    case_page = text_of(insider.get(f"/cases/{walk.case_id}"))
    document_ids = sorted({int(part.split('"')[0]) for part in case_page.split('href="/documents/')[1:]
                           if part.split('"')[0].isdigit()})
    task_id = walk.ids.open_task(walk.case_id, "await_rectification")
    outsider = browser("wb.office")
    urls = [f"/cases/{walk.case_id}", f"/tasks/{task_id}", f"/tasks/{task_id}/diagram.bpmn",
            *[f"/documents/{d}" for d in document_ids], *[f"/documents/{d}.docx" for d in document_ids]]
    assert document_ids, "the correction case has issued documents"
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"/tasks/{task_id}/claim").status_code == 404


@pytest.fixture()
def case_about_the_town_party_chief(registered_case, api, ids) -> ApiWalker:
    """An ordered correction about the 正阳关镇 party chief, who is himself a user (zy.partychief)."""
    walk = ApiWalker(api, ids, registered_case(subject_cadre_id=ids.cadre_id(title="党委书记"))["case"]["id"])
    approve_correction_up_to_receipt(walk)
    return walk


def test_the_subject_of_a_case_never_sees_it(browser, page_app, case_about_the_town_party_chief):
    """The 正阳关镇 party chief is himself a cadre; a case about him is hidden from him (SECURITY.md 24),
    though he reads the town's other cases as its party committee."""
    with page_app.app_context(), unit_of_work(extensions.session_factory()) as session:
        chief = session.execute(select(User).where(User.username == "zy.partychief")).scalar_one()
        case = session.get(Case, case_about_the_town_party_chief.case_id)
        assert chief.cadre_id is not None and case.cadre_id == chief.cadre_id
    response = browser("zy.partychief").get(f"/cases/{case_about_the_town_party_chief.case_id}")
    assert response.status_code == 404
    assert browser("wang.clerk").get(
        f"/cases/{case_about_the_town_party_chief.case_id}").status_code == 200


def test_an_upload_over_the_attachment_limit_is_refused_with_413(browser, correction_case):  # noqa: F811
    task_id = correction_case.ids.open_task(correction_case.case_id, "await_rectification")
    clerk = browser("wang.clerk")
    clerk.get(f"/tasks/{task_id}")
    # The body is built here as bytes: the test client would spool a large dict body to a temporary file
    # that it never closes.
    boundary = "lianjing-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{clerk.token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode() + b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024) + \
        f"\r\n--{boundary}--\r\n".encode()
    response = clerk.client.post(f"/tasks/{task_id}/attachments", data=body,
                                 content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "上传内容过大" in text_of(response)


def test_lists_clamp_per_page(browser):
    response = browser("wang.clerk").get("/?per_page=100000")
    assert response.status_code == 200


def test_the_page_csp_forbids_inline_scripts_and_framing(browser):
    response = browser().get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


def _objects_of_the_case(app, browser, walk) -> dict[str, int | str]:
    """One real object for every kind of id a page route takes, all belonging to the correction case."""
    task_id = walk.ids.open_task(walk.case_id, "await_rectification")
    clerk = browser("wang.clerk")
    clerk.get(f"/tasks/{task_id}")
    clerk.client.post(f"/tasks/{task_id}/attachments", content_type="multipart/form-data",
                      data={"csrf_token": clerk.token, "file": (io.BytesIO(b"%PDF-1.4\n%x\n"), "报告.pdf")})
    designer = browser("sun.designer")
    designer.get("/designer")
    with app.app_context(), extensions.session_factory()() as session:
        definition_id = session.execute(select(ProcessInstance.definition_id)
                                        .where(of_case(ProcessInstance, walk.case_id))).scalar_one()
    designer.post("/designer/drafts/new", {"from": str(definition_id)})
    issue(app, "wang.clerk")  # an API token of the clerk's own (我的接口令牌, issue 14 §3.6)
    with app.app_context():
        now = extensions.clock().now()
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        # an information item about the case's cadre (issue 13): the county's network reads it, no town's office
        case = session.get(Case, walk.case_id)
        item = InfoItem(category="conduct", source="public", cadre_id=case.cadre_id, facts="群众反映。",
                        reported_on=case.opened_on, year=case.opened_on.year, verified=False,
                        created_at=now)
        session.add(item)
        # an invited officer's term appointed by the county (「002 一(三)2」): the county's office or centre only
        county = session.execute(select(Unit.id).where(Unit.parent_id.is_(None))).scalar_one()
        appointment = InvitedAppointment(user_id=session.execute(select(User.id).where(
            User.username == "wang.clerk")).scalar_one(), appointing_unit_id=county, constituency="npc_deputy",
            term_start=case.opened_on, term_end=case.opened_on, created_at=now)
        session.add(appointment)
        session.flush()
        item_id, appointment_id = item.id, appointment.id
        # a power item of the clerk's unit with its flow chart (issue 12 §1): the register's readers only
        clerk_unit = session.execute(select(User.unit_id).where(User.username == "wang.clerk")).scalar_one()
        power = PowerItem(unit_id=clerk_unit, code="SEC-001", name="行政处罚决定", major=True,
                          flow_chart_key="power_chart_sec")
        session.add(power)
        session.flush()
        session.add(PowerFlowChart(power_item_id=power.id, key="power_chart_sec", xml=seed_xml("power_chart_sec", "x"),
                                   version=1, created_at=now, updated_at=now))
        power_item_id = power.id
        # a re-identification request of the clerk's unit (「004 六」): the unit's register editors only
        reidentification = ReidentificationRequest(unit_id=clerk_unit, trigger="power_item", power_item_id=power.id,
                                                   change={"name": ["行政处罚", "行政处罚决定"]}, points=[],
                                                   opened_at=now)
        session.add(reidentification)
        session.flush()
        reidentification_id = reidentification.id
        # a risk point of the clerk's unit (issue 12 §2): the register's readers only
        risk_point_id = create_risk_point(session, FixedClock(now), SYSTEM, clerk_unit, {
            "scope": "unit", "risk_type": "post_duty", "level": 3, "title": "行政处罚", "manifestations": "选择性执法",
            "measures": [{"text": "集体研究", "owner": "镇长", "check_method": "抽查案卷"}]}).id
    with app.app_context(), extensions.session_factory()() as session:
        clerk_user = session.execute(select(User).where(User.username == "wang.clerk")).scalar_one()
        return {
            "task_id": task_id,
            "case_id": walk.case_id,
            "definition_id": definition_id,
            "document_id": session.execute(select(Document.id).where(of_case(Document, walk.case_id)))
            .scalars()
            .first(),
            "attachment_id": session.execute(select(Attachment.id)).scalar_one(),
            "notification_id": session.execute(select(Notification.id).where(Notification.user_id == clerk_user.id))
            .scalars()
            .first(),
            "cadre_id": session.get(Case, walk.case_id).cadre_id,
            "unit_id": clerk_user.unit_id,
            "user_id": clerk_user.id,
            "assignment_id": session.execute(select(RoleAssignment.id).where(RoleAssignment.user_id == clerk_user.id))
            .scalars()
            .first(),
            "draft_id": session.execute(select(DesignDraft.id)).scalars().first(),
            "incident_id": 1,
            "request_id": 1,  # a role grant request (issue 14 §3.12): administrators only
            "key": "warning_case",
            "item_id": item_id,
            "power_item_id": power_item_id,
            "reidentification_id": reidentification_id,
            "risk_point_id": risk_point_id,
            "appointment_id": appointment_id,
            "token_id": session.execute(select(ApiToken.id).where(ApiToken.user_id == clerk_user.id)).scalars().first(),
            "schedule_id": session.execute(select(StartSchedule.id)).scalars().first(),  # administrators only
        }


@pytest.mark.parametrize(("username", "case_fixture"), [("wb.office", "correction_case"),
                                                       ("zy.partychief", "case_about_the_town_party_chief")])
def test_every_page_route_taking_an_id_refuses_an_outsider_and_the_subject(browser, page_app, request, username,
                                                                           case_fixture):
    """SECURITY.md 24: every page route with an id in its path, tried by a clerk of another town and by the
    case's own subject (the 正阳关镇 party chief is a cadre himself), answers 403 or 404."""
    objects = _objects_of_the_case(page_app, browser, request.getfixturevalue(case_fixture))
    assert all(value is not None for value in objects.values()), objects
    stranger = browser(username)
    stranger.get("/")
    tried = []
    for rule in page_app.url_map.iter_rules():
        if not rule.arguments or rule.rule.startswith("/api/") or rule.endpoint == "static":
            continue
        unknown = rule.arguments - set(objects)
        assert not unknown, f"{rule.rule}: give this test an object for {sorted(unknown)}"
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", str(objects[name])).replace(f"<{name}>", str(objects[name]))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = stranger.get(url) if method == "GET" else stranger.post(url, {})
            assert response.status_code in (403, 404), (username, method, url, response.status_code)
            tried.append((method, url))
    assert len(tried) >= 30


# Numbers past PostgreSQL's integer keys (SQLite's end at 2**63): typed into a URL or a tampered form, they
# must read as "no such thing", never overflow in the database as a 500.
PAST_ANY_ROW = (2**31, 2**63, 10**30)
NUMBER_PARAMETERS = {
    "admin": ["/admin/users?unit_id={n}", "/admin/users?page={n}", "/notifications?page={n}"],
    "chen.supervisor": ["/supervise?unit_id={n}", "/supervise?page={n}", "/cadres?unit_id={n}", "/cadres?page={n}",
                        "/cadres?per_page={n}", "/cases/{n}", "/tasks/{n}", "/cadres/{n}"],
    "sun.designer": ["/designer/versions?left={n}"],
}


def test_a_number_no_row_can_have_never_breaks_a_page(browser):
    for user, paths in NUMBER_PARAMETERS.items():
        client = browser(user)
        for path in paths:
            for number in PAST_ANY_ROW:
                response = client.get(path.format(n=number))
                assert response.status_code in (200, 404), (user, path.format(n=number), response.status_code)
