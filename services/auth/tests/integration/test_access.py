"""Per-warehouse access: grant, revoke, check, list — real gRPC on a real database."""

from __future__ import annotations

import grpc
import pytest

from wie.auth.v1 import auth_pb2
from wie_common.grpc_errors import from_rpc_error

from .conftest import code_of


@pytest.fixture
def people(auth):
    alice, bob, carol = auth.register("alice"), auth.register("bob"), auth.register("carol")
    auth.stub.GrantAccess(
        auth_pb2.GrantAccessRequest(warehouse_id="w1", user_id=alice.id, access=auth_pb2.ADMIN),
        metadata=auth.caller(alice),
    )
    return alice, bob, carol


def _check(auth, user, level):
    return auth.stub.CheckAccess(
        auth_pb2.CheckAccessRequest(warehouse_id="w1", user_id=user.id, required=level)
    )


def test_creator_becomes_admin_and_grants_levels(auth, people):
    alice, bob, _ = people
    auth.stub.GrantAccess(
        auth_pb2.GrantAccessRequest(warehouse_id="w1", username="bob", access=auth_pb2.READ),
        metadata=auth.caller(alice),
    )
    assert _check(auth, bob, auth_pb2.READ).allowed
    assert not _check(auth, bob, auth_pb2.WRITE).allowed
    assert _check(auth, alice, auth_pb2.ADMIN).access == auth_pb2.ADMIN
    entries = auth.stub.ListWarehouseAccess(
        auth_pb2.ListWarehouseAccessRequest(warehouse_id="w1"), metadata=auth.caller(bob)
    ).entries
    assert {(e.username, e.access) for e in entries} == {("alice", auth_pb2.ADMIN), ("bob", auth_pb2.READ)}


def test_nobody_else_can_claim_an_existing_warehouse(auth, people):
    _, bob, _ = people
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.GrantAccess(
            auth_pb2.GrantAccessRequest(warehouse_id="w1", user_id=bob.id, access=auth_pb2.ADMIN),
            metadata=auth.caller(bob),
        )
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND


def test_non_admin_cannot_grant(auth, people):
    alice, bob, _ = people
    auth.stub.GrantAccess(
        auth_pb2.GrantAccessRequest(warehouse_id="w1", username="bob", access=auth_pb2.WRITE),
        metadata=auth.caller(alice),
    )
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.GrantAccess(
            auth_pb2.GrantAccessRequest(warehouse_id="w1", username="carol", access=auth_pb2.READ),
            metadata=auth.caller(bob),
        )
    assert code_of(exc) == grpc.StatusCode.PERMISSION_DENIED
    assert from_rpc_error(exc.value).reason == "access_too_low"  # the platform's one reason


def test_revoke_and_last_admin_is_kept(auth, people):
    alice, bob, _ = people
    md = auth.caller(alice)
    auth.stub.GrantAccess(
        auth_pb2.GrantAccessRequest(warehouse_id="w1", username="bob", access=auth_pb2.READ), metadata=md
    )
    auth.stub.RevokeAccess(auth_pb2.RevokeAccessRequest(warehouse_id="w1", username="bob"), metadata=md)
    assert not _check(auth, bob, auth_pb2.READ).allowed
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.RevokeAccess(auth_pb2.RevokeAccessRequest(warehouse_id="w1", username="alice"), metadata=md)
    assert code_of(exc) == grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.GrantAccess(
            auth_pb2.GrantAccessRequest(warehouse_id="w1", username="alice", access=auth_pb2.READ),
            metadata=md,
        )
    assert code_of(exc) == grpc.StatusCode.FAILED_PRECONDITION


def test_stranger_sees_nothing(auth, people):
    _, _, carol = people
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.ListWarehouseAccess(
            auth_pb2.ListWarehouseAccessRequest(warehouse_id="w1"), metadata=auth.caller(carol)
        )
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    assert from_rpc_error(exc.value).reason == "warehouse_not_found"
    listed = auth.stub.ListUserWarehouses(
        auth_pb2.ListUserWarehousesRequest(user_id=carol.id), metadata=auth.caller(carol)
    )
    assert list(listed.entries) == []


def test_forget_warehouse_drops_every_entry_but_only_for_its_admin(auth, people):
    alice, bob, _ = people
    md = auth.caller(alice)
    auth.stub.GrantAccess(
        auth_pb2.GrantAccessRequest(warehouse_id="w1", username="bob", access=auth_pb2.WRITE), metadata=md
    )
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.ForgetWarehouse(
            auth_pb2.ForgetWarehouseRequest(warehouse_id="w1"), metadata=auth.caller(bob)
        )
    assert code_of(exc) == grpc.StatusCode.PERMISSION_DENIED
    assert (
        auth.stub.ForgetWarehouse(auth_pb2.ForgetWarehouseRequest(warehouse_id="w1"), metadata=md).removed
        == 2
    )
    assert not _check(auth, alice, auth_pb2.READ).allowed
    assert list(auth.stub.GetMe(auth_pb2.GetMeRequest(), metadata=md).warehouses) == []
