"""The one access check: no caller or no access → NotFound; too low → PermissionDenied; else the caller."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wie_common.access import (
    REASON_ACCESS_TOO_LOW,
    REASON_WAREHOUSE_NOT_FOUND,
    Level,
    require_access,
    require_caller,
)
from wie_common.context import Caller, caller_var
from wie_common.errors import NotFound, PermissionDenied, Unauthenticated

LEVELS: list[Level] = ["READ", "WRITE", "ADMIN"]


def _caller(level: str) -> Caller:
    return Caller("u1", "ana", warehouses={"w1": level, "w2": "ADMIN"})


def test_no_caller_learns_nothing() -> None:
    with pytest.raises(NotFound) as caught:
        require_access(None, "w1", "READ")
    assert caught.value.reason == REASON_WAREHOUSE_NOT_FOUND


@pytest.mark.parametrize("level", LEVELS)
def test_no_access_to_this_warehouse_is_not_found_whatever_is_asked(level: Level) -> None:
    # ADMIN on w2 says nothing about w1.
    with pytest.raises(NotFound) as caught:
        require_access(Caller("u1", warehouses={"w2": "ADMIN"}), "w1", level)
    assert caught.value.reason == REASON_WAREHOUSE_NOT_FOUND
    assert "w1" in caught.value.detail


@pytest.mark.parametrize(
    ("held", "required"),
    [(h, r) for h in LEVELS for r in LEVELS if LEVELS.index(h) >= LEVELS.index(r)],
)
def test_at_or_above_the_level_returns_the_caller(held: str, required: Level) -> None:
    caller = _caller(held)
    assert require_access(caller, "w1", required) is caller


@pytest.mark.parametrize(
    ("held", "required"),
    [("READ", "WRITE"), ("READ", "ADMIN"), ("WRITE", "ADMIN")],
)
def test_below_the_level_is_permission_denied(held: str, required: Level) -> None:
    with pytest.raises(PermissionDenied) as caught:
        require_access(_caller(held), "w1", required)
    err = caught.value
    assert err.reason == REASON_ACCESS_TOO_LOW
    assert err.extra == {"required": required, "held": held}
    assert required in err.detail
    assert held in err.detail


@pytest.fixture
def signed_in() -> Iterator[Caller]:
    caller = _caller("READ")
    token = caller_var.set(caller)
    yield caller
    caller_var.reset(token)


def test_require_caller_returns_the_caller_being_served(signed_in: Caller) -> None:
    assert require_caller() is signed_in


def test_require_caller_without_one_is_unauthenticated() -> None:
    with pytest.raises(Unauthenticated) as caught:
        require_caller()
    assert caught.value.reason == "no_caller"
