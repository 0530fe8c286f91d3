"""The request class of the app: JSON too deeply nested to parse is bad input, not a server error."""
from __future__ import annotations

from typing import Any

from flask import Request


class LianjingRequest(Request):
    """Flask's request, with a JSON body nested past the parser's stack refused like any malformed JSON.

    ``json.loads`` raises ``RecursionError`` (not ``ValueError``) on thousands of nested brackets, which
    Werkzeug lets through as a 500 (issue 14 §3.13). Every view reading JSON gets the same 400 instead.
    """

    #: set when the body was JSON nested past the parser's stack
    json_too_deep = False

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError as exc:
            self.json_too_deep = True  # the API says which way the body is malformed
            if silent:
                return None
            return self.on_json_loading_failed(ValueError(f"JSON nested too deeply: {exc}"))
