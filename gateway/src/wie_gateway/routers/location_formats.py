"""/location-formats/detect: learn a warehouse's code style from a few examples (rules.md §2.1)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from wie.locations.v1 import locations_pb2 as pb
from wie_gateway.deps import LocationsStub, opts
from wie_gateway.schemas.locations import DetectIn, DetectOut
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/location-formats", tags=["locations"])


@router.post(
    "/detect",
    response_model=DetectOut,
    operation_id="detect_location_format",
    summary="Learn a location-code format from examples",
)
async def detect(
    body: DetectIn, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> DetectOut:
    """The pattern most examples share; store it with PATCH /warehouses/{id} `{location_format: pattern}`."""
    reply = await locations.DetectFormat(
        pb.DetectFormatRequest(examples=body.examples), **opts(request, caller)
    )
    return DetectOut.from_pb(reply)
