"""Request id and caller token travel in gRPC metadata; what a call forwards is the proof it received, or a
fresh one for the same caller when that runs out (and the process can sign)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from wie_common import context
from wie_common.caller_tokens import TokenSigner, TokenVerifier, generate_private_pem
from wie_common.context import (
    CALLER_TOKEN,
    REQUEST_ID,
    Caller,
    ReceivedToken,
    call_metadata,
    caller_token_of,
    caller_var,
    current_metadata,
    received_token_var,
    request_id_of,
    request_id_var,
    sign_outgoing_calls_with,
)

SIGNER = TokenSigner(generate_private_pem(), issuer="wie-analysis")
VERIFIER = TokenVerifier.trusting([SIGNER])
UPLOADER = Caller("u9", "ana", "member", {"w1": "WRITE"})


def test_call_metadata_carries_the_request_id_and_the_token() -> None:
    md = call_metadata("req-42", "tok")
    assert md == ((REQUEST_ID, "req-42"), (CALLER_TOKEN, "tok"))
    assert (request_id_of(md), caller_token_of(md)) == ("req-42", "tok")


def test_a_missing_request_id_is_generated_and_bytes_are_decoded() -> None:
    (key, value), _ = call_metadata("", "")
    assert key == REQUEST_ID and re.fullmatch(r"[0-9a-f]{32}", value)
    assert re.fullmatch(r"[0-9a-f]{32}", request_id_of(None))
    assert caller_token_of([(CALLER_TOKEN, b"tok-b")]) == "tok-b"
    assert caller_token_of([("x-user-id", "u1")]) == ""


@pytest.fixture
def serving() -> Iterator[str]:
    """A call being served for UPLOADER, whose verified token has 40 s left."""
    token = SIGNER.sign(UPLOADER, now=time.time() - 10)
    tokens = (
        request_id_var.set("req-9"),
        caller_var.set(UPLOADER),
        received_token_var.set(ReceivedToken(token, time.time() + 40)),
    )
    yield token
    request_id_var.reset(tokens[0])
    caller_var.reset(tokens[1])
    received_token_var.reset(tokens[2])
    sign_outgoing_calls_with(None)


def test_current_metadata_forwards_the_token_received(serving: str) -> None:
    sign_outgoing_calls_with(SIGNER.sign)
    assert current_metadata() == call_metadata("req-9", serving)  # enough life left: forwarded as it is


def test_a_token_running_out_is_re_signed_for_the_same_caller(serving: str) -> None:
    received_token_var.set(ReceivedToken(serving, time.time() + context.REFRESH_BELOW_S - 1))
    assert caller_token_of(current_metadata()) == serving  # no key here: forwarded, the receiver decides
    sign_outgoing_calls_with(SIGNER.sign)
    fresh = caller_token_of(current_metadata())
    assert fresh != serving
    proof = VERIFIER.verify(fresh)
    assert proof.caller == UPLOADER and proof.issuer == "wie-analysis" and proof.seconds_left() > 25


def test_can_compares_levels() -> None:
    caller = Caller("u1", warehouses={"w1": "WRITE"})
    assert caller.can("w1", "READ")
    assert caller.can("w1", "WRITE")
    assert not caller.can("w1", "ADMIN")
    assert not caller.can("w2", "READ")
