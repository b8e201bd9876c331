"""Issue 10 item 6: failed sign-ins and invitation codes are limited per username and per client address,
counted in the auth schema (so every replica counts the same), through real gRPC on a real database."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from sqlalchemy import text

from auth_service.__main__ import build_servicer
from auth_service.settings import AuthSettings
from wie.auth.v1 import auth_pb2, auth_pb2_grpc
from wie_common.db import make_engine
from wie_common.grpc_errors import from_rpc_error
from wie_common.testing.grpc import grpc_server

from .conftest import PASSWORD

OFFICE = "203.0.113.7"


@pytest.fixture
def limited(request, database_url: str) -> Iterator[list[auth_pb2_grpc.AuthServiceStub]]:
    """Two auth replicas on one database, with small limits: 3 per username, 6 per address, 3 codes, in a
    window of 60 s (or of the seconds a test passes by indirect parametrisation)."""
    window_s = getattr(request, "param", 60)
    settings = AuthSettings(
        database_url=database_url,
        signin_max_failures_per_username=3,
        signin_max_failures_per_address=6,
        signin_window_s=window_s,
        registration_max_failures_per_address=3,
        registration_window_s=window_s,
    )
    engines = [make_engine(settings), make_engine(settings)]
    servicers = [build_servicer(e, settings) for e in engines]
    with (
        grpc_server(lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(servicers[0], s)) as one,
        grpc_server(lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(servicers[1], s)) as two,
    ):
        stubs = [auth_pb2_grpc.AuthServiceStub(one), auth_pb2_grpc.AuthServiceStub(two)]
        for name in ("alice", "bob", "carol", "dave"):
            stubs[0].Register(
                auth_pb2.RegisterRequest(username=name, password=PASSWORD, invitation_code="BOOTSTRAP2025")
            )
        yield stubs
    for e in engines:
        e.dispose()


def _wait_for_the_window_to_close(started: float, window_s: float) -> None:
    time.sleep(max(0.0, started + window_s + 0.2 - time.monotonic()))


def _sign_in(stub, username: str, password: str = PASSWORD, address: str = OFFICE) -> str:
    """'ok', 'wrong' or 'limited:<retry_after_s>'."""
    try:
        stub.IssueToken(
            auth_pb2.IssueTokenRequest(username=username, password=password, client_address=address)
        )
    except grpc.RpcError as exc:
        remote = from_rpc_error(exc)
        if remote.code == grpc.StatusCode.UNAUTHENTICATED:
            return "wrong"
        assert remote.kind == "rate_limited", remote
        return f"limited:{remote.extra['retry_after_s']}"
    return "ok"


@pytest.mark.parametrize("limited", [8], indirect=True)
def test_a_username_is_locked_after_its_failures_on_any_replica(limited):
    one, two = limited
    started = time.monotonic()
    assert [_sign_in(s, "alice", "wrong-pass") for s in (one, two, one)] == ["wrong"] * 3
    refused = _sign_in(two, "alice")  # even the right password: guessing must stop
    assert refused.startswith("limited:") and 1 <= int(refused.split(":")[1]) <= 8
    assert _sign_in(one, "bob") == "ok"  # another account from the same address is not refused
    _wait_for_the_window_to_close(started, 8)
    assert _sign_in(one, "alice") == "ok"


def test_a_right_password_ends_the_run_of_failures(limited):
    one, _ = limited
    assert [_sign_in(one, "alice", "wrong-pass") for _ in range(2)] == ["wrong"] * 2
    assert _sign_in(one, "alice") == "ok"
    assert [_sign_in(one, "alice", "wrong-pass") for _ in range(3)] == ["wrong"] * 3


def test_parallel_guesses_cannot_overshoot_the_username_limit(limited):
    one, two = limited
    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(lambda i: _sign_in((one, two)[i % 2], "carol", f"guess-{i}-x"), range(12)))
    assert results.count("wrong") == 3
    assert all(r.startswith("limited:") for r in results if r != "wrong")


def test_an_address_is_limited_only_at_its_much_higher_bound(limited):
    one, two = limited
    # 6 failures spread over usernames that never reach their own limit (2 each).
    for name in ("alice", "bob", "nobody"):
        assert [_sign_in(one, name, "wrong-pass") for _ in range(2)] == ["wrong"] * 2
    assert _sign_in(two, "dave").startswith("limited:")  # the address's bound is reached
    assert _sign_in(two, "dave", address="198.51.100.9") == "ok"  # another address is not affected


def test_below_the_address_bound_another_account_is_never_refused(limited):
    one, _ = limited
    for name in ("alice", "bob"):
        assert [_sign_in(one, name, "wrong-pass") for _ in range(2)] == ["wrong"] * 2
    assert _sign_in(one, "nobody", "wrong-pass") == "wrong"  # 5 of 6
    assert _sign_in(one, "dave") == "ok"


def test_ipv6_clients_are_counted_per_64(limited):
    one, _ = limited
    for i in range(6):
        assert _sign_in(one, f"user{i}", "wrong-pass", address=f"2001:db8:1:2::{i + 1}") == "wrong"
    assert _sign_in(one, "dave", address="2001:db8:1:2:ffff::1").startswith("limited:")
    assert _sign_in(one, "dave", address="2001:db8:1:3::1") == "ok"


def _register(stub, username: str, code: str, address: str = OFFICE) -> str:
    try:
        stub.Register(
            auth_pb2.RegisterRequest(
                username=username, password=PASSWORD, invitation_code=code, client_address=address
            )
        )
    except grpc.RpcError as exc:
        remote = from_rpc_error(exc)
        if remote.kind == "rate_limited":
            return "limited"
        return remote.reason
    return "ok"


@pytest.mark.parametrize("limited", [10], indirect=True)
def test_invitation_code_guessing_is_limited_per_address(limited):
    one, two = limited
    started = time.monotonic()
    guesses = [_register((one, two)[i % 2], f"guesser{i}", f"GUESS{i:04d}") for i in range(3)]
    assert guesses == ["invalid_invitation_code"] * 3
    assert _register(one, "newbie", "BOOTSTRAP2025") == "limited"  # even a valid code, from that address
    assert _register(one, "newbie", "BOOTSTRAP2025", address="198.51.100.9") == "ok"
    # Other failures are not guesses: a taken username does not count against the address.
    for _ in range(4):
        assert _register(one, "alice", "BOOTSTRAP2025", address="192.0.2.1") == "username_taken"
    assert _register(one, "erin", "BOOTSTRAP2025", address="192.0.2.1") == "ok"
    _wait_for_the_window_to_close(started, 10)
    assert _register(two, "newbie2", "BOOTSTRAP2025") == "ok"


@pytest.mark.parametrize("limited", [3], indirect=True)
def test_counters_live_in_the_auth_schema_and_expired_ones_are_pruned(limited, database_url):
    one, _ = limited
    started = time.monotonic()
    _sign_in(one, "alice", "wrong-pass", address="192.0.2.50")
    engine = make_engine(AuthSettings(database_url=database_url))
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT subject, failures FROM auth.failed_attempts")).all())
    assert rows == {"alice": 1, "192.0.2.50": 1}
    _wait_for_the_window_to_close(started, 3)
    _sign_in(one, "bob", "wrong-pass", address="192.0.2.51")  # a new failure prunes what has expired
    with engine.connect() as conn:
        subjects = set(conn.execute(text("SELECT subject FROM auth.failed_attempts")).scalars())
    engine.dispose()
    assert subjects == {"bob", "192.0.2.51"}
