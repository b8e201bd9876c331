"""/warehouses/{id}/locations: list (storage generated on the fly), resolve one code, edit, delete.

`{code}` takes the rest of the path, so special-area codes holding `/` work (URL-encode spaces)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from wie.locations.v1 import locations_pb2 as pb
from wie_gateway.deps import LocationsStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.problems import Problem
from wie_gateway.schemas.locations import LocationList, LocationOut, LocationPutIn, ResolvedLocationOut
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/warehouses/{warehouse_id}/locations", tags=["locations"])


@router.get(
    "", response_model=LocationList, operation_id="list_locations", summary="List a warehouse's locations"
)
async def list_locations(
    warehouse_id: str,
    request: Request,
    locations: LocationsStub,
    caller: CurrentCaller,
    type: Annotated[
        str | None,
        Query(
            max_length=20,
            description="RECEIVING, STAGING, DOCK, AISLE, STORAGE or one of the warehouse's own area types",
        ),
    ] = None,
    zone: Annotated[str | None, Query(max_length=50)] = None,
    q: Annotated[
        str | None,
        Query(max_length=50, description="part of the code, as the warehouse writes it or canonical"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> LocationList:
    reply = await locations.ListLocations(
        pb.ListLocationsRequest(
            warehouse_id=warehouse_id,
            type=type or "",
            zone=zone or "",
            q=q or "",
            limit=limit,
            cursor=cursor or "",
        ),
        **opts(request, caller),
    )
    return LocationList(
        items=[LocationOut.from_pb(i) for i in reply.items], next_cursor=reply.next_cursor or None
    )


@router.get(
    "/{code:path}",
    response_model=ResolvedLocationOut,
    operation_id="resolve_location",
    summary="Resolve a location code",
)
async def resolve(
    warehouse_id: str, code: str, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> ResolvedLocationOut:
    """Resolve a code as every rule does (rules.md §2): the location, or a 404 whose `reason` says why not
    (and, for a typo, `did_you_mean` the closest known code in the warehouse's spelling)."""
    r = await locations.ResolveLocation(
        pb.ResolveLocationRequest(warehouse_id=warehouse_id, code=code), **opts(request, caller)
    )
    if not r.known:
        extra: dict[str, object] = {"code": code.strip().upper(), "reason": r.reason}
        if r.suggestion:
            extra["did_you_mean"] = r.suggestion
        if r.HasField("location"):  # an inactive location: still named, so it can be re-activated
            extra["location"] = LocationOut.from_pb(r.location).model_dump()
        raise Problem(
            404, f"location '{code}' is unknown: {r.reason}", reason="unknown_location", extra=extra
        )
    return ResolvedLocationOut.from_resolution(r)


@router.put(
    "/{code:path}",
    response_model=LocationOut,
    operation_id="put_location",
    summary="Set a special area or a storage override",
    responses=errors(403, 409),
)
async def put(
    warehouse_id: str,
    code: str,
    body: LocationPutIn,
    request: Request,
    locations: LocationsStub,
    caller: CurrentCaller,
) -> LocationOut:
    loc = await locations.PutLocation(body.to_pb(warehouse_id, code), **opts(request, caller))
    return LocationOut.from_pb(loc)


@router.delete(
    "/{code:path}",
    status_code=204,
    operation_id="delete_location",
    summary="Remove a special area or override",
    responses=errors(403),
)
async def delete(
    warehouse_id: str, code: str, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> Response:
    await locations.DeleteLocation(
        pb.DeleteLocationRequest(warehouse_id=warehouse_id, code=code), **opts(request, caller)
    )
    return Response(status_code=204)
