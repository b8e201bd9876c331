"""Bodies of the warehouse routes (api.md "Warehouses and locations"), and their protobuf mapping.

Bounds here only keep values inside what the wire format carries (int32) and payloads small; the locations
service owns the real rules and answers 422 naming the field (e.g. `structure.levels`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from wie.locations.v1 import locations_pb2 as pb
from wie_common.proto_time import to_datetime

Count = Annotated[int, Field(ge=0, le=2_147_483_647)]
Text = Annotated[str, Field(max_length=200)]


class ZoneRangeIn(BaseModel):
    aisles: list[Count] = Field(max_length=1000)
    zone: Text


class StructureIn(BaseModel):
    aisles: Count
    racks_per_aisle: Count
    positions_per_rack: Count
    levels: Annotated[str, Field(max_length=26)]
    default_pallet_capacity: Count = 1
    default_zone: Text = "GENERAL"
    zones: list[ZoneRangeIn] = Field(default_factory=list, max_length=1000)

    def to_pb(self) -> pb.Structure:
        return pb.Structure(
            aisles=self.aisles,
            racks_per_aisle=self.racks_per_aisle,
            positions_per_rack=self.positions_per_rack,
            levels=self.levels,
            default_pallet_capacity=self.default_pallet_capacity,
            default_zone=self.default_zone,
            zones=[pb.ZoneRange(aisles=z.aisles, zone=z.zone) for z in self.zones],
        )


class StructureOut(StructureIn):
    @classmethod
    def from_pb(cls, s: pb.Structure) -> StructureOut:
        return cls(
            aisles=s.aisles,
            racks_per_aisle=s.racks_per_aisle,
            positions_per_rack=s.positions_per_rack,
            levels=s.levels,
            default_pallet_capacity=s.default_pallet_capacity,
            default_zone=s.default_zone,
            zones=[ZoneRangeIn(aisles=list(z.aisles), zone=z.zone) for z in s.zones],
        )


class SpecialAreaIn(BaseModel):
    code: Text
    type: Text
    capacity: Count
    zone: Text | None = None  # None: the warehouse's default zone
    allowed_products: list[Text] = Field(default_factory=list, max_length=100)
    is_active: bool = True

    def to_pb(self) -> pb.SpecialArea:
        return pb.SpecialArea(
            code=self.code,
            type=self.type,
            capacity=self.capacity,
            zone=self.zone or "",
            allowed_products=self.allowed_products,
            is_active=self.is_active,
        )


class SpecialAreaOut(SpecialAreaIn):
    @classmethod
    def from_pb(cls, a: pb.SpecialArea) -> SpecialAreaOut:
        return cls(
            code=a.code,
            type=a.type,
            capacity=a.capacity,
            zone=a.zone or None,
            allowed_products=list(a.allowed_products),
            is_active=a.is_active if a.HasField("is_active") else True,
        )


class WarehouseIn(BaseModel):
    """A structure with special areas, or `{name, template_code}`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Lyon DC",
                    "timezone": "Europe/Paris",
                    "structure": {
                        "aisles": 4,
                        "racks_per_aisle": 3,
                        "positions_per_rack": 20,
                        "levels": "ABCD",
                        "default_pallet_capacity": 1,
                        "default_zone": "AMBIENT",
                        "zones": [{"aisles": [4], "zone": "FREEZER"}],
                    },
                    "special_areas": [
                        {"code": "RECV-01", "type": "RECEIVING", "capacity": 10, "zone": "DOCK"},
                        {"code": "STAGE-01", "type": "STAGING", "capacity": 4},
                    ],
                },
                {"name": "Lyon DC (copy)", "template_code": "T-7K2M9Q"},
            ]
        }
    )

    name: Text
    timezone: Text | None = None  # IANA name; default UTC
    date_order: Text | None = None  # MDY (default) or DMY: decides ambiguous dates in uploads
    structure: StructureIn | None = None
    special_areas: list[SpecialAreaIn] = Field(default_factory=list, max_length=10_000)
    auto_aisle_areas: bool = True
    template_code: Text | None = None
    scope_exclusions: list[Text] = Field(default_factory=list, max_length=100)

    def to_pb(self) -> pb.CreateWarehouseRequest:
        return pb.CreateWarehouseRequest(
            name=self.name,
            timezone=self.timezone or "",
            date_order=self.date_order or "",
            structure=self.structure.to_pb() if self.structure else None,
            special_areas=[a.to_pb() for a in self.special_areas],
            auto_aisle_areas=self.auto_aisle_areas,
            template_code=self.template_code or "",
            scope_exclusions=self.scope_exclusions,
        )


class WarehousePatchIn(BaseModel):
    """Only the fields sent change; `location_format: null` removes the learned format."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Lyon DC North"}, {"location_format": None}]}
    )

    name: Text | None = None
    timezone: Text | None = None
    date_order: Text | None = None
    structure: StructureIn | None = None
    special_areas: list[SpecialAreaIn] | None = Field(default=None, max_length=10_000)
    scope_exclusions: list[Text] | None = Field(default=None, max_length=100)
    location_format: Text | None = None  # a `pattern` from POST /location-formats/detect
    auto_aisle_areas: bool = False  # add the AISLE-NN areas the (new) structure lacks

    def to_pb(self, warehouse_id: str) -> pb.UpdateWarehouseRequest:
        sent = self.model_fields_set
        # null means "no change" for every field but location_format, where it means "none".
        mask = [
            f
            for f in sent
            if f != "auto_aisle_areas" and (getattr(self, f) is not None or f == "location_format")
        ]
        return pb.UpdateWarehouseRequest(
            id=warehouse_id,
            update_mask=sorted(mask),
            name=self.name or "",
            timezone=self.timezone or "",
            date_order=self.date_order or "",
            structure=self.structure.to_pb() if self.structure else None,
            special_areas=[a.to_pb() for a in self.special_areas or []],
            scope_exclusions=self.scope_exclusions or [],
            location_format=self.location_format or "",
            auto_aisle_areas=self.auto_aisle_areas,
        )


class WarehouseOut(BaseModel):
    id: str
    name: str
    timezone: str
    date_order: str
    structure: StructureOut
    special_areas: list[SpecialAreaOut]
    location_format: str | None
    scope_exclusions: list[str]
    created_by: str
    created_at: datetime
    updated_at: datetime
    access: str | None = Field(default=None, description="the caller's access: READ, WRITE or ADMIN")

    @classmethod
    def from_pb(cls, w: pb.Warehouse, access: str | None) -> WarehouseOut:
        return cls(
            id=w.id,
            name=w.name,
            timezone=w.timezone,
            date_order=w.date_order,
            structure=StructureOut.from_pb(w.structure),
            special_areas=[SpecialAreaOut.from_pb(a) for a in w.special_areas],
            location_format=w.location_format or None,
            scope_exclusions=list(w.scope_exclusions),
            created_by=w.created_by,
            created_at=to_datetime(w.created_at),
            updated_at=to_datetime(w.updated_at),
            access=access,
        )


class WarehouseList(BaseModel):
    items: list[WarehouseOut]
