"""Issue 10 item 5: a caller whose account row is gone is UNAUTHENTICATED, never a foreign-key crash."""

from __future__ import annotations

import grpc
import pytest
from sqlalchemy import text

from wie.auth.v1 import auth_pb2
from wie_common.grpc_errors import from_rpc_error


@pytest.fixture
def ghost(auth):
    """Metadata of a signed-in caller whose account was then deleted from the database."""
    auth.register("admin")
    user = auth.register("ghost")
    with auth.engine.begin() as conn:
        conn.execute(text("DELETE FROM auth.users WHERE id = :id"), {"id": user.id})
    return auth.caller(user)


@pytest.mark.parametrize(
    ("rpc", "request_msg"),
    [
        ("CreateInvitation", auth_pb2.CreateInvitationRequest(max_uses=1)),
        ("ListUserWarehouses", auth_pb2.ListUserWarehousesRequest()),
        ("GetMe", auth_pb2.GetMeRequest()),
    ],
)
def test_a_deleted_account_is_unauthenticated(auth, ghost, rpc, request_msg):
    with pytest.raises(grpc.RpcError) as exc:
        getattr(auth.stub, rpc)(request_msg, metadata=ghost)
    remote = from_rpc_error(exc.value)
    assert (remote.code, remote.reason) == (grpc.StatusCode.UNAUTHENTICATED, "unknown_user")


def test_an_admin_asking_for_a_missing_user_gets_not_found(auth):
    admin = auth.register("admin")
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.ListUserWarehouses(
            auth_pb2.ListUserWarehousesRequest(user_id="00000000-0000-0000-0000-000000000001"),
            metadata=auth.caller(admin),
        )
    assert exc.value.code() == grpc.StatusCode.NOT_FOUND
