"""The streaming multipart parser of uploads: a well-formed body yields the file's bytes and the fields; a
malformed one is a 400 problem (never an exception the route does not expect, nor a silently cut file)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from wie_gateway.multipart_stream import StreamedForm, stream_file
from wie_gateway.problems import Problem

CT = "multipart/form-data; boundary=b"
FILE = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
FIELD = '--b\r\nContent-Disposition: form-data; name="as_of"\r\n\r\n2026-01-10\r\n'


async def _pieces(body: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def _parse(body: str, size: int = 7, content_type: str = CT) -> tuple[StreamedForm, bytes]:
    async def run() -> tuple[StreamedForm, bytes]:
        form = StreamedForm(file_field="file")
        data = b"".join(
            [c async for c in stream_file(_pieces(body.encode(), size), content_type, form, 10**6)]
        )
        return form, data

    return asyncio.run(run())


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_a_well_formed_body_gives_the_file_and_the_fields(size):
    form, data = _parse(FIELD + FILE + "a,b\n1,2\n\r\n--b--\r\n", size)
    assert data == b"a,b\n1,2\n"
    assert (form.file_seen, form.file_name, form.fields) == (True, "a.csv", {"as_of": "2026-01-10"})


@pytest.mark.parametrize(
    "body",
    [
        "--b\r\n\r\nhello\r\n--b--\r\n",  # a part without headers
        "--b\r\n\r\nx\r\n" + FILE + "a\r\n--b--\r\n",  # … before a good file part
        "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n",  # no name
        '--b\r\nContent-Disposition: attachment; name="file"\r\n\r\nx\r\n--b--\r\n',  # not form-data
        "--b\r\nnot a header\r\n\r\nx\r\n--b--\r\n",
        "garbage",
        "--other\r\n\r\nx\r\n--other--\r\n",
        FIELD + FILE + "a,b\n1,2\n",  # cut before the closing boundary
        "",
    ],
)
def test_a_malformed_body_is_a_400_problem(body):
    with pytest.raises(Problem) as raised:
        _parse(body)
    assert (raised.value.status, raised.value.reason) == (400, "malformed_multipart")


def test_a_body_that_is_not_multipart_is_415():
    with pytest.raises(Problem) as raised:
        _parse("{}", content_type="application/json")
    assert raised.value.status == 415
