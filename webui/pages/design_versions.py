"""Comparing two versions of a process side by side, and moving running cases onto another version (and back).

The diff is computed by engine/operations/designs.py and drawn by js/version_diff.js; the migration plan, the
moves and the moves back are engine/operations/instance_migration.py, here behind a fresh password like
publication (webui/pages/designer.py).
"""
from __future__ import annotations

from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.models.definitions import DefinitionKind
from engine.operations import designs
from engine.operations import instance_migration
from webui.engine_text import engine_text
from webui.extensions import db
from webui.pages.auth import is_fresh
from webui.pages.auth import page
from webui.pages.auth import reauth_redirect
from webui.pages.design_changes import change_rows
from webui.pages.design_changes import marks
from webui.pages.designer import designer_only
from webui.pages.inputs import query_id
from webui.pages.inputs import row_id
from webui.uow import request_clock

FRESH_MIGRATION_MESSAGE = _l("迁移办理中的案件前需再次验证密码,请确认后重新操作")


def _render_diff(title: str, name: str, key: str, old: dict, new: dict, changes: list[designs.Change], **extra):
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "removed", "changed")}
    return render_template(
        "pages/designer_diff.html",
        title=title,
        name=name,
        key=key,
        old=old,
        new=new,
        rows=change_rows(changes),
        marks={"old": marks(changes, "old"), "new": marks(changes, "new")},
        counts=counts,
        **{"versions": None, "draft": None, "decision": False, **extra},
    )


def _version_arg(name: str, default: int) -> int:
    return query_id(name) or default


@page
def design_version_diff(key: str):
    """Show two deployed versions side by side, the changes coloured on both diagrams and listed."""
    designer_only()
    versions = designs.process_versions(db.session, key)
    newest = versions[0].version
    new_version = _version_arg("new", newest)
    old_version = _version_arg("old", max(new_version - 1, 1))
    diff = designs.version_diff(db.session, g.actor, key, old_version, new_version)
    old = {"label": _("第%(n)s版", n=diff.old.version), "definition": diff.old,
           "src": url_for("pages.design_definition_xml", definition_id=diff.old.id)}
    new = {"label": _("第%(n)s版", n=diff.new.version), "definition": diff.new,
           "src": url_for("pages.design_definition_xml", definition_id=diff.new.id)}
    return _render_diff(_("第%(old)s版与第%(new)s版对比", old=diff.old.version, new=diff.new.version),
                        diff.new.name, key, old, new, diff.changes, versions=versions,
                        decision=diff.new.kind == DefinitionKind.DECISION)


@page
def design_draft_diff(draft_id: int):
    """Show a draft beside the version it was made from, as the version diff does."""
    draft = designs.get_draft(db.session, g.actor, draft_id)
    if not draft.base_definition_id:
        raise NotFound(_("该草稿没有基础版本"))
    base = designs.get_definition(db.session, draft.base_definition_id)
    old = {"label": _("第%(n)s版", n=base.version), "definition": base,
           "src": url_for("pages.design_definition_xml", definition_id=base.id)}
    new = {"label": _("草稿 #%(id)s", id=draft.id), "definition": None,
           "src": url_for("pages.design_draft_xml", draft_id=draft.id)}
    return _render_diff(_("草稿 #%(id)s与第%(n)s版对比", id=draft.id, n=base.version), draft.name, draft.key,
                        old, new, designs.changes_from_base(db.session, draft), draft=draft,
                        decision=base.kind == DefinitionKind.DECISION)


# --- moving running cases onto a version ------------------------------------------------------------------


@page
def design_migration(definition_id: int):
    """The running cases on other versions of this process (GET), and moving the chosen ones onto it (POST)."""
    designer_only()
    target = designs.get_definition(db.session, definition_id)
    here = url_for("pages.design_migration", definition_id=target.id)
    if request.method == "POST":
        if not is_fresh():
            flash(FRESH_MIGRATION_MESSAGE, "warning")
            return reauth_redirect(here)
        try:
            moved = instance_migration.migrate_instances(db.session, request_clock(), g.actor, target.id,
                                                         request.form.getlist("instance_id"))
        except (ConcurrencyConflict, FormInvalid) as problem:
            db.session.rollback()
            flash(engine_text(problem.message_zh), "danger")
            return redirect(here)
        flash(_("已将%(n)s件案件迁移到第%(version)s版", n=len(moved), version=target.version), "success")
        return redirect(here)
    plan = instance_migration.migration_plan(db.session, request_clock(), g.actor, target.id)
    history = instance_migration.migration_history(db.session, g.actor, target.key)
    versions = designs.process_versions(db.session, target.key)
    return render_template("pages/designer_migration.html", target=target, plan=plan, history=history,
                           versions=versions, fresh=is_fresh())


@page
def revert_design_migration(definition_id: int):
    """Move the instance of one recorded move back to the versions it ran on before."""
    designer_only()
    target = designs.get_definition(db.session, definition_id)
    here = url_for("pages.design_migration", definition_id=target.id)
    if not is_fresh():
        flash(FRESH_MIGRATION_MESSAGE, "warning")
        return reauth_redirect(here)
    chosen = request.form.get("migration_id", "")
    entries = {e.record.id: e for e in instance_migration.migration_history(db.session, g.actor, target.key)}
    entry = entries.get(row_id(chosen))
    if entry is None:
        raise NotFound(_("未找到该迁移记录"))
    try:
        instance_migration.revert_migration(db.session, request_clock(), g.actor, entry.record.id)
    except ConcurrencyConflict as problem:
        db.session.rollback()
        flash(engine_text(problem.message_zh), "danger")
        return redirect(here)
    flash(_("已将%(case)s迁回第%(version)s版", case=_("流程实例%(id)s", id=entry.record.instance_id),
            version=entry.from_version), "success")
    return redirect(here)
