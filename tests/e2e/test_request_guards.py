"""Request hygiene through the real gateway (issue 10 items 3 and 10): an unusable X-Request-ID is replaced,
every answer carries one, and every body but an upload's is bounded by MAX_BODY_MB before it is read."""

from __future__ import annotations

import httpx

from .example_data import EXAMPLE_CSV
from .raw_http import chunked, send_until_answered

MB = 1024 * 1024
PIECE = b" " * (64 * 1024)


def test_a_non_ascii_request_id_is_replaced_and_the_call_still_works(stack):
    client = stack.user("e2e-request-id")
    # Before: gRPC refused the metadata and the gateway answered 500.
    reply = client.get("/auth/me", headers={"X-Request-ID": "zażółć-42".encode()})
    assert reply.status_code == 200 and reply.json()["username"] == "e2e-request-id"
    fresh = reply.headers["x-request-id"]
    assert fresh.isascii() and len(fresh) == 32
    assert client.get("/auth/me", headers={"X-Request-ID": "job-7:step-2"}).headers["x-request-id"] == (
        "job-7:step-2"
    )
    client.close()


def test_every_answer_carries_a_request_id(stack):
    client = stack.user("e2e-request-id-4xx")
    answers = [
        httpx.get(f"{stack.api}/auth/me"),  # 401
        client.get("/warehouses/00000000-0000-0000-0000-000000000000"),  # 404 from a service
        client.post("/warehouses", json={"name": "x\u0000"}),  # 422 from the NUL guard
        client.post("/warehouses", json={"name": "x" * (5 * MB)}),  # 413 from the body guard
        client.post("/warehouses", json={"name": 1}),  # 422 validation
    ]
    assert [a.status_code for a in answers] == [401, 404, 422, 413, 422]
    for answer in answers:
        assert len(answer.headers["x-request-id"]) == 32
        assert answer.headers["content-type"].startswith("application/problem+json")
    client.close()


def test_a_declared_oversized_body_is_refused_before_it_is_sent(stack):
    client = stack.user("e2e-body-declared")
    answer = send_until_answered(
        f"{stack.api}/warehouses",
        "POST",
        {
            "Authorization": client.headers["Authorization"],
            "Content-Type": "application/octet-stream",
            "Content-Length": str(400 * MB),
        },
        [PIECE] * 64,  # 4 MiB of the 400 offered; before, the gateway waited for (and held) all of it
    )
    assert answer.status == 413, answer
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert b"MAX_BODY_MB" in answer.body
    client.close()


def test_a_streamed_body_is_refused_once_it_passes_the_limit(stack):
    client = stack.user("e2e-body-streamed")
    offered = 64 * MB
    answer = send_until_answered(
        f"{stack.api}/warehouses",
        "POST",
        {
            "Authorization": client.headers["Authorization"],
            "Content-Type": "application/json",
            "Transfer-Encoding": "chunked",
        },
        chunked([PIECE] * (offered // len(PIECE))),
    )
    assert answer.status == 413, answer
    # The gateway stopped reading past 4 MB; what else was sent sat in socket buffers.
    assert answer.body_bytes_sent < offered // 2
    client.close()


def test_uploads_are_bounded_by_max_upload_mb_not_by_the_body_limit(stack):
    client = stack.user("e2e-body-upload")
    row = "P999,01-01-001A,2026-01-10T07:00:00Z,,RICE\n"
    big = (EXAMPLE_CSV + row * (5 * MB // len(row))).encode()
    assert len(big) > 5 * MB
    reply = client.post("/column-mapping/suggest", files={"file": ("big.csv", big)})
    assert reply.status_code == 200, reply.text
    assert "pallet_id" in reply.json()["mapping"]
    client.close()
