"""One's own API tokens: list, revoke, and a short-lived token on password entry for decisions (issue 14 §3.6).

A decision-role step (审批: the deputy secretary's, the secretary's, the standing committee's, the county
party chief's) asks for the password again on the pages (SECURITY.md 21). Through the API it takes a
``fresh`` token, issued here for the password and living FRESH_TOKEN_LIFETIME; an ordinary token is
refused with 403 ``fresh_token_required``.
"""
from __future__ import annotations

from flask import g
from flask import request
from marshmallow import RAISE
from marshmallow import Schema
from marshmallow import fields
from marshmallow import validate

from engine import tokens
from engine.authentication import LoginRefused
from engine.authentication import LoginThrottled
from engine.authentication import confirm_password
from engine.models import HumanTask
from engine.tokens import TokenPurpose
from engine.tokens import expiry_of
from engine.tokens import revoke_token
from engine.tokens import tokens_of
from webui.api.auth import authenticated
from webui.api.errors import ApiError
from webui.api.inputs import json_object
from webui.api.inputs import load_body
from webui.extensions import db
from webui.extensions import wall_clock
from webui.openapi import operation
from webui.uow import request_clock
from webui.uow import transactional

FRESH_REQUIRED_ZH = "审批类环节须先输入密码换取短期令牌(POST /api/v1/tokens/fresh),再以该令牌办理"


class PasswordBody(Schema):
    """The caller's own password, typed again."""

    class Meta:
        unknown = RAISE

    password = fields.String(required=True, validate=validate.Length(min=1, max=256, error="请输入密码"),
                             error_messages={"required": "请输入密码", "invalid": "应为文字"})


class TokenSchema(Schema):
    """One token as its holder sees it (never the token itself, never its hash)."""

    id = fields.Integer()
    purpose = fields.String(metadata={"description": "api(长期)或 fresh(输入密码后签发的短期令牌)"})
    label = fields.String(allow_none=True)
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    revoked = fields.Boolean()
    revoked_at = fields.DateTime(allow_none=True)


class TokenList(Schema):
    """The holder's tokens, newest first."""

    items = fields.List(fields.Nested(TokenSchema))


class FreshToken(Schema):
    """A short-lived token, shown once."""

    token = fields.String()
    expires_at = fields.DateTime()


def _present(row) -> dict:
    return {"id": row.id, "purpose": row.purpose, "label": row.label, "created_at": row.created_at,
            "expires_at": expiry_of(row), "revoked": row.revoked, "revoked_at": row.revoked_at}


def require_fresh_token(task: HumanTask) -> None:
    """Refuse a decision-role step taken with anything but a fresh token (SECURITY.md 21, issue 14 §3.6)."""
    # Imported here: the pages' sign-in module imports the API's (its read-only roles) at import time.
    from webui.pages.auth import needs_fresh_login

    if needs_fresh_login(task) and g.api_token.purpose != TokenPurpose.FRESH:
        raise ApiError(403, FRESH_REQUIRED_ZH, code="fresh_token_required")


@operation("本人的接口令牌", tag="people", response=TokenList)
@transactional
@authenticated
def list_tokens():
    """List the caller's tokens (live, expired and revoked)."""
    return TokenList().dump({"items": [_present(t) for t in tokens_of(db.session, g.user)]})


@operation("撤销接口令牌", tag="people", response=TokenSchema,
           description="持有人可撤销本人的令牌,系统管理员可撤销任何人的令牌。")
@transactional
@authenticated
def revoke(token_id: int):
    """Revoke a token of one's own (or, as an administrator, anyone's)."""
    return TokenSchema().dump(_present(revoke_token(db.session, request_clock(), wall_clock(), g.actor, token_id)))


@operation("输入密码换取短期令牌(审批类环节须用)", tag="people", body=PasswordBody, response=FreshToken,
           status=201, errors=(429,),
           description="请求体 {\"password\": \"...\"};密码错误返回 401,失败过多返回 429,与登录同一限流并记入审计。")
@transactional
@authenticated
def fresh_token():
    """Check the caller's password again and issue a short-lived token for decisions."""
    body = load_body(PasswordBody, json_object())
    try:
        confirm_password(db.session, request_clock(), wall_clock(), g.user, body["password"],
                         request.remote_addr)
    except (LoginRefused, LoginThrottled) as refused:
        db.session.commit()  # the failure is audited and counted by the throttle (issue 14 §3.5)
        raise ApiError(refused.status, refused.message_zh, code=refused.code) from None
    token, row = tokens.issue_token(db.session, request_clock(), wall_clock(), g.user, g.actor,
                                    purpose=TokenPurpose.FRESH)
    return FreshToken().dump({"token": token, "expires_at": expiry_of(row)}), 201
