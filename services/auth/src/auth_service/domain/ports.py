"""What the auth domain needs from storage; the SQLAlchemy repository in db/ implements it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from auth_service.domain.keys import SigningKey


@dataclass(frozen=True)
class UserRecord:
    id: uuid.UUID
    username: str
    password_hash: str | None
    role: str
    created_at: datetime


@dataclass(frozen=True)
class InvitationRecord:
    code: str
    max_uses: int
    uses: int
    is_active: bool
    expires_at: datetime | None
    note: str
    first_use_role: str
    created_by: uuid.UUID
    created_at: datetime


@dataclass(frozen=True)
class RefreshRecord:
    id: uuid.UUID
    family_id: uuid.UUID
    user_id: uuid.UUID
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class AccessRecord:
    user_id: uuid.UUID
    username: str
    warehouse_id: str
    access: str


@dataclass(frozen=True)
class AttemptWindow:
    """The failures counted for one subject since `window_start`."""

    window_start: datetime
    failures: int


class AuthRepository(Protocol):
    def get_user(self, user_id: uuid.UUID) -> UserRecord | None: ...
    def get_user_by_name(self, username: str) -> UserRecord | None: ...
    def add_user(self, username: str, password_hash: str | None, role: str) -> UserRecord: ...

    def add_invitation(
        self,
        code: str,
        max_uses: int,
        expires_at: datetime | None,
        note: str,
        created_by: uuid.UUID,
        first_use_role: str = "member",
    ) -> InvitationRecord: ...
    def get_invitation(self, code: str) -> InvitationRecord | None: ...
    def consume_invitation(self, code: str, now: datetime) -> InvitationRecord | None: ...
    def list_invitations(self, created_by: uuid.UUID | None) -> list[InvitationRecord]: ...
    def deactivate_invitation(self, code: str) -> InvitationRecord | None: ...

    def add_refresh(
        self, token_hash: str, family_id: uuid.UUID, user_id: uuid.UUID, expires_at: datetime
    ) -> None: ...
    def get_refresh_for_update(self, token_hash: str) -> RefreshRecord | None: ...
    def mark_refresh_used(self, token_id: uuid.UUID, now: datetime) -> None: ...
    def revoke_family(self, family_id: uuid.UUID, now: datetime) -> int: ...

    def grant_access(self, user_id: uuid.UUID, warehouse_id: str, access: str) -> None: ...
    def revoke_access(self, user_id: uuid.UUID, warehouse_id: str) -> bool: ...
    def get_access(self, user_id: uuid.UUID, warehouse_id: str) -> str | None: ...
    def list_access_for_warehouse(self, warehouse_id: str) -> list[AccessRecord]: ...
    def list_access_for_user(self, user_id: uuid.UUID) -> list[AccessRecord]: ...
    def forget_warehouse(self, warehouse_id: str) -> int: ...

    def failures_since(self, scope: str, subject: str, since: datetime) -> AttemptWindow | None: ...
    def add_failure(self, scope: str, subject: str, now: datetime, since: datetime) -> AttemptWindow:
        """Count one failure, in a new window at `now` when the subject's window opened before `since`."""
        ...

    def remove_failure(self, scope: str, subject: str, window_start: datetime) -> None: ...
    def clear_failures(self, scope: str, subject: str) -> None: ...
    def prune_failures(self, before: datetime, limit: int) -> int: ...

    def signing_keys(self) -> list[SigningKey]: ...
    def add_signing_key(self, key: SigningKey) -> None: ...


UnitOfWork = Callable[[], AbstractContextManager[AuthRepository]]
