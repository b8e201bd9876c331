"""The upload size limit: 413 problem beyond MAX_UPLOAD_MB, declared or streamed, and nothing written."""

from __future__ import annotations

import io

import httpx
import pytest

from wie_common.testing.postgres import create_database, drop_database

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE
from .stack import start_stack


@pytest.fixture
def small_limit_stack(pg_admin_url):
    url = create_database(pg_admin_url)
    stack = start_stack(url, {"MAX_UPLOAD_MB": "1"})
    yield stack
    stack.stop()
    drop_database(pg_admin_url, url)


def test_uploads_over_the_limit_are_413_and_write_nothing(small_limit_stack):
    stack = small_limit_stack
    client = stack.user("e2e-limits")
    wid = client.post("/warehouses", json=EXAMPLE_WAREHOUSE).json()["id"]
    big = (EXAMPLE_CSV + "P999,01-01-001A,2026-01-10T07:00:00Z,,RICE\n" * 40_000).encode()  # ≈1.7 MB
    assert len(big) > 1024 * 1024

    declared = client.post(
        f"/warehouses/{wid}/reports",
        files={"file": ("big.csv", io.BytesIO(big))},
        data={"as_of": EXAMPLE_AS_OF},
    )
    assert declared.status_code == 413
    assert declared.headers["content-type"].startswith("application/problem+json")

    def chunked():  # no Content-Length: the limit must hold while streaming
        boundary = b"wieboundary"
        yield (
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
        )
        for start in range(0, len(big), 64 * 1024):
            yield big[start : start + 64 * 1024]
        yield b"\r\n--" + boundary + b"--\r\n"

    streamed = httpx.post(
        f"{stack.api}/warehouses/{wid}/reports",
        content=chunked(),
        timeout=60,
        headers={
            "Authorization": client.headers["Authorization"],
            "Content-Type": "multipart/form-data; boundary=wieboundary",
        },
    )
    assert streamed.status_code == 413
    assert "MB" in streamed.json()["detail"]

    small = client.post(
        f"/warehouses/{wid}/reports",
        files={"file": ("ok.csv", io.BytesIO(EXAMPLE_CSV.encode()))},
        data={"as_of": EXAMPLE_AS_OF},
    )
    assert small.status_code == 201
    assert len(client.get(f"/warehouses/{wid}/reports").json()["items"]) == 1
    client.close()
