"""Bodies of the location, location-format and access routes, and their protobuf mapping."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wie.locations.v1 import locations_pb2 as pb
from wie_gateway.schemas.warehouses import Count, Text


class LocationOut(BaseModel):
    code: str = Field(
        description="the code as the warehouse writes it: in its learned format when it has one (B-03-12C), "
        "else canonical (01-02-015B, RECV-01)"
    )
    canonical: str = Field(
        description="the canonical code: AA-RR-PPPL for storage, the area's code otherwise"
    )
    type: str = Field(
        description="STORAGE, RECEIVING, STAGING, DOCK, AISLE or one of the warehouse's own types"
    )
    capacity: int
    zone: str
    allowed_products: list[str]
    is_active: bool
    is_override: bool = Field(description="a storage location with a stored override")

    @classmethod
    def from_pb(cls, loc: pb.Location) -> LocationOut:
        return cls(
            code=loc.spelling or loc.code,
            canonical=loc.code,
            type=loc.type,
            capacity=loc.capacity,
            zone=loc.zone,
            allowed_products=list(loc.allowed_products),
            is_active=loc.is_active,
            is_override=loc.is_override,
        )


class ResolvedLocationOut(LocationOut):
    input: str = Field(description="the code as written in the request")
    excluded: bool = Field(description="matches one of the warehouse's scope exclusions")

    @classmethod
    def from_resolution(cls, r: pb.Resolution) -> ResolvedLocationOut:
        base = LocationOut.from_pb(r.location).model_dump()
        return cls(**base, input=r.input, excluded=r.excluded)


class LocationList(BaseModel):
    items: list[LocationOut]
    next_cursor: str | None


class LocationPutIn(BaseModel):
    """A special area (created when the code is new: `type` needed) or a storage location's override.
    Fields left out (or null) keep their current value."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"type": "RECEIVING", "capacity": 6, "zone": "DOCK"},
                {"capacity": 2},
                {"is_active": False},
            ]
        }
    )

    type: Text | None = None
    capacity: Count | None = None
    zone: Text | None = None
    allowed_products: list[Text] | None = Field(default=None, max_length=100)
    is_active: bool | None = None

    def to_pb(self, warehouse_id: str, code: str) -> pb.PutLocationRequest:
        mask = sorted(f for f in self.model_fields_set if getattr(self, f) is not None)
        return pb.PutLocationRequest(
            warehouse_id=warehouse_id,
            code=code,
            update_mask=mask,
            type=self.type or "",
            capacity=self.capacity or 0,
            zone=self.zone or "",
            allowed_products=self.allowed_products or [],
            is_active=bool(self.is_active),
        )


class DetectIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"examples": ["01-02-015B", "01-02-016A", "03-11-002C"]}]}
    )

    examples: list[Text] = Field(max_length=1000, description="3 to 50 example location codes")


class DetectOut(BaseModel):
    pattern: str = Field(description="give it to PATCH /warehouses/{id} as location_format")
    parts: list[str]
    confidence: float
    canonical_examples: list[str | None] = Field(
        description="null where the pattern does not read an example"
    )

    @classmethod
    def from_pb(cls, d: pb.DetectedFormat) -> DetectOut:
        return cls(
            pattern=d.pattern,
            parts=list(d.parts),
            confidence=d.confidence,
            canonical_examples=[c or None for c in d.canonical_examples],
        )


Access = Literal["READ", "WRITE", "ADMIN"]


class AccessIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"access": "WRITE"}]})

    access: Access


class AccessOut(BaseModel):
    user_id: str
    username: str
    access: str


class AccessList(BaseModel):
    items: list[AccessOut]
