"""The registry gathers each regulation's lines of a cadre's integrity file and of a unit's timeline
(engine.registry.FileEntry): in date order across regulations, and a unit nobody lets the viewer read is None."""
from __future__ import annotations

import datetime as dt

from engine.registry import FileEntry
from engine.registry import PostRisk
from engine.registry import Registry
from engine.registry import Regulation
from engine.registry import Vocabulary


def _line(day: int, kind: str) -> FileEntry:
    return FileEntry(on=dt.date(2026, 11, day), kind=kind, kind_label=kind, summary=kind, source_label=kind)


def _registry(*regulations: Regulation) -> Registry:
    registry = Registry()
    for regulation in regulations:
        registry.register(regulation)
    return registry


def test_a_cadres_file_is_the_lines_of_every_regulation_in_date_order():
    later = Regulation(name="a", label_zh="甲", vocabulary=Vocabulary(),
                       cadre_file=lambda session, clock, user, cadre_id: [_line(9, "a9"), _line(3, "a3")])
    earlier = Regulation(name="b", label_zh="乙", vocabulary=Vocabulary(),
                         cadre_file=lambda session, clock, user, cadre_id: [_line(5, "b5")])
    silent = Regulation(name="c", label_zh="丙", vocabulary=Vocabulary())
    registry = _registry(later, earlier, silent)
    assert [e.kind for e in registry.cadre_file(None, None, None, 1)] == ["a3", "b5", "a9"]


def test_a_unit_timeline_is_none_only_when_no_regulation_lets_the_viewer_read_the_unit():
    refuses = Regulation(name="a", label_zh="甲", vocabulary=Vocabulary(),
                         unit_timeline=lambda session, clock, user, unit_id: None)
    empty = Regulation(name="b", label_zh="乙", vocabulary=Vocabulary(),
                       unit_timeline=lambda session, clock, user, unit_id: [])
    assert _registry(refuses).unit_timeline(None, None, None, 1) is None
    assert _registry(refuses, empty).unit_timeline(None, None, None, 1) == []


def test_post_risks_come_most_severe_first():
    def risks(session, user, cadre_id):
        return [PostRisk(title=t, level=level, level_label=str(level), kind_label="", unit_id=1)
                for t, level in (("三", 3), ("一", 1), ("二", 2))]

    registry = _registry(Regulation(name="a", label_zh="甲", vocabulary=Vocabulary(), post_risks=risks))
    assert [r.title for r in registry.post_risks(None, None, 1)] == ["一", "二", "三"]
