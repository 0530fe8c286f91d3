"""Who is acting: a signed-in user (with the role they act in) or the system (timers, seeding)."""
from __future__ import annotations

from dataclasses import dataclass

from engine.models.people import User


@dataclass(frozen=True)
class Actor:
    """The actor of an operation, as recorded in the audit log (SECURITY.md 26)."""

    user: User | None
    source_ip: str | None = None

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    @property
    def name(self) -> str:
        return self.user.display_name if self.user else "系统"

    @property
    def unit_id(self) -> int | None:
        return self.user.unit_id if self.user else None

    @property
    def is_system(self) -> bool:
        return self.user is None


SYSTEM = Actor(user=None)
