"""Domain records → protobuf messages."""

from __future__ import annotations

from auth_service.domain.ports import AccessRecord, InvitationRecord, UserRecord
from wie.auth.v1 import auth_pb2
from wie_common.proto_time import ts


def user_msg(user: UserRecord) -> auth_pb2.User:
    return auth_pb2.User(
        id=str(user.id), username=user.username, role=user.role, created_at=ts(user.created_at)
    )


def invitation_msg(inv: InvitationRecord) -> auth_pb2.Invitation:
    return auth_pb2.Invitation(
        code=inv.code,
        max_uses=inv.max_uses,
        uses=inv.uses,
        is_active=inv.is_active,
        expires_at=ts(inv.expires_at),
        note=inv.note,
        created_by=str(inv.created_by),
        created_at=ts(inv.created_at),
    )


def access_msg(entry: AccessRecord) -> auth_pb2.WarehouseAccess:
    return auth_pb2.WarehouseAccess(
        user_id=str(entry.user_id),
        username=entry.username,
        warehouse_id=entry.warehouse_id,
        access=auth_pb2.AccessLevel.Value(entry.access),
    )
