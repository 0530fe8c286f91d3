"""``Idempotency-Key`` on POST /api/v1/clues and task completion (issue 14 §2): a retried request whose answer
was lost does not register a clue twice or complete a step twice; it gets the first answer again."""
from __future__ import annotations

import threading

from sqlalchemy import func
from sqlalchemy import select

from engine.models import AuditEvent
from engine.models import Case
from engine.models import Clue
from engine.models import HumanTask
from tests.webui.conftest import Api
from tests.webui.conftest import clue_payload
from webui import extensions


def _count(app, model, *where) -> int:
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_a_retried_clue_registration_registers_one_clue_and_answers_the_same(app, api, ids):
    clerk = api("wang.clerk")
    body = clue_payload(ids.cadre_id())
    first = clerk.post("/clues", json=body, headers={"Idempotency-Key": "clue-2026-11-02-0001"})
    retried = clerk.post("/clues", json=body, headers={"Idempotency-Key": "clue-2026-11-02-0001"})
    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.get_json() == first.get_json()
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert (_count(app, Clue), _count(app, Case)) == (1, 1)
    assert _count(app, AuditEvent, AuditEvent.action == "clue.registered") == 1


def test_without_a_key_the_same_body_twice_is_two_clues(app, api, ids):
    clerk = api("wang.clerk")
    body = clue_payload(ids.cadre_id())
    assert [clerk.post("/clues", json=body).status_code for _ in range(2)] == [201, 201]
    assert _count(app, Clue) == 2


def test_the_same_key_with_another_request_is_refused_and_changes_nothing(app, api, ids):
    clerk = api("wang.clerk")
    headers = {"Idempotency-Key": "k-1"}
    assert clerk.post("/clues", json=clue_payload(ids.cadre_id()), headers=headers).status_code == 201
    other = clerk.post("/clues", json=clue_payload(ids.cadre_id(), summary="另一条线索"), headers=headers)
    assert other.status_code == 422
    assert other.get_json()["error"]["code"] == "idempotency_key_reused"
    assert _count(app, Clue) == 1


def test_keys_belong_to_their_user(app, api, ids):
    body = clue_payload(ids.cadre_id())
    assert api("wang.clerk").post("/clues", json=body, headers={"Idempotency-Key": "same"}).status_code == 201
    theirs = api("xu.clerk").post("/clues", json=body, headers={"Idempotency-Key": "same"})
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert _count(app, Clue) == 2


def test_a_refused_request_keeps_no_key_so_its_corrected_retry_runs(app, api, ids):
    clerk = api("wang.clerk")
    headers = {"Idempotency-Key": "retry-after-fix"}
    bad = clerk.post("/clues", json=clue_payload(ids.cadre_id(), summary=""), headers=headers)
    assert bad.status_code == 422
    fixed = clerk.post("/clues", json=clue_payload(ids.cadre_id()), headers=headers)
    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed.headers


def test_bad_keys_are_400(api, ids):
    clerk = api("wang.clerk")
    for key in ("x" * 129, "空格 key"):
        response = clerk.post("/clues", json=clue_payload(ids.cadre_id()), headers={"Idempotency-Key": key})
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "bad_idempotency_key"


def test_a_retried_completion_answers_the_first_completion_not_409(app, registered_case, api, ids):
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "screen_clue")
    clerk = api("wang.clerk")
    body = {"data": {"routing": "handle_here", "reason": "属县管干部"}, "opinion": "属本级管辖"}
    headers = {"Idempotency-Key": "complete-screen-1"}
    first = clerk.post(f"/tasks/{task_id}/complete", json=body, headers=headers)
    retried = clerk.post(f"/tasks/{task_id}/complete", json=body, headers=headers)
    assert (first.status_code, retried.status_code) == (200, 200)
    assert retried.get_json() == first.get_json()
    assert _count(app, AuditEvent, AuditEvent.action == "task.completed") == 1
    assert _count(app, HumanTask, HumanTask.bpmn_id == "propose_subject") == 1
    unkeyed = clerk.post(f"/tasks/{task_id}/complete", json=body)
    assert unkeyed.status_code == 409  # without the key a second completion is still refused (SECURITY.md 3)


def test_two_concurrent_requests_with_one_key_register_one_clue(app, ids):
    from tests.webui.conftest import issue

    token = issue(app, "wang.clerk")
    body = clue_payload(ids.cadre_id())
    barrier = threading.Barrier(2, timeout=30)
    answers = []

    def send():
        client = Api(app.test_client(), token)
        barrier.wait()
        answers.append(client.post("/clues", json=body, headers={"Idempotency-Key": "double-click"}))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].get_json() == answers[1].get_json()
    assert _count(app, Clue) == 1
