"""What a PUT / DELETE of a location changes."""

from __future__ import annotations

import pytest

from locations_service.domain import (
    LocationChange,
    LocationOverride,
    SpecialArea,
    WarehouseModel,
    plan_delete,
    plan_put,
)
from wie_common.errors import InvalidArgument, NotFound


@pytest.mark.parametrize(
    ("code", "change", "expected"),
    [
        ("recv_2", LocationChange(capacity=12), SpecialArea("RECV-02", "RECEIVING", 12, "DOCK")),
        ("old1", LocationChange(is_active=True), SpecialArea("OLD-01", "STAGING", 3)),
        ("1-1-1a", LocationChange(zone="cold"), LocationOverride("01-01-001A", capacity=5, zone="COLD")),
        ("A2-R2-P2B", LocationChange(capacity=0), LocationOverride("02-02-002B", capacity=0)),
        ("04-03-020D", LocationChange(is_active=True), LocationOverride("04-03-020D", is_active=True)),
        (
            "stage-9",
            LocationChange(type="staging", zone="cold"),
            SpecialArea("STAGE-9", "STAGING", 2, "COLD"),
        ),
        ("DOCK-B", LocationChange(type="DOCK", capacity=4), SpecialArea("DOCK-B", "DOCK", 4)),
    ],
)
def test_plan_put(rich_model: WarehouseModel, code, change, expected):
    assert plan_put(rich_model, code, change) == expected


@pytest.mark.parametrize(
    ("code", "change", "field"),
    [
        ("05-01-001A", LocationChange(capacity=1), "code"),
        ("NEW-1", LocationChange(capacity=1), "type"),
        ("NEW-1", LocationChange(type="STORAGE"), "type"),
        ("NEW#1", LocationChange(type="DOCK"), "code"),
        ("RECV-01", LocationChange(type="X"), "type"),
        ("RECV-01", LocationChange(type="QC LANE"), "type"),
        ("01-01-001A", LocationChange(capacity=-1), "capacity"),
    ],
)
def test_plan_put_rejects(rich_model: WarehouseModel, code, change, field):
    with pytest.raises(InvalidArgument) as err:
        plan_put(rich_model, code, change)
    assert err.value.errors[0].field == field


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("recv-1", SpecialArea("RECV-01", "RECEIVING", 10)),
        ("1-2-3b", LocationOverride("01-02-003B", zone="COLD", allowed_products=("*MILK*",))),
    ],
)
def test_plan_delete(rich_model: WarehouseModel, code, expected):
    assert plan_delete(rich_model, code) == expected


@pytest.mark.parametrize("code", ["01-01-002A", "RECV-09", "05-01-001A", "junk"])
def test_plan_delete_not_found(rich_model: WarehouseModel, code):
    with pytest.raises(NotFound) as err:
        plan_delete(rich_model, code)
    assert err.value.reason == "location_not_found"
