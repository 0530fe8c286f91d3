"""A draft's data forms on the designer's pages: the editor's starting data, the properties panel's list, and
what the second designer reviews before publishing (each form rendered, and which forms changed)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

import forms
from engine.data_forms import canonical
from engine.data_forms import published_forms
from engine.models.designs import DesignDraft
from forms.data import FIELD_TYPES
from forms.data import compile_definition
from forms.data import definition_problems


def data_form_vocabulary(draft: DesignDraft) -> list[list[str]]:
    """The draft's own forms as the properties panel lists them beside the Python forms."""
    return [[f["key"], f"{f.get('title') or f['key']}(数据表单)"] for f in draft.forms or ()
            if isinstance(f, dict) and isinstance(f.get("key"), str)]


def form_editor_data(draft: DesignDraft) -> dict:
    """What the form editor starts from: the draft's forms, the field types and the keys already taken."""
    return {"forms": draft.forms or [], "types": [[k, v] for k, v in FIELD_TYPES.items()],
            "taken": sorted(forms.REGISTRY)}


@dataclass(frozen=True)
class ReviewedForm:
    """One data form of a draft as the reviewer sees it."""

    key: str
    title: str
    #: "added", "changed" or "unchanged" against the base version; "removed" forms have no description
    change: str
    description: forms.FormDescription | None


def form_review(session: Session, draft: DesignDraft) -> list[ReviewedForm]:
    """The draft's forms, each rendered, and the base version's forms the draft drops."""
    base = {f["key"]: f for f in published_forms(session, draft.base_definition_id)} if draft.base_definition_id \
        else {}
    reviewed = []
    for definition in draft.forms or ():
        if not isinstance(definition, dict) or definition_problems(definition):
            continue
        key = definition["key"]
        change = "added" if key not in base else (
            "unchanged" if canonical(base[key]) == canonical(definition) else "changed")
        description = forms.describe(key, {key: compile_definition(definition)})
        reviewed.append(ReviewedForm(key, definition["title"], change, description))
    kept = {r.key for r in reviewed}
    reviewed += [ReviewedForm(key, f.get("title") or key, "removed", None) for key, f in base.items()
                 if key not in kept]
    return reviewed
