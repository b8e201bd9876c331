"""Bodies of the warehouse-template routes, and their protobuf mapping."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from wie.locations.v1 import locations_pb2 as pb
from wie_common.proto_time import to_datetime
from wie_gateway.schemas.warehouses import (
    SpecialAreaIn,
    SpecialAreaOut,
    StructureIn,
    StructureOut,
    Text,
)


class WarehouseTemplateIn(BaseModel):
    """From a warehouse you can read (`from_warehouse_id`), or from a structure with special areas."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Standard DC",
                    "is_public": False,
                    "from_warehouse_id": "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b0c",
                }
            ]
        }
    )

    name: Text
    description: str = Field(default="", max_length=2000)
    is_public: bool = False
    from_warehouse_id: Text | None = None
    structure: StructureIn | None = None
    special_areas: list[SpecialAreaIn] = Field(default_factory=list, max_length=10_000)
    location_format: Text | None = None

    def to_pb(self) -> pb.CreateTemplateRequest:
        return pb.CreateTemplateRequest(
            name=self.name,
            description=self.description,
            is_public=self.is_public,
            from_warehouse_id=self.from_warehouse_id or "",
            structure=self.structure.to_pb() if self.structure else None,
            special_areas=[a.to_pb() for a in self.special_areas],
            location_format=self.location_format or "",
        )


class WarehouseTemplateOut(BaseModel):
    code: str = Field(description="share it: POST /warehouses {name, template_code}")
    name: str
    description: str
    is_public: bool
    structure: StructureOut
    special_areas: list[SpecialAreaOut]
    location_format: str | None
    created_by: str
    created_at: datetime

    @classmethod
    def from_pb(cls, t: pb.WarehouseTemplate) -> WarehouseTemplateOut:
        return cls(
            code=t.code,
            name=t.name,
            description=t.description,
            is_public=t.is_public,
            structure=StructureOut.from_pb(t.structure),
            special_areas=[SpecialAreaOut.from_pb(a) for a in t.special_areas],
            location_format=t.location_format or None,
            created_by=t.created_by,
            created_at=to_datetime(t.created_at),
        )


class WarehouseTemplateList(BaseModel):
    items: list[WarehouseTemplateOut]
