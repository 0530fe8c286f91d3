"""Create every table of the engine (initial schema).

Revision ID: 0001
Revises:
Create Date: 2026-11-22 12:00:00+08:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables, constraints and indexes."""
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "manual_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("now", sa.DateTime(), nullable=False),
        sa.Column("note", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_clock")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=255), nullable=False),
        sa.Column("doc_prefix", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["unit.id"], name=op.f("fk_unit_parent_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("code", name=op.f("uq_unit_code")),
    )
    op.create_index(op.f("ix_unit_parent_id"), "unit", ["parent_id"], unique=False)
    op.create_index(op.f("ix_unit_path"), "unit", ["path"], unique=False)
    op.create_table(
        "cadre",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position_title", sa.String(length=64), nullable=False),
        sa.Column("position_kind", sa.String(length=32), nullable=False),
        sa.Column("managed_by_unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["managed_by_unit_id"], ["unit.id"], name=op.f("fk_cadre_managed_by_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_cadre_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre")),
    )
    op.create_index(op.f("ix_cadre_managed_by_unit_id"), "cadre", ["managed_by_unit_id"], unique=False)
    op.create_index(op.f("ix_cadre_unit_id"), "cadre", ["unit_id"], unique=False)
    op.create_table(
        "number_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_number_counter_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_number_counter")),
        sa.UniqueConstraint("unit_id", "series", "year", name=op.f("uq_number_counter_unit_id_series_year")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadre.id"], name=op.f("fk_user_account_cadre_id_cadre")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_user_account_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("cadre_id", name=op.f("uq_user_account_cadre_id")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    op.create_index(op.f("ix_user_account_unit_id"), "user_account", ["unit_id"], unique=False)
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_api_token_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_token_token_sha256")),
    )
    op.create_index(op.f("ix_api_token_user_id"), "api_token", ["user_id"], unique=False)
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("actor_role", sa.String(length=32), nullable=True),
        sa.Column("actor_unit_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("source_ip", sa.String(length=64), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_audit_event_actor_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_event_seq")),
    )
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"], unique=False)
    op.create_index(op.f("ix_audit_event_case_id"), "audit_event", ["case_id"], unique=False)
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["user_account.id"], name=op.f("fk_calendar_year_entered_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_year")),
    )
    op.create_table(
        "clue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("source_channel", sa.String(length=32), nullable=False),
        sa.Column("source_unit_name", sa.String(length=120), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("subject_cadre_id", sa.Integer(), nullable=False),
        sa.Column("receiving_unit_id", sa.Integer(), nullable=False),
        sa.Column("transfer_form_number", sa.String(length=64), nullable=True),
        sa.Column("transferring_body", sa.String(length=120), nullable=True),
        sa.Column("transferred_on", sa.Date(), nullable=True),
        sa.Column("registered_by_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["receiving_unit_id"], ["unit.id"], name=op.f("fk_clue_receiving_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"], ["user_account.id"], name=op.f("fk_clue_registered_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["subject_cadre_id"], ["cadre.id"], name=op.f("fk_clue_subject_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clue")),
        sa.UniqueConstraint("number", name=op.f("uq_clue_number")),
    )
    op.create_index(op.f("ix_clue_subject_cadre_id"), "clue", ["subject_cadre_id"], unique=False)
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=160), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["user_account.id"], name=op.f("fk_outbox_message_recipient_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbox_message_dedup_key")),
    )
    op.create_index("ix_outbox_pending", "outbox_message", ["dispatched_at", "id"], unique=False)
    op.create_table(
        "process_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("deployed_by_id", sa.Integer(), nullable=False),
        sa.Column("deployed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deployed_by_id"],
            ["user_account.id"],
            name=op.f("fk_process_definition_deployed_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_definition")),
        sa.UniqueConstraint("key", "sha256", name=op.f("uq_process_definition_key_sha256")),
        sa.UniqueConstraint("key", "version", name=op.f("uq_process_definition_key_version")),
    )
    op.create_index(op.f("ix_process_definition_key"), "process_definition", ["key"], unique=False)
    op.create_table(
        "role_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_role_assignment_unit_id_unit")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_role_assignment_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_assignment")),
        sa.UniqueConstraint(
            "user_id", "role", "unit_id", name=op.f("uq_role_assignment_user_id_role_unit_id")
        ),
    )
    op.create_index(op.f("ix_role_assignment_user_id"), "role_assignment", ["user_id"], unique=False)
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["year"], ["calendar_year.year"], name=op.f("fk_calendar_day_year_calendar_year")
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.create_index(op.f("ix_calendar_day_year"), "calendar_day", ["year"], unique=False)
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["outbox_message.id"], name=op.f("fk_notification_outbox_id_outbox_message")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_notification_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("outbox_id", name=op.f("uq_notification_outbox_id")),
    )
    op.create_index("ix_notification_user_read", "notification", ["user_id", "read"], unique=False)
    op.create_table(
        "warning_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("handling_unit_id", sa.Integer(), nullable=False),
        sa.Column("warning_type", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("start_due_date", sa.Date(), nullable=True),
        sa.Column("implementation_started_on", sa.Date(), nullable=True),
        sa.Column("reported_to_party_chief_on", sa.Date(), nullable=True),
        sa.Column("talked_on", sa.Date(), nullable=True),
        sa.Column("notice_issued_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("original_due_date", sa.Date(), nullable=True),
        sa.Column("current_due_date", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("extension_days_used", sa.Integer(), nullable=False),
        sa.Column("extension_cap_date", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("lifted_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("escalations", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadre.id"], name=op.f("fk_warning_case_cadre_id_cadre")),
        sa.ForeignKeyConstraint(["clue_id"], ["clue.id"], name=op.f("fk_warning_case_clue_id_clue")),
        sa.ForeignKeyConstraint(
            ["handling_unit_id"], ["unit.id"], name=op.f("fk_warning_case_handling_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_case")),
        sa.UniqueConstraint("clue_id", name=op.f("uq_warning_case_clue_id")),
        sa.UniqueConstraint("number", name=op.f("uq_warning_case_number")),
    )
    op.create_index(
        "ix_case_handling_unit_status", "warning_case", ["handling_unit_id", "status"], unique=False
    )
    op.create_index("ix_case_status_due", "warning_case", ["status", "current_due_date"], unique=False)
    op.create_index(op.f("ix_warning_case_cadre_id"), "warning_case", ["cadre_id"], unique=False)
    op.create_index(op.f("ix_warning_case_overdue"), "warning_case", ["overdue"], unique=False)
    op.create_index(op.f("ix_warning_case_warning_type"), "warning_case", ["warning_type"], unique=False)
    op.create_table(
        "integrity_file_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_integrity_file_entry_cadre_id_cadre")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["warning_case.id"], name=op.f("fk_integrity_file_entry_case_id_warning_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrity_file_entry")),
    )
    op.create_index(
        op.f("ix_integrity_file_entry_cadre_id"), "integrity_file_entry", ["cadre_id"], unique=False
    )
    op.create_table(
        "process_instance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("definition_ids", sa.JSON(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("serializer_version", sa.String(length=16), nullable=False),
        sa.Column("step_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["warning_case.id"], name=op.f("fk_process_instance_case_id_warning_case")
        ),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["process_definition.id"],
            name=op.f("fk_process_instance_definition_id_process_definition"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_instance")),
        sa.UniqueConstraint("case_id", name=op.f("uq_process_instance_case_id")),
    )
    op.create_index(
        op.f("ix_process_instance_definition_id"), "process_instance", ["definition_id"], unique=False
    )
    op.create_index(op.f("ix_process_instance_status"), "process_instance", ["status"], unique=False)
    op.create_table(
        "restriction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("article", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadre.id"], name=op.f("fk_restriction_cadre_id_cadre")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["warning_case.id"], name=op.f("fk_restriction_case_id_warning_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restriction")),
    )
    op.create_index(op.f("ix_restriction_cadre_id"), "restriction", ["cadre_id"], unique=False)
    op.create_index(op.f("ix_restriction_case_id"), "restriction", ["case_id"], unique=False)
    op.create_table(
        "human_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("task_uuid", sa.String(length=36), nullable=False),
        sa.Column("bpmn_id", sa.String(length=64), nullable=False),
        sa.Column("process_key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("article", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("warning_type", sa.String(length=16), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("excluded_user_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("completed_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted", sa.JSON(), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["user_account.id"], name=op.f("fk_human_task_assignee_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["warning_case.id"], name=op.f("fk_human_task_case_id_warning_case")
        ),
        sa.ForeignKeyConstraint(
            ["completed_by_id"], ["user_account.id"], name=op.f("fk_human_task_completed_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["instance_id"], ["process_instance.id"], name=op.f("fk_human_task_instance_id_process_instance")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_human_task_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_human_task")),
        sa.UniqueConstraint("task_uuid", name=op.f("uq_human_task_task_uuid")),
    )
    op.create_index("ix_human_task_assignee_status", "human_task", ["assignee_id", "status"], unique=False)
    op.create_index(op.f("ix_human_task_case_id"), "human_task", ["case_id"], unique=False)
    op.create_index(op.f("ix_human_task_instance_id"), "human_task", ["instance_id"], unique=False)
    op.create_index("ix_human_task_status_due", "human_task", ["status", "due_at"], unique=False)
    op.create_index("ix_human_task_unit_status", "human_task", ["unit_id", "status", "due_at"], unique=False)
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("task_uuid", sa.String(length=36), nullable=False),
        sa.Column("bpmn_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("lock_owner", sa.String(length=96), nullable=True),
        sa.Column("lock_expires_at", sa.DateTime(), nullable=True),
        sa.Column("retries_left", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instance_id"], ["process_instance.id"], name=op.f("fk_job_instance_id_process_instance")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
        sa.UniqueConstraint("task_uuid", name=op.f("uq_job_task_uuid")),
    )
    op.create_index(op.f("ix_job_instance_id"), "job", ["instance_id"], unique=False)
    op.create_index("ix_job_status_due", "job", ["status", "due_at"], unique=False)
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("issuing_unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=120), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["warning_case.id"], name=op.f("fk_document_case_id_warning_case")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["user_account.id"], name=op.f("fk_document_issued_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["issuing_unit_id"], ["unit.id"], name=op.f("fk_document_issuing_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(["task_id"], ["human_task.id"], name=op.f("fk_document_task_id_human_task")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint(
            "issuing_unit_id", "year", "sequence", name=op.f("uq_document_issuing_unit_id_year_sequence")
        ),
    )
    op.create_index(op.f("ix_document_case_id"), "document", ["case_id"], unique=False)
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instance_id"], ["process_instance.id"], name=op.f("fk_incident_instance_id_process_instance")
        ),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], name=op.f("fk_incident_job_id_job")),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["user_account.id"], name=op.f("fk_incident_resolved_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
    )
    op.create_index(op.f("ix_incident_instance_id"), "incident", ["instance_id"], unique=False)
    op.create_index(op.f("ix_incident_job_id"), "incident", ["job_id"], unique=False)
    op.create_index(op.f("ix_incident_status"), "incident", ["status"], unique=False)
    op.create_table(
        "task_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["human_task.id"],
            name=op.f("fk_task_candidate_task_id_human_task"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_task_candidate_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_candidate")),
    )
    op.create_index(
        "ix_task_candidate_role_unit", "task_candidate", ["role", "unit_id", "task_id"], unique=False
    )
    op.create_index(op.f("ix_task_candidate_task_id"), "task_candidate", ["task_id"], unique=False)
    op.create_table(
        "task_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_task_comment_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["human_task.id"], name=op.f("fk_task_comment_task_id_human_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_comment")),
    )
    op.create_index(op.f("ix_task_comment_task_id"), "task_comment", ["task_id"], unique=False)


def downgrade() -> None:
    """Drop everything the upgrade created, dependants first."""
    op.drop_index(op.f("ix_task_comment_task_id"), table_name="task_comment")
    op.drop_table("task_comment")
    op.drop_index(op.f("ix_task_candidate_task_id"), table_name="task_candidate")
    op.drop_index("ix_task_candidate_role_unit", table_name="task_candidate")
    op.drop_table("task_candidate")
    op.drop_index(op.f("ix_incident_status"), table_name="incident")
    op.drop_index(op.f("ix_incident_job_id"), table_name="incident")
    op.drop_index(op.f("ix_incident_instance_id"), table_name="incident")
    op.drop_table("incident")
    op.drop_index(op.f("ix_document_case_id"), table_name="document")
    op.drop_table("document")
    op.drop_index("ix_job_status_due", table_name="job")
    op.drop_index(op.f("ix_job_instance_id"), table_name="job")
    op.drop_table("job")
    op.drop_index("ix_human_task_unit_status", table_name="human_task")
    op.drop_index("ix_human_task_status_due", table_name="human_task")
    op.drop_index(op.f("ix_human_task_instance_id"), table_name="human_task")
    op.drop_index(op.f("ix_human_task_case_id"), table_name="human_task")
    op.drop_index("ix_human_task_assignee_status", table_name="human_task")
    op.drop_table("human_task")
    op.drop_index(op.f("ix_restriction_case_id"), table_name="restriction")
    op.drop_index(op.f("ix_restriction_cadre_id"), table_name="restriction")
    op.drop_table("restriction")
    op.drop_index(op.f("ix_process_instance_status"), table_name="process_instance")
    op.drop_index(op.f("ix_process_instance_definition_id"), table_name="process_instance")
    op.drop_table("process_instance")
    op.drop_index(op.f("ix_integrity_file_entry_cadre_id"), table_name="integrity_file_entry")
    op.drop_table("integrity_file_entry")
    op.drop_index(op.f("ix_warning_case_warning_type"), table_name="warning_case")
    op.drop_index(op.f("ix_warning_case_overdue"), table_name="warning_case")
    op.drop_index(op.f("ix_warning_case_cadre_id"), table_name="warning_case")
    op.drop_index("ix_case_status_due", table_name="warning_case")
    op.drop_index("ix_case_handling_unit_status", table_name="warning_case")
    op.drop_table("warning_case")
    op.drop_index("ix_notification_user_read", table_name="notification")
    op.drop_table("notification")
    op.drop_index(op.f("ix_calendar_day_year"), table_name="calendar_day")
    op.drop_table("calendar_day")
    op.drop_index(op.f("ix_role_assignment_user_id"), table_name="role_assignment")
    op.drop_table("role_assignment")
    op.drop_index(op.f("ix_process_definition_key"), table_name="process_definition")
    op.drop_table("process_definition")
    op.drop_index("ix_outbox_pending", table_name="outbox_message")
    op.drop_table("outbox_message")
    op.drop_index(op.f("ix_clue_subject_cadre_id"), table_name="clue")
    op.drop_table("clue")
    op.drop_table("calendar_year")
    op.drop_index(op.f("ix_audit_event_case_id"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_action"), table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_index(op.f("ix_api_token_user_id"), table_name="api_token")
    op.drop_table("api_token")
    op.drop_index(op.f("ix_user_account_unit_id"), table_name="user_account")
    op.drop_table("user_account")
    op.drop_table("number_counter")
    op.drop_index(op.f("ix_cadre_unit_id"), table_name="cadre")
    op.drop_index(op.f("ix_cadre_managed_by_unit_id"), table_name="cadre")
    op.drop_table("cadre")
    op.drop_index(op.f("ix_unit_path"), table_name="unit")
    op.drop_index(op.f("ix_unit_parent_id"), table_name="unit")
    op.drop_table("unit")
    op.drop_table("setting")
    op.drop_table("manual_clock")
    op.drop_table("audit_head")
