"""Registration with invitation codes, on a real database through real gRPC."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from sqlalchemy import text

from wie.auth.v1 import auth_pb2
from wie_common.grpc_errors import from_rpc_error

from .conftest import PASSWORD, code_of


def test_first_bootstrap_account_is_admin_then_members(auth):
    assert auth.register("alice").role == "admin"
    assert auth.register("bob").role == "member"
    assert auth.register("carol").role == "member"


def test_taken_username_is_already_exists(auth):
    auth.register("alice")
    with pytest.raises(grpc.RpcError) as exc:
        auth.register("alice")
    assert code_of(exc) == grpc.StatusCode.ALREADY_EXISTS


def test_unknown_code_names_the_field(auth):
    with pytest.raises(grpc.RpcError) as exc:
        auth.register("alice", code="NOPE")
    remote = from_rpc_error(exc.value)
    assert remote.code == grpc.StatusCode.INVALID_ARGUMENT
    assert [e.field for e in remote.errors] == ["invitation_code"]


def test_weak_password_is_rejected(auth):
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.Register(
            auth_pb2.RegisterRequest(username="alice", password="short", invitation_code="BOOTSTRAP2025")
        )
    assert from_rpc_error(exc.value).errors[0].field == "password"


def test_invitation_max_uses_is_enforced(auth):
    admin = auth.register("alice")
    inv = auth.stub.CreateInvitation(
        auth_pb2.CreateInvitationRequest(max_uses=2), metadata=auth.caller(admin)
    )
    auth.register("bob", inv.code)
    auth.register("carol", inv.code)
    with pytest.raises(grpc.RpcError) as exc:
        auth.register("dave", inv.code)
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT
    assert auth.stub.CheckInvitation(auth_pb2.CheckInvitationRequest(code=inv.code)).reason == "used up"


def test_concurrent_registrations_cannot_overrun_max_uses(auth):
    admin = auth.register("alice")
    inv = auth.stub.CreateInvitation(
        auth_pb2.CreateInvitationRequest(max_uses=3), metadata=auth.caller(admin)
    )

    def attempt(i: int) -> bool:
        try:
            auth.register(f"racer{i}", inv.code)
        except grpc.RpcError:
            return False
        return True

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(attempt, range(10)))
    assert sum(results) == 3
    with auth.engine.connect() as conn:
        uses = conn.execute(
            text("SELECT uses FROM auth.invitations WHERE code = :c"), {"c": inv.code}
        ).scalar()
        users = conn.execute(text("SELECT count(*) FROM auth.users WHERE username LIKE 'racer%'")).scalar()
    assert (uses, users) == (3, 3)


def test_expired_and_deactivated_codes_are_refused(auth):
    admin = auth.register("alice")
    md = auth.caller(admin)
    expiring = auth.stub.CreateInvitation(
        auth_pb2.CreateInvitationRequest(max_uses=5, expires_in_days=1), metadata=md
    )
    with auth.engine.begin() as conn:
        conn.execute(
            text("UPDATE auth.invitations SET expires_at = now() - interval '1 minute' WHERE code = :c"),
            {"c": expiring.code},
        )
    assert auth.stub.CheckInvitation(auth_pb2.CheckInvitationRequest(code=expiring.code)).reason == "expired"
    with pytest.raises(grpc.RpcError):
        auth.register("bob", expiring.code)

    other = auth.stub.CreateInvitation(auth_pb2.CreateInvitationRequest(max_uses=5), metadata=md)
    assert (
        auth.stub.DeactivateInvitation(
            auth_pb2.DeactivateInvitationRequest(code=other.code), metadata=md
        ).is_active
        is False
    )
    with pytest.raises(grpc.RpcError):
        auth.register("carol", other.code)


def test_members_list_their_own_invitations_admin_lists_all(auth):
    admin = auth.register("alice")
    member = auth.register("bob")
    mine = auth.stub.CreateInvitation(
        auth_pb2.CreateInvitationRequest(max_uses=1, note="bob's"), metadata=auth.caller(member)
    )
    listed = auth.stub.ListInvitations(auth_pb2.ListInvitationsRequest(), metadata=auth.caller(member))
    assert [i.code for i in listed.invitations] == [mine.code]
    all_codes = {
        i.code
        for i in auth.stub.ListInvitations(
            auth_pb2.ListInvitationsRequest(), metadata=auth.caller(admin)
        ).invitations
    }
    assert {mine.code, "BOOTSTRAP2025"} <= all_codes
    with pytest.raises(grpc.RpcError) as exc:  # a member cannot deactivate someone else's code
        auth.stub.DeactivateInvitation(
            auth_pb2.DeactivateInvitationRequest(code="BOOTSTRAP2025"), metadata=auth.caller(member)
        )
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND


def test_invitation_limits_are_validated(auth):
    admin = auth.register("alice")
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.CreateInvitation(
            auth_pb2.CreateInvitationRequest(max_uses=101), metadata=auth.caller(admin)
        )
    assert from_rpc_error(exc.value).errors[0].field == "max_uses"
    _ = PASSWORD
