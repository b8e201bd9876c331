"""/warehouses/{id}/access: who may read, write or administer a warehouse (kept by the auth service).

The warehouse is looked up first, so an id that names no warehouse (or one the caller cannot see) is 404
here too, and no access can be granted on a deleted warehouse's id."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from wie.auth.v1 import auth_pb2
from wie.locations.v1 import locations_pb2 as pb
from wie_common.context import Caller
from wie_gateway.deps import AuthStub, LocationsStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.locations import AccessIn, AccessList, AccessOut
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/warehouses/{warehouse_id}/access", tags=["access"])


def _out(e: auth_pb2.WarehouseAccess) -> AccessOut:
    return AccessOut(user_id=e.user_id, username=e.username, access=auth_pb2.AccessLevel.Name(e.access))


async def _must_exist(locations: LocationsStub, request: Request, caller: Caller, warehouse_id: str) -> None:
    await locations.GetWarehouse(pb.GetWarehouseRequest(id=warehouse_id), **opts(request, caller))


@router.get(
    "",
    response_model=AccessList,
    operation_id="list_warehouse_access",
    summary="Who may access a warehouse",
    responses=errors(403),
)
async def list_access(
    warehouse_id: str, request: Request, auth: AuthStub, locations: LocationsStub, caller: CurrentCaller
) -> AccessList:
    await _must_exist(locations, request, caller, warehouse_id)
    reply = await auth.ListWarehouseAccess(
        auth_pb2.ListWarehouseAccessRequest(warehouse_id=warehouse_id), **opts(request, caller)
    )
    return AccessList(items=[_out(e) for e in reply.entries])


@router.put(
    "/{username}",
    response_model=AccessOut,
    operation_id="grant_access",
    summary="Grant or change a user's access",
    responses=errors(403, 409),
)
async def grant(
    warehouse_id: str,
    username: str,
    body: AccessIn,
    request: Request,
    auth: AuthStub,
    locations: LocationsStub,
    caller: CurrentCaller,
) -> AccessOut:
    """Grant or change a user's access (ADMIN only; a warehouse keeps at least one ADMIN)."""
    await _must_exist(locations, request, caller, warehouse_id)
    entry = await auth.GrantAccess(
        auth_pb2.GrantAccessRequest(
            warehouse_id=warehouse_id, username=username, access=auth_pb2.AccessLevel.Value(body.access)
        ),
        **opts(request, caller),
    )
    return _out(entry)


@router.delete(
    "/{username}",
    status_code=204,
    operation_id="revoke_access",
    summary="Revoke a user's access",
    responses=errors(403, 409),
)
async def revoke(
    warehouse_id: str,
    username: str,
    request: Request,
    auth: AuthStub,
    locations: LocationsStub,
    caller: CurrentCaller,
) -> Response:
    await _must_exist(locations, request, caller, warehouse_id)
    await auth.RevokeAccess(
        auth_pb2.RevokeAccessRequest(warehouse_id=warehouse_id, username=username), **opts(request, caller)
    )
    return Response(status_code=204)
