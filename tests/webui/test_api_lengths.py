"""Too long a value is a 422 naming the field on every backend, never PostgreSQL's 500 (issue 14 §2)."""
from __future__ import annotations

from tests.webui.conftest import clue_payload


def test_a_source_unit_longer_than_its_column_is_422(api, ids):
    response = api("wang.clerk").post("/clues", json=clue_payload(ids.cadre_id(), source_unit_name="局" * 121))
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["source_unit_name"] == ["不得超过120个字"]


def test_a_source_unit_as_long_as_its_column_is_registered(api, ids):
    response = api("wang.clerk").post("/clues", json=clue_payload(ids.cadre_id(), source_unit_name="局" * 120))
    assert response.status_code == 201, response.get_json()


def test_a_transferring_body_longer_than_its_column_is_422(api, ids):
    body = clue_payload(ids.cadre_id(), source_channel="transfer", transfer_form_number="移〔2026〕1号",
                        transferring_body="院" * 121, transferred_on="2026-10-30")
    response = api("wang.clerk").post("/clues", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["transferring_body"] == ["不得超过120个字"]
