"""Parse a multipart/form-data request as it arrives: the file part's bytes are handed on chunk by chunk
(never buffered whole), the small text fields are collected.

A body that is not well-formed multipart (RFC 7578: every part names itself in a Content-Disposition header,
the body ends with the closing boundary) is a 400 problem: a truncated body would otherwise pass as a
shorter file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header

from wie_gateway.problems import Problem

MAX_FIELD_BYTES = 64 * 1024


def _malformed(detail: str) -> Problem:
    return Problem(400, f"the multipart body is malformed: {detail}", reason="malformed_multipart")


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    filename: str | None = None
    text: bytearray = field(default_factory=bytearray)


@dataclass
class StreamedForm:
    """Collects `fields` and yields file chunks while reading; fields after the file are there at the end."""

    file_field: str
    fields: dict[str, str] = field(default_factory=dict)
    file_name: str | None = None
    file_seen: bool = False


def boundary_of(content_type: str) -> bytes:
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise Problem(415, "send the file as multipart/form-data with a 'file' part", reason="not_multipart")
    return params[b"boundary"]


async def stream_file(
    body: AsyncIterator[bytes], content_type: str, form: StreamedForm, max_bytes: int
) -> AsyncIterator[bytes]:
    pending: list[bytes] = []
    part = _Part()
    header_field = bytearray()
    header_value = bytearray()
    total = 0

    def on_part_begin() -> None:
        nonlocal part
        part = _Part()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        part.headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        disposition, params = parse_options_header(part.headers.get(b"content-disposition", b""))
        if disposition != b"form-data" or not params.get(b"name"):
            raise _malformed("every part needs a header 'Content-Disposition: form-data; name=\"…\"'")
        part.name = params[b"name"].decode("utf-8", "replace")
        if b"filename" in params:
            part.filename = params[b"filename"].decode("utf-8", "replace")
        if part.name == form.file_field:
            form.file_seen = True
            form.file_name = part.filename or "upload"

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part.name == form.file_field:
            pending.append(bytes(data[start:end]))
        elif len(part.text) + (end - start) <= MAX_FIELD_BYTES:
            part.text.extend(data[start:end])
        else:
            raise Problem(422, f"form field '{part.name}' is too long", reason="field_too_long")

    def on_part_end() -> None:
        if part.name and part.name != form.file_field:
            form.fields[part.name] = part.text.decode("utf-8", "replace")

    parser = MultipartParser(
        boundary_of(content_type),
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
        },
    )
    async for chunk in body:
        total += len(chunk)
        if total > max_bytes:
            raise Problem(
                413, f"the upload is larger than {max_bytes // (1024 * 1024)} MB", reason="file_too_large"
            )
        try:
            parser.write(chunk)
        except FormParserError as exc:
            raise _malformed(str(exc)) from None
        while pending:
            yield pending.pop(0)
    if parser.state != MultipartState.END:
        raise _malformed("it ends before its closing boundary")
    parser.finalize()
    while pending:
        yield pending.pop(0)
