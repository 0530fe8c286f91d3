"""Form lengths agree with their columns (issue 14 §2): a form that accepts more characters than the column
it is stored in answered 500 on PostgreSQL (source_unit_name took 200 in the form and 120 in the table)."""
from __future__ import annotations

import pytest
from sqlalchemy import String

import engine.models  # noqa: F401  (every table)
import forms  # noqa: F401  (every form)
from engine.db import Base
from engine.models import Clue
from engine.models import Document
from forms.base import REGISTRY
from forms.fields import Text

#: fields stored under another name: (form key, field) -> the columns the value is written to
STORED_AS = {
    ("clue_registration", "source_unit_name"): [Clue.__table__.c.source_unit_name,
                                                Document.__table__.c.recipient],  # the feedback letter (第十四条)
    ("handover", "receiving_body"): [Document.__table__.c.recipient],  # the hand-over letter (第十四条)
}


def _string_columns_named(name: str):
    return [column for table in Base.metadata.sorted_tables for column in table.columns
            if column.name == name and isinstance(column.type, String) and column.type.length]


def _text_fields():
    for key, schema in sorted(REGISTRY.items()):
        for name, field in sorted(schema._declared_fields.items()):
            if isinstance(field, Text):
                yield key, name, field


@pytest.mark.parametrize(("key", "name", "field"), list(_text_fields()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_text_field_fits_the_columns_it_is_stored_in(key, name, field):
    columns = STORED_AS.get((key, name), []) + _string_columns_named(name)
    for column in columns:
        assert field.max_length <= column.type.length, (
            f"{key}.{name} accepts {field.max_length} characters, {column.table.name}.{column.name} stores "
            f"{column.type.length}")


def test_the_clue_fields_of_the_issue_take_what_their_columns_take():
    fields = REGISTRY["clue_registration"]._declared_fields
    assert fields["source_unit_name"].max_length == Clue.__table__.c.source_unit_name.type.length == 120
    assert fields["transferring_body"].max_length == Clue.__table__.c.transferring_body.type.length == 120
    assert fields["transfer_form_number"].max_length == Clue.__table__.c.transfer_form_number.type.length
