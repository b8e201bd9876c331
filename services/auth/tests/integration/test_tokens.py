"""Token issue, rotation with reuse detection, logout, me — real gRPC on a real database."""

from __future__ import annotations

import json

import grpc
import jwt
import pytest

from wie.auth.v1 import auth_pb2

from .conftest import PASSWORD, code_of


def _login(auth, username="alice"):
    return auth.stub.IssueToken(auth_pb2.IssueTokenRequest(username=username, password=PASSWORD))


def test_token_verifies_against_published_jwks(auth):
    user = auth.register("alice")
    pair = _login(auth)
    assert pair.token_type == "bearer" and pair.expires_in == 900
    jwks = json.loads(auth.stub.GetJwks(auth_pb2.GetJwksRequest()).json)
    kid = jwt.get_unverified_header(pair.access_token)["kid"]
    key = next(jwt.PyJWK(k) for k in jwks["keys"] if k["kid"] == kid)
    claims = jwt.decode(
        pair.access_token, key=key, algorithms=["EdDSA"], audience="wie-api", issuer="wie-auth"
    )
    assert claims["sub"] == user.id and claims["username"] == "alice"


@pytest.mark.parametrize(("username", "password"), [("alice", "wrong-password"), ("nobody", PASSWORD)])
def test_bad_credentials_are_unauthenticated(auth, username, password):
    auth.register("alice")
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.IssueToken(auth_pb2.IssueTokenRequest(username=username, password=password))
    assert code_of(exc) == grpc.StatusCode.UNAUTHENTICATED


def test_system_user_cannot_log_in(auth):
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.IssueToken(auth_pb2.IssueTokenRequest(username="system", password=PASSWORD))
    assert code_of(exc) == grpc.StatusCode.UNAUTHENTICATED


def test_refresh_rotates_and_reuse_revokes_the_family(auth):
    auth.register("alice")
    first = _login(auth)
    second = auth.stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=first.refresh_token))
    assert second.refresh_token != first.refresh_token
    with pytest.raises(grpc.RpcError) as exc:  # replaying the rotated token
        auth.stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=first.refresh_token))
    assert code_of(exc) == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.RpcError):  # ... and the legitimate successor is revoked with it
        auth.stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=second.refresh_token))


def test_other_sessions_survive_a_revoked_family(auth):
    auth.register("alice")
    a, b = _login(auth), _login(auth)
    auth.stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=a.refresh_token))
    with pytest.raises(grpc.RpcError):
        auth.stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=a.refresh_token))
    assert auth.stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=b.refresh_token)).access_token


def test_logout_revokes_the_refresh_token(auth):
    auth.register("alice")
    pair = _login(auth)
    auth.stub.Logout(auth_pb2.LogoutRequest(refresh_token=pair.refresh_token))
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=pair.refresh_token))
    assert code_of(exc) == grpc.StatusCode.UNAUTHENTICATED


def test_me_needs_a_caller_and_lists_warehouses(auth):
    user = auth.register("alice")
    with pytest.raises(grpc.RpcError) as exc:
        auth.stub.GetMe(auth_pb2.GetMeRequest())
    assert code_of(exc) == grpc.StatusCode.UNAUTHENTICATED
    md = auth.caller(user)
    auth.stub.GrantAccess(
        auth_pb2.GrantAccessRequest(warehouse_id="w1", user_id=user.id, access=auth_pb2.ADMIN), metadata=md
    )
    me = auth.stub.GetMe(auth_pb2.GetMeRequest(), metadata=md)
    assert me.user.username == "alice"
    assert [(w.warehouse_id, w.access) for w in me.warehouses] == [("w1", auth_pb2.ADMIN)]
