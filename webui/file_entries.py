"""Integrity-file and timeline lines (engine.registry.FileEntry) as the pages show them: translated, linked.

A regulation names the record behind a line as (kind, id); this is where the web knows which page shows it.
A link is given only when the regulation says the viewer may open the record (``openable``).
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import url_for

from engine.registry import FileEntry
from engine.registry import PostRisk
from webui.engine_text import engine_text

#: source kind → (endpoint, argument name)
SOURCE_PAGES = {
    "case": ("pages.show_case", "case_id"),
    "info_item": ("pages.info_item", "item_id"),
    "risk_point": ("pages.show_risk_point", "risk_point_id"),
}


def source_url(source: tuple[str, int] | None) -> str | None:
    """Return the page of a line's record, or None when the web has no page for its kind."""
    if source is None or source[0] not in SOURCE_PAGES:
        return None
    endpoint, argument = SOURCE_PAGES[source[0]]
    return url_for(endpoint, **{argument: source[1]})


def present_file_entries(entries: Iterable[FileEntry]) -> list[dict]:
    """Return the lines for a template, oldest first as given, each with its link when the viewer may open it."""
    return [{"on": e.on, "kind": e.kind, "kind_label": engine_text(e.kind_label), "summary": e.summary,
             "source_label": engine_text(e.source_label), "grade": e.grade,
             "url": source_url(e.source) if e.openable else None}
            for e in entries]


def present_post_risks(risks: Iterable[PostRisk]) -> list[dict]:
    """Return a cadre's post risks for a template, most severe first as given."""
    return [{"title": r.title, "level": r.level, "level_label": r.level_label, "kind_label": r.kind_label,
             "url": source_url(r.source)} for r in risks]
