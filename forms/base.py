"""FormSchema, FormContext, the registry and the descriptions the pages render (SECURITY.md 16).

A form submission is data, never code: every schema refuses unknown keys (``unknown=RAISE``), returns only
its declared fields (an optional field left blank comes back as ``None``), and its field names are plain
identifiers that neither start with ``_`` nor shadow a Python builtin (the names BPMN expressions may not
use). Dates leave as ISO strings because the engine stores the result in workflow data (JSON).

Marshmallow 4 has no ``Schema.context``: the case facts a rule needs travel in a ``FormContext`` given to
the schema's constructor, and fields reach it through ``self.parent.form_context``.
"""
from __future__ import annotations

import builtins
import datetime as dt
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import ClassVar

from marshmallow import RAISE
from marshmallow import Schema
from marshmallow import ValidationError
from marshmallow import post_load
from marshmallow import validates_schema

from forms.fields import REQUIRED
from forms.fields import FormField

#: the message for a key the form does not declare
UNKNOWN_FIELD = "不允许的字段"
#: names a field may not take: Python builtins and keywords (BPMN expressions refuse them, SECURITY.md 16)
RESERVED_NAMES = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)


@dataclass(frozen=True)
class FormContext:
    """What validation needs to know about the case: today's date (China time) and recorded dates."""

    today: dt.date | None = None
    warning_type: str | None = None
    subject_position: str | None = None
    approved_on: dt.date | None = None
    notice_issued_on: dt.date | None = None
    talked_on: dt.date | None = None
    received_on: dt.date | None = None
    original_due_date: dt.date | None = None
    current_due_date: dt.date | None = None
    extension_cap_date: dt.date | None = None
    #: who may take part in a talk (第二十条, 第二十二条(二)2), filled by the engine for the talk forms only;
    #: None: not known here, so not checked; an empty set: no one may talk
    candidate_talker_ids: frozenset[int] | None = None
    #: the user account of the subject cadre, if they have one: never a talker (第二十二条)
    subject_user_id: int | None = None


@dataclass(frozen=True)
class FieldDescription:
    """One field as the pages render it."""

    name: str
    label_zh: str
    #: 'text', 'textarea', 'date', 'datetime', 'choice', 'multichoice', 'bool', 'int', 'int_list'
    kind: str
    required: bool
    #: (value, label_zh) pairs for choice and multichoice fields
    choices: list[tuple[str, str]]
    #: when the field is conditionally required or restricted, the rule in Chinese (with its article)
    help_zh: str
    #: a data form's conditional field: (the choice field it depends on, the values that show it)
    show_when: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class FormDescription:
    """A form as the pages render it."""

    form_key: str
    title_zh: str
    article: str
    fields: list[FieldDescription]


class Errors:
    """Collects cross-field errors of one submission as ``{field: [message_zh, ...]}``."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.messages: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.messages)

    def add(self, name: str, message: str) -> None:
        self.messages.setdefault(name, []).append(message)

    def value(self, name: str) -> Any:
        """The loaded value, or None when blank or when the field itself failed (already reported)."""
        return self.data.get(name)

    def failed(self, name: str) -> bool:
        """Whether the field failed its own validation (its key is then absent from the loaded data)."""
        return name not in self.data

    def require(self, name: str, message: str = REQUIRED) -> None:
        """The field must be filled (unless it already failed on its own)."""
        if not self.failed(name) and self.data[name] is None:
            self.add(name, message)

    def forbid(self, name: str, message: str) -> None:
        """The field must be left blank."""
        if self.data.get(name) is not None:
            self.add(name, message)

    def not_before(self, name: str, bound: dt.date | None, message: str) -> None:
        """The date field, when given, may not be earlier than ``bound`` (when known)."""
        value = _as_date(self.data.get(name))
        if value is not None and bound is not None and value < bound:
            self.add(name, message)

    def not_after(self, name: str, bound: dt.date | None, message: str) -> None:
        """The date field, when given, may not be later than ``bound`` (when known)."""
        value = _as_date(self.data.get(name))
        if value is not None and bound is not None and value > bound:
            self.add(name, message)

    def after(self, name: str, bound: dt.date | None, message: str) -> None:
        """The date field, when given, must be later than ``bound`` (when known)."""
        value = _as_date(self.data.get(name))
        if value is not None and bound is not None and value <= bound:
            self.add(name, message)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


class FormSchema(Schema):
    """Base of every form: unknown keys refused, Chinese messages, cross-field rules in ``check``.

    Subclasses set ``title_zh`` and ``article``, declare ``forms.fields`` fields and override ``check``;
    the class docstring cites the article the form implements.
    """

    title_zh: ClassVar[str] = ""
    article: ClassVar[str] = ""

    error_messages = {"unknown": UNKNOWN_FIELD, "type": "表单数据应为键值对象"}

    class Meta:
        unknown = RAISE

    def __init__(self, form_context: FormContext | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.form_context = form_context if form_context is not None else FormContext()

    def check(self, data: Mapping[str, Any], ctx: FormContext, errors: Errors) -> None:
        """Cross-field and case-dependent rules; add problems to ``errors``. Values may be None."""

    @validates_schema(skip_on_field_errors=False)
    def _cross_field_rules(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        errors = Errors(data)
        self.check(data, self.form_context, errors)
        if errors:
            raise ValidationError(errors.messages)

    @post_load
    def _to_task_data(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Dates and instants become ISO strings: the result goes into workflow data (JSON)."""
        return {name: (value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value)
                for name, value in data.items()}

    @classmethod
    def form_fields(cls) -> dict[str, FormField]:
        """The declared fields, in declaration order."""
        return dict(cls._declared_fields)  # type: ignore[arg-type]


#: a seed's section as a regulation without articles cites it: the seed's number and a Chinese section number,
#: e.g. "004 十" or "000 二" (docs/ARCHITECTURE.md: every rule cites its source)
SEED_CITATION = re.compile(r"(?<!\d)\d{3}\s*[一二三四五六七八九十]+")
_ARTICLE = re.compile(r"第[^条]{1,40}条")


def is_citation(text: str | None) -> bool:
    """Tell whether ``text`` cites an article (第N条) or a seed's section (004 十)."""
    return bool(text) and bool(_ARTICLE.search(text) or SEED_CITATION.search(text))


#: form key (as written in the BPMN ``formKey`` property) -> schema class
REGISTRY: dict[str, type[FormSchema]] = {}


def register(form_key: str):
    """Register a schema under its form key, refusing a schema that breaks the forms contract."""

    def add(cls: type[FormSchema]) -> type[FormSchema]:
        problems = schema_problems(form_key, cls)
        if problems:
            raise TypeError(f"form {form_key!r}: " + "; ".join(problems))
        REGISTRY[form_key] = cls
        return cls

    return add


def schema_problems(form_key: str, cls: type[FormSchema]) -> list[str]:
    """Return why a schema class may not be registered (empty when it may)."""
    problems = []
    if form_key in REGISTRY:
        problems.append("form key registered twice")
    if not form_key.isidentifier() or form_key.startswith("_"):
        problems.append("form key must be an identifier without a leading underscore")
    if not issubclass(cls, FormSchema):
        return [*problems, "not a FormSchema"]
    if cls.opts.unknown != RAISE:
        problems.append("unknown must be RAISE")
    if not cls.title_zh or not is_citation(cls.article):
        problems.append("title_zh and article (第N条, or a seed section such as 004 十) are required")
    if not cls.__doc__ or not ("第" in cls.__doc__ or SEED_CITATION.search(cls.__doc__)):
        problems.append("the docstring must cite the article")
    for name, declared in cls._declared_fields.items():
        if not name.isidentifier() or name.startswith("_") or name in RESERVED_NAMES:
            problems.append(f"field name {name!r} is not allowed")
        if not isinstance(declared, FormField):
            problems.append(f"field {name!r} is not a forms.fields field")
        if declared.data_key not in (None, name) or declared.attribute not in (None, name):
            problems.append(f"field {name!r} must not rename its key")
    return problems


def describe_schema(form_key: str, cls: type[FormSchema]) -> FormDescription:
    """Describe a registered schema for the pages."""
    described = []
    for name, declared in cls.form_fields().items():
        described.append(FieldDescription(
            name=name, label_zh=declared.label, kind=declared.kind,
            required=declared.required or bool(declared.metadata.get("required_when_shown")),
            choices=list(getattr(declared, "choices", ())), help_zh=declared.help,
            show_when=declared.metadata.get("show_when"),
        ))
    return FormDescription(form_key=form_key, title_zh=cls.title_zh, article=cls.article, fields=described)
