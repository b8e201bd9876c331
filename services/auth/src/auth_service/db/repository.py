"""SQLAlchemy implementation of the auth domain's repository."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Result,
    and_,
    case,
    delete,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from auth_service.db.models import (
    FailedAttempt,
    Invitation,
    RefreshToken,
    SigningKeyRow,
    User,
    WarehouseAccess,
)
from auth_service.domain.keys import SigningKey
from auth_service.domain.ports import AccessRecord, AttemptWindow, InvitationRecord, RefreshRecord, UserRecord
from wie_common.errors import AlreadyExists


def _user(row: User) -> UserRecord:
    return UserRecord(row.id, row.username, row.password_hash, row.role, row.created_at)


def _invitation(row: Invitation) -> InvitationRecord:
    return InvitationRecord(
        row.code,
        row.max_uses,
        row.uses,
        row.is_active,
        row.expires_at,
        row.note,
        row.first_use_role,
        row.created_by,
        row.created_at,
    )


def _affected(result: Result[Any]) -> int:
    assert isinstance(result, CursorResult)  # what executing an UPDATE or DELETE returns
    return result.rowcount or 0


class SqlAuthRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # users
    def get_user(self, user_id: uuid.UUID) -> UserRecord | None:
        row = self.s.get(User, user_id)
        return _user(row) if row else None

    def get_user_by_name(self, username: str) -> UserRecord | None:
        row = self.s.scalar(select(User).where(User.username == username))
        return _user(row) if row else None

    def add_user(self, username: str, password_hash: str | None, role: str) -> UserRecord:
        row = User(username=username, password_hash=password_hash, role=role)
        try:
            # The row joins the session inside the savepoint, so a duplicate rolls back only the savepoint.
            with self.s.begin_nested():
                self.s.add(row)
                self.s.flush()
        except IntegrityError as exc:
            raise AlreadyExists(f"username '{username}' is taken", reason="username_taken") from exc
        self.s.refresh(row)
        return _user(row)

    # invitations
    def add_invitation(
        self,
        code: str,
        max_uses: int,
        expires_at: datetime | None,
        note: str,
        created_by: uuid.UUID,
        first_use_role: str = "member",
    ) -> InvitationRecord:
        row = Invitation(
            code=code,
            max_uses=max_uses,
            uses=0,
            is_active=True,
            expires_at=expires_at,
            note=note,
            created_by=created_by,
            first_use_role=first_use_role,
        )
        self.s.add(row)
        self.s.flush()
        self.s.refresh(row)
        return _invitation(row)

    def get_invitation(self, code: str) -> InvitationRecord | None:
        row = self.s.get(Invitation, code)
        return _invitation(row) if row else None

    def consume_invitation(self, code: str, now: datetime) -> InvitationRecord | None:
        # One conditional UPDATE: concurrent registrations serialise on the row; max_uses is never overrun.
        row = self.s.execute(
            update(Invitation)
            .where(
                Invitation.code == code,
                Invitation.is_active.is_(True),
                Invitation.uses < Invitation.max_uses,
                or_(Invitation.expires_at.is_(None), Invitation.expires_at > now),
            )
            .values(uses=Invitation.uses + 1)
            .returning(Invitation)
        ).scalar_one_or_none()
        return _invitation(row) if row else None

    def list_invitations(self, created_by: uuid.UUID | None) -> list[InvitationRecord]:
        q = select(Invitation).order_by(Invitation.created_at.desc(), Invitation.code)
        if created_by is not None:
            q = q.where(Invitation.created_by == created_by)
        return [_invitation(r) for r in self.s.scalars(q)]

    def deactivate_invitation(self, code: str) -> InvitationRecord | None:
        row = self.s.execute(
            update(Invitation).where(Invitation.code == code).values(is_active=False).returning(Invitation)
        ).scalar_one_or_none()
        return _invitation(row) if row else None

    # refresh tokens
    def add_refresh(
        self, token_hash: str, family_id: uuid.UUID, user_id: uuid.UUID, expires_at: datetime
    ) -> None:
        self.s.add(
            RefreshToken(token_hash=token_hash, family_id=family_id, user_id=user_id, expires_at=expires_at)
        )
        self.s.flush()

    def get_refresh_for_update(self, token_hash: str) -> RefreshRecord | None:
        row = self.s.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
        )
        if row is None:
            return None
        return RefreshRecord(row.id, row.family_id, row.user_id, row.expires_at, row.used_at, row.revoked_at)

    def mark_refresh_used(self, token_id: uuid.UUID, now: datetime) -> None:
        self.s.execute(update(RefreshToken).where(RefreshToken.id == token_id).values(used_at=now))

    def revoke_family(self, family_id: uuid.UUID, now: datetime) -> int:
        result = self.s.execute(
            update(RefreshToken)
            .where(and_(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None)))
            .values(revoked_at=now)
        )
        return _affected(result)

    # warehouse access
    def grant_access(self, user_id: uuid.UUID, warehouse_id: str, access: str) -> None:
        stmt = insert(WarehouseAccess).values(user_id=user_id, warehouse_id=warehouse_id, access=access)
        self.s.execute(
            stmt.on_conflict_do_update(index_elements=["user_id", "warehouse_id"], set_={"access": access})
        )

    def revoke_access(self, user_id: uuid.UUID, warehouse_id: str) -> bool:
        result = self.s.execute(
            delete(WarehouseAccess).where(
                WarehouseAccess.user_id == user_id, WarehouseAccess.warehouse_id == warehouse_id
            )
        )
        return _affected(result) > 0

    def get_access(self, user_id: uuid.UUID, warehouse_id: str) -> str | None:
        return self.s.scalar(
            select(WarehouseAccess.access).where(
                WarehouseAccess.user_id == user_id, WarehouseAccess.warehouse_id == warehouse_id
            )
        )

    def _access_rows(self, *where: ColumnElement[bool]) -> list[AccessRecord]:
        q = (
            select(
                WarehouseAccess.user_id, User.username, WarehouseAccess.warehouse_id, WarehouseAccess.access
            )
            .join(User, User.id == WarehouseAccess.user_id)
            .where(*where)
            .order_by(WarehouseAccess.warehouse_id, User.username)
        )
        return [AccessRecord(*r) for r in self.s.execute(q)]

    def list_access_for_warehouse(self, warehouse_id: str) -> list[AccessRecord]:
        return self._access_rows(WarehouseAccess.warehouse_id == warehouse_id)

    def list_access_for_user(self, user_id: uuid.UUID) -> list[AccessRecord]:
        return self._access_rows(WarehouseAccess.user_id == user_id)

    def forget_warehouse(self, warehouse_id: str) -> int:
        result = self.s.execute(delete(WarehouseAccess).where(WarehouseAccess.warehouse_id == warehouse_id))
        return _affected(result)

    # failed attempts
    def failures_since(self, scope: str, subject: str, since: datetime) -> AttemptWindow | None:
        row = self.s.get(FailedAttempt, (scope, subject))
        if row is None or row.window_start <= since:
            return None
        return AttemptWindow(row.window_start, row.failures)

    def add_failure(self, scope: str, subject: str, now: datetime, since: datetime) -> AttemptWindow:
        # One upsert: concurrent failures of one subject on any replica serialise on its row.
        expired = FailedAttempt.window_start <= since
        upsert = insert(FailedAttempt).values(scope=scope, subject=subject, window_start=now, failures=1)
        stmt = upsert.on_conflict_do_update(
            index_elements=["scope", "subject"],
            set_={
                "window_start": case((expired, now), else_=FailedAttempt.window_start),
                "failures": case((expired, 1), else_=FailedAttempt.failures + 1),
            },
        ).returning(FailedAttempt.window_start, FailedAttempt.failures)
        window_start, failures = self.s.execute(stmt).one()
        return AttemptWindow(window_start, failures)

    def remove_failure(self, scope: str, subject: str, window_start: datetime) -> None:
        same_window = (
            FailedAttempt.scope == scope,
            FailedAttempt.subject == subject,
            FailedAttempt.window_start == window_start,  # that window may have closed meanwhile
        )
        lowered = self.s.execute(
            update(FailedAttempt)
            .where(*same_window, FailedAttempt.failures > 1)
            .values(failures=FailedAttempt.failures - 1)
        )
        if _affected(lowered) == 0:  # the last one: no row of zero failures stays behind
            self.s.execute(delete(FailedAttempt).where(*same_window, FailedAttempt.failures <= 1))

    def clear_failures(self, scope: str, subject: str) -> None:
        self.s.execute(
            delete(FailedAttempt).where(FailedAttempt.scope == scope, FailedAttempt.subject == subject)
        )

    def prune_failures(self, before: datetime, limit: int) -> int:
        expired = (
            select(FailedAttempt.scope, FailedAttempt.subject)
            .where(FailedAttempt.window_start < before)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        result = self.s.execute(
            delete(FailedAttempt).where(tuple_(FailedAttempt.scope, FailedAttempt.subject).in_(expired))
        )
        return _affected(result)

    # signing keys
    def signing_keys(self) -> list[SigningKey]:
        rows = self.s.scalars(
            select(SigningKeyRow).where(SigningKeyRow.retired_at.is_(None)).order_by(SigningKeyRow.created_at)
        )
        return [SigningKey(r.kid, r.private_pem) for r in rows]

    def add_signing_key(self, key: SigningKey) -> None:
        self.s.execute(
            insert(SigningKeyRow).values(kid=key.kid, private_pem=key.private_pem).on_conflict_do_nothing()
        )
