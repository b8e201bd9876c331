"""Tables of the `auth` schema."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from auth_service.db.schema import SCHEMA


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=_uuid)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)  # NULL: cannot log in (the system user)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (CheckConstraint("role IN ('admin','member','system')", name="ck_users_role"),)


class Invitation(Base):
    __tablename__ = "invitations"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    max_uses: Mapped[int] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    # Role given to the account that uses the code first (the bootstrap code makes the first admin).
    first_use_role: Mapped[str] = mapped_column(String(16), default="member")
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("uses >= 0 AND uses <= max_uses", name="ck_invitations_uses"),
        CheckConstraint("max_uses >= 1", name="ck_invitations_max_uses"),
    )


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=_uuid)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WarehouseAccess(Base):
    __tablename__ = "warehouse_access"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    access: Mapped[str] = mapped_column(String(8))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("access IN ('READ','WRITE','ADMIN')", name="ck_access_level"),
        Index("ix_warehouse_access_warehouse", "warehouse_id"),
    )


class SigningKeyRow(Base):
    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(32), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("private_pem", name="uq_signing_keys_pem"),)


class FailedAttempt(Base):
    """Failed sign-ins or invitation codes of one username or client address, counted in a window that opens
    at the first failure; in the database so that every replica of every service counts the same."""

    __tablename__ = "failed_attempts"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)  # what is counted, and per what
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)  # the username or the address
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("failures >= 0", name="ck_failed_attempts_failures"),
        Index("ix_failed_attempts_window_start", "window_start"),
    )
