"""Caller and request id travel in gRPC metadata; junk in that metadata grants nothing and crashes nothing."""

from __future__ import annotations

import json
import re

import pytest

from wie_common.context import (
    REQUEST_ID,
    USER_ID,
    USER_WAREHOUSES,
    Caller,
    caller_to_metadata,
    caller_var,
    current_metadata,
    metadata_to_context,
    request_id_var,
)


def test_caller_and_request_id_round_trip() -> None:
    caller = Caller("u1", "ana", "admin", {"w1": "READ", "w2": "WRITE", "w3": "ADMIN"})
    request_id, back = metadata_to_context(caller_to_metadata(caller, "req-42"))
    assert request_id == "req-42"
    assert back == caller


def test_no_caller_sends_only_the_request_id() -> None:
    md = caller_to_metadata(None, "req-1")
    assert md == ((REQUEST_ID, "req-1"),)
    assert metadata_to_context(md) == ("req-1", None)


def test_a_missing_request_id_is_generated() -> None:
    (key, value), *_ = caller_to_metadata(None, "")
    assert key == REQUEST_ID
    assert re.fullmatch(r"[0-9a-f]{32}", value)
    request_id, caller = metadata_to_context(None)
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert caller is None


def test_bytes_values_are_decoded() -> None:
    md = [(REQUEST_ID, b"req-b"), (USER_ID, b"u1"), (USER_WAREHOUSES, b'{"w1":"WRITE"}')]
    request_id, caller = metadata_to_context(md)
    assert request_id == "req-b"
    assert caller == Caller("u1", warehouses={"w1": "WRITE"})


@pytest.mark.parametrize(
    "raw",
    ["{not json", "", "null", "[]", '["w1"]', "42", '"READ"', '{"w1": ["READ"]}', '{"w1": null}'],
)
def test_junk_warehouses_grant_nothing(raw: str) -> None:
    _, caller = metadata_to_context([(USER_ID, "u1"), (USER_WAREHOUSES, raw)])
    assert caller is not None
    assert caller.warehouses == {}
    assert caller.access_to("w1") is None


def test_unknown_levels_are_dropped_known_ones_kept() -> None:
    raw = json.dumps({"w1": "OWNER", "w2": "read", "w3": "ADMIN", "4": "READ"})
    _, caller = metadata_to_context([(USER_ID, "u1"), (USER_WAREHOUSES, raw)])
    assert caller is not None
    assert caller.warehouses == {"w3": "ADMIN", "4": "READ"}


def test_metadata_without_a_user_id_is_anonymous() -> None:
    assert metadata_to_context([(USER_ID, ""), (USER_WAREHOUSES, '{"w1":"ADMIN"}')])[1] is None


def test_current_metadata_forwards_the_call_being_served() -> None:
    caller = Caller("u9", warehouses={"w1": "READ"})
    rid_token, caller_token = request_id_var.set("req-9"), caller_var.set(caller)
    try:
        assert metadata_to_context(current_metadata()) == ("req-9", caller)
    finally:
        request_id_var.reset(rid_token)
        caller_var.reset(caller_token)


def test_can_compares_levels() -> None:
    caller = Caller("u1", warehouses={"w1": "WRITE"})
    assert caller.can("w1", "READ")
    assert caller.can("w1", "WRITE")
    assert not caller.can("w1", "ADMIN")
    assert not caller.can("w2", "READ")
