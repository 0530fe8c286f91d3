"""The OpenAPI document describes every route, parameter, body and error."""
from __future__ import annotations

import re

import pytest

from webui.openapi import build_document


@pytest.fixture()
def document(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_document_lists_every_route_and_method(app, document):
    assert document["openapi"].startswith("3.1")
    listed = {(path, method) for path, ops in document["paths"].items() for method in ops}
    expected = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            expected |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert listed == expected
    # issue 11 §5 added GET /incidents and POST /incidents/{id}/retry, §3 GET /processes and POST
    # /processes/{key}/instances; issue 14 §3.6 GET /tokens, POST /tokens/fresh and POST /tokens/{id}/revoke;
    # issue 12 §2 GET and POST /risk-points and PUT /risk-points/{id}, §3 POST /risk-rounds; issue 13 GET and
    # POST /info-items, POST /info-items/{id}/verify, /grade, /hand-over (§6) and /response (§4), GET /info-scores;
    # issue 12 §2 GET /risk-measures/overdue; issue 13 §2 GET /info-reports; issue 12 §1 GET and POST
    # /power-lists/{unit_id} (Excel); issue 13 §2 GET /info-periodic (quarterly analysis, half-year summary);
    # GET /info-network (the layout)
    assert len(expected) == 39


def test_operations_describe_parameters_bodies_and_errors(document):
    paths = document["paths"]
    for path, ops in paths.items():
        for method, op in ops.items():
            assert op["summary"], (path, method)
            assert op["responses"], (path, method)
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"{(\w+)}", path)), path
            if names:
                assert "404" in op["responses"]
            if op["security"]:
                assert "401" in op["responses"]
            if method == "post" and op["security"]:
                assert "403" in op["responses"]
            if "requestBody" in op:
                assert {"400", "413", "422"} <= set(op["responses"]), path
            for status, response in op["responses"].items():
                assert response["description"], (path, status)
    tasks = {p["name"]: p for p in paths["/api/v1/tasks"]["get"]["parameters"]}
    assert set(tasks) >= {"view", "overdue", "due_before", "warning_type", "unit_id", "stage", "case_number",
                          "page", "per_page"}
    assert tasks["view"]["schema"]["enum"] == ["mine", "groups", "all", "done"]
    assert "409" in paths["/api/v1/tasks/{task_id}/complete"]["post"]["responses"]
    assert "409" in paths["/api/v1/admin/clock"]["post"]["responses"]
    assert paths["/api/v1/openapi.json"]["get"]["security"] == []


def test_every_reference_resolves(document):
    schemas = document["components"]["schemas"]
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref
    clue_form = schemas["Form_clue_registration"]
    assert clue_form["required"] == ["source_channel", "received_on", "source_unit_name", "summary",
                                      "subject_cadre_id"]
    assert clue_form["properties"]["source_channel"]["title"] == "线索来源渠道"
    case = schemas["CaseDetailSchema"]["properties"]
    assert case["stage_label"]["type"] == ["string", "null"]
    assert "escalations" in case
    assert schemas["ErrorSchema"]["properties"]["error"]["$ref"].endswith("ErrorBody")


def test_a_route_without_an_operation_is_an_error(app):
    app.add_url_rule("/api/v1/undocumented", "undocumented", lambda: "x")
    with pytest.raises(LookupError):
        build_document(app)


def test_clue_body_is_the_form_plus_the_receiving_unit(document):
    body = document["paths"]["/api/v1/clues"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schema = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert schema["additionalProperties"] is False
    assert {"source_channel", "subject_cadre_id", "receiving_unit_id"} <= set(schema["properties"])
    assert "receiving_unit_id" not in schema["required"]
