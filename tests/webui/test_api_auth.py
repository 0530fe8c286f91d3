"""Bearer tokens, read-only roles and the audit of refusals (SECURITY.md 24–26)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy import update

from engine.models import ApiToken
from engine.models import AuditEvent
from engine.models import User
from webui import extensions

LOGIN_MESSAGE = "请先登录或提供有效令牌"


def _sample_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?\w+>", "1", rule)


def test_every_api_route_but_the_document_needs_a_token(app, api):
    anonymous = api(None)
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.rule.endswith("openapi.json"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = anonymous.client.open(_sample_path(rule.rule), method=method, json={})
            assert response.status_code == 401, (method, rule.rule)
            error = response.get_json()["error"]
            assert error["code"] == "unauthorized"
            assert error["message"] == LOGIN_MESSAGE
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic d2FuZzpsaWFuamluZw==", "Bearer ", "bearer"])
def test_bad_tokens_are_refused(api, header):
    response = api(None).get("/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == LOGIN_MESSAGE


def test_a_valid_token_signs_in(api):
    response = api("wang.clerk").get("/me")
    assert response.status_code == 200
    body = response.get_json()
    assert body["username"] == "wang.clerk"
    assert {"role": "warning_office", "role_label": "预警办"}.items() <= body["roles"][0].items()
    assert body["clock"] == "manual"
    assert body["today"] == "2026-11-02"


def test_revoked_tokens_and_inactive_users_are_refused(app, api):
    clerk = api("wang.clerk")
    with app.app_context(), extensions.session_factory()() as session, session.begin():
        session.execute(update(ApiToken).values(revoked=True))
    assert clerk.get("/me").status_code == 401
    other = api("xu.clerk")
    with app.app_context(), extensions.session_factory()() as session, session.begin():
        session.execute(update(User).where(User.username == "xu.clerk").values(active=False))
    assert other.get("/me").status_code == 401


def test_tokens_are_stored_only_as_hashes(app, token_for):
    token = token_for("wang.clerk")
    with app.app_context(), extensions.session_factory()() as session:
        stored = session.execute(select(ApiToken.token_sha256)).scalars().all()
    assert token not in stored
    assert all(len(h) == 64 for h in stored)


def test_auditor_cannot_post_anything(app, api):
    auditor = api("liu.auditor")
    posts = [r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1") and "POST" in r.methods]
    assert posts
    for rule in posts:
        response = auditor.client.post(_sample_path(rule), json={}, headers=auditor._headers(None))
        assert response.status_code == 403, rule
        assert response.get_json()["error"]["code"] == "read_only_role"
    with app.app_context(), extensions.session_factory()() as session:
        stmt = select(AuditEvent).where(AuditEvent.action == "access.denied")
        denied = session.execute(stmt).scalars().all()
    assert len(denied) == len(posts)
    assert all(e.source_ip == "127.0.0.1" and e.actor_name == "刘审计" for e in denied)


def test_auditor_may_read(api):
    auditor = api("liu.auditor")
    assert auditor.get("/cases").status_code == 200
    assert auditor.get("/audit/verify").get_json()["ok"] is True


def test_security_headers_on_api_responses(api):
    response = api("wang.clerk").get("/me")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_id_routes_hide_the_objects_of_other_units(app, registered_case, api, ids):
    case_id = registered_case()["case"]["id"]
    values = {"task_id": ids.open_task(case_id, "screen_clue"), "case_id": case_id}
    town = api("zy.office")
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or not rule.arguments or not rule.arguments <= set(values):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            body = {"data": {"routing": "dismiss", "reason": "了结"}} if method == "POST" else None
            response = town.client.open(path, method=method, json=body, headers=town._headers(None))
            assert response.status_code == 404, (method, path)
            checked += 1
    assert checked >= 6


def test_unexpected_errors_are_a_bare_json_500(make_app):
    app = make_app()

    def boom():
        raise RuntimeError("connection string with a password")

    app.add_url_rule("/api/v1/boom", "boom", boom)
    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json() == {"error": {"code": "internal_error", "message": "服务器内部错误,请稍后再试",
                                             "details": None}}
