"""Uploads through the real gateway and analysis service (issue 10 items 1 and 9): a malformed multipart body
is a 400 problem on both upload routes, never a 5xx, and writes nothing; a caller who may not upload hears 404
or 403 before the gateway reads the body."""

from __future__ import annotations

import pytest

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE
from .raw_http import send_until_answered

MB = 1024 * 1024
BOUNDARY = "wieboundary"
FILE_HEAD = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="stock.csv"\r\n\r\n'
AS_OF = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="as_of"\r\n\r\n{EXAMPLE_AS_OF}\r\n'
CLOSE = f"\r\n--{BOUNDARY}--\r\n"

MALFORMED = {
    "a part without headers": f"--{BOUNDARY}\r\n\r\nhello\r\n--{BOUNDARY}--\r\n",
    "a part without headers before the file": f"--{BOUNDARY}\r\n\r\nx\r\n{FILE_HEAD}{EXAMPLE_CSV}{CLOSE}",
    "a part without a name": f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx{CLOSE}",
    "a header line without a colon": f"--{BOUNDARY}\r\nnot a header\r\n\r\nx{CLOSE}",
    "no boundary at all": "just some text",
    "a wrong boundary": f"--other\r\n{FILE_HEAD[len(BOUNDARY) + 4 :]}{EXAMPLE_CSV}\r\n--other--\r\n",
    # Cut short: before, the rows received so far were analysed as if they were the whole file.
    "a body cut before its closing boundary": AS_OF + FILE_HEAD + EXAMPLE_CSV[: len(EXAMPLE_CSV) // 2],
    "an empty body": "",
}


@pytest.fixture(scope="module")
def owner(stack):
    client = stack.user("e2e-upload-owner")
    yield client
    client.close()


@pytest.fixture(scope="module")
def warehouse_id(owner) -> str:
    return owner.post("/warehouses", json=EXAMPLE_WAREHOUSE).json()["id"]


@pytest.mark.parametrize("shape", sorted(MALFORMED))
@pytest.mark.parametrize("route", ["reports", "suggest"])
def test_malformed_multipart_is_a_400_problem(owner, warehouse_id, shape, route):
    path = f"/warehouses/{warehouse_id}/reports" if route == "reports" else "/column-mapping/suggest"
    reply = owner.post(
        path,
        content=MALFORMED[shape].encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert reply.status_code == 400, reply.text
    assert reply.headers["content-type"].startswith("application/problem+json")
    assert reply.json()["type"].endswith("/malformed-multipart")
    assert owner.get(f"/warehouses/{warehouse_id}/reports").json()["items"] == []


def test_a_well_formed_upload_still_works(owner, warehouse_id):
    body = (AS_OF + FILE_HEAD + EXAMPLE_CSV + CLOSE).encode()
    reply = owner.post(
        f"/warehouses/{warehouse_id}/reports",
        content=body,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert reply.status_code == 201, reply.text
    owner.delete(f"/reports/{reply.json()['id']}").raise_for_status()


def _upload_without_waiting(stack, token: str, warehouse_id: str, size: int):
    """A large upload, sent piece by piece until the gateway answers."""
    head = (AS_OF + FILE_HEAD).encode()
    row = b"P1,01-01-001A,2026-01-10T07:00:00Z,,RICE\n"
    rows = row * (64 * 1024 // len(row))
    pieces = [head, *([rows] * (size // len(rows)))]
    return send_until_answered(
        f"{stack.api}/warehouses/{warehouse_id}/reports",
        "POST",
        {
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(sum(map(len, pieces)) + len(CLOSE)),
        },
        pieces,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("access", "status", "reason"), [(None, 404, "warehouse-not-found"), ("READ", 403, "access-too-low")]
)
def test_a_caller_who_may_not_upload_hears_so_before_sending_the_file(
    stack, owner, warehouse_id, access, status, reason
):
    name = f"e2e-upload-{(access or 'none').lower()}"
    stranger = stack.user(name)
    if access:
        owner.put(f"/warehouses/{warehouse_id}/access/{name}", json={"access": access}).raise_for_status()
    token = stranger.headers["Authorization"].removeprefix("Bearer ")
    size = 64 * MB
    answer = _upload_without_waiting(stack, token, warehouse_id, size)
    # Before: the gateway relayed all 64 MB to the analysis service and only then heard 404.
    assert answer.status == status, answer
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert reason.encode() in answer.body
    assert answer.body_bytes_sent < size // 4
    assert owner.get(f"/warehouses/{warehouse_id}/reports").json()["items"] == []
    stranger.close()
