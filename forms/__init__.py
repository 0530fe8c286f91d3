"""Input forms: one marshmallow schema per BPMN ``formKey``, Chinese labels and messages (SECURITY.md 16).

    forms.load(form_key, payload, context) -> dict       # validated task data; raises FormInvalid
    forms.describe(form_key) -> FormDescription           # what the pages render
    forms.REGISTRY                                        # form key -> schema class
    forms.data                                            # forms defined as data: schema, compiler

Both calls take ``data_forms``: the forms a process designer defined as data for the step's diagram version
(compiled by ``forms.data.compile_definition``); a Python form of the same key always wins.

``load`` returns exactly the declared fields of the form (a blank optional field as ``None``), dates and
instants as ISO strings, ready for workflow data. Every problem comes back in one ``FormInvalid`` whose
``details`` map a field name (or an unknown key) to Chinese messages.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from engine.errors import FormInvalid
from forms import approval  # noqa: F401  (registers its schemas)
from forms import clue  # noqa: F401
from forms import correction  # noqa: F401
from forms import data  # noqa: F401  (forms defined as data, issue 11 §4)
from forms import execution  # noqa: F401
from forms import info_network  # noqa: F401  (the monthly report, seed 001 三、1)
from forms import info_periodic  # noqa: F401  (quarterly analysis, half-year summary, seed 001 三、1)
from forms import risk_points  # noqa: F401  (the eight-step identification, seed 004 十)
from forms import supervision  # noqa: F401
from forms.base import REGISTRY
from forms.base import FieldDescription
from forms.base import FormContext
from forms.base import FormDescription
from forms.base import FormSchema
from forms.base import describe_schema

__all__ = ["REGISTRY", "FieldDescription", "FormContext", "FormDescription", "FormSchema", "describe", "load"]


def _schema_class(form_key: str, data_forms: Mapping[str, type[FormSchema]] | None = None) -> type[FormSchema]:
    """The Python form of that key, else the data form of that key among ``data_forms`` (issue 11 §4)."""
    cls = REGISTRY.get(form_key) if isinstance(form_key, str) else None
    if cls is None and data_forms and isinstance(form_key, str):
        cls = data_forms.get(form_key)
    if cls is None:
        raise FormInvalid("未知的表单", details={"form_key": ["未登记的表单"]}, code="unknown_form")
    return cls


def _flatten(messages: Any) -> list[str]:
    """Marshmallow messages of one key as a flat list of strings."""
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, Mapping):
        return [m for value in messages.values() for m in _flatten(value)]
    if isinstance(messages, (list, tuple)):
        return [m for value in messages for m in _flatten(value)]
    return [str(messages)]


def load(form_key: str, payload: Mapping[str, Any], context: FormContext | None = None,
         data_forms: Mapping[str, type[FormSchema]] | None = None) -> dict[str, Any]:
    """Validate a submission of the form ``form_key`` and return its task data (JSON-ready).

    :param data_forms: the compiled data forms the step's diagram version publishes, by key (Python forms win)
    """
    cls = _schema_class(form_key, data_forms)
    if not isinstance(payload, Mapping):
        raise FormInvalid("表单数据格式不正确", details={"_schema": ["表单数据应为键值对象"]})
    try:
        return cls(context).load(payload)
    except ValidationError as err:
        raw = err.messages if isinstance(err.messages, Mapping) else {"_schema": err.messages}
        details = {str(name): _flatten(value) for name, value in raw.items()}
        raise FormInvalid(f"「{cls.title_zh}」填写有误,请按提示修改", details=details) from None


def describe(form_key: str, data_forms: Mapping[str, type[FormSchema]] | None = None) -> FormDescription:
    """Describe the form ``form_key`` for the pages: Chinese title, article and fields."""
    return describe_schema(form_key, _schema_class(form_key, data_forms))
