"""``Idempotency-Key`` on the API's non-repeatable writes: registering a clue and completing a step.

A client that lost the answer to a request sends it again with the same key and gets the first answer back,
with ``Idempotent-Replayed: true``, instead of registering the clue twice (issue 14 §2). The key is kept with
the answer in the same transaction as the work, so either both are there or neither is. The first request
reserves its key before it acts: a concurrent second one waits for it on the unique index, then replays.
The same key with a different request is refused (422), never silently answered with another request's
result.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from flask import current_app
from flask import g
from flask import request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engine.models import IdempotentRequest
from webui.api.errors import ApiError
from webui.extensions import db
from webui.uow import request_clock

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_KEY_LENGTH = IdempotentRequest.__table__.c.key.type.length
_KEY_PATTERN = re.compile(rf"^[\x21-\x7e]{{1,{_KEY_LENGTH}}}$")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.get_data(cache=True)):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _stored(key: str) -> IdempotentRequest | None:
    return db.session.execute(select(IdempotentRequest).where(
        IdempotentRequest.user_id == g.user.id, IdempotentRequest.key == key)).scalar_one_or_none()


def _replay(stored: IdempotentRequest, fingerprint: str):
    if stored.fingerprint != fingerprint:
        raise ApiError(422, f"该 {HEADER} 已用于另一个请求,请为新的请求使用新的键", code="idempotency_key_reused")
    response = current_app.json.response(stored.response)
    response.status_code = stored.status_code
    response.headers[REPLAYED_HEADER] = "true"
    return response


def idempotent(view: Callable) -> Callable:
    """Let a view's request be retried under an ``Idempotency-Key`` (inside ``authenticated``)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not _KEY_PATTERN.match(key):
            raise ApiError(400, f"{HEADER} 应为1–{_KEY_LENGTH}个可见ASCII字符", code="bad_idempotency_key")
        fingerprint = _fingerprint()
        stored = _stored(key)
        if stored is not None:
            return _replay(stored, fingerprint)
        record = IdempotentRequest(user_id=g.user.id, key=key, fingerprint=fingerprint, status_code=0,
                                   response={}, created_at=request_clock().now())
        db.session.add(record)
        try:
            db.session.flush()
        except IntegrityError:
            # The same key is being (or was just) answered by a concurrent request: answer as it did.
            db.session.rollback()
            stored = _stored(key)
            if stored is None:
                raise
            return _replay(stored, fingerprint)
        response = current_app.make_response(view(*args, **kwargs))
        record.status_code, record.response = response.status_code, response.get_json()
        return response

    return wrapper
