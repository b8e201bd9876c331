"""/warehouses: create (then the creator becomes ADMIN), list own, read, change, delete.

Creating spans two services: the locations service stores the warehouse, then the auth service grants the
creator ADMIN. If the grant fails the warehouse is deleted again (compensation) and the grant's error is
returned, so no warehouse is ever left behind that nobody can reach.
"""

from __future__ import annotations

import asyncio

import grpc
from fastapi import APIRouter, Request, Response

from wie.auth.v1 import auth_pb2
from wie.locations.v1 import locations_pb2 as pb
from wie_common.context import Caller
from wie_common.logging import get_logger
from wie_gateway.deps import AuthStub, LocationsStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.warehouses import WarehouseIn, WarehouseList, WarehouseOut, WarehousePatchIn
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/warehouses", tags=["warehouses"])
log = get_logger("wie.gateway.warehouses")


async def _undo_create(locations: LocationsStub, request: Request, caller: Caller, warehouse_id: str) -> None:
    # The creator has no access entry yet, so the gateway (which vouches for callers) acts for it with ADMIN
    # on this one warehouse — only to remove what this same request created.
    creator = Caller(caller.user_id, caller.username, caller.role, {warehouse_id: "ADMIN"})
    try:
        await locations.DeleteWarehouse(pb.DeleteWarehouseRequest(id=warehouse_id), **opts(request, creator))
    except grpc.RpcError as exc:
        log.error("create_compensation_failed", warehouse_id=warehouse_id, code=str(exc.code()))


@router.post(
    "",
    status_code=201,
    response_model=WarehouseOut,
    operation_id="create_warehouse",
    summary="Create a warehouse",
    responses=errors(404, 409),
)
async def create(
    body: WarehouseIn, request: Request, locations: LocationsStub, auth: AuthStub, caller: CurrentCaller
) -> WarehouseOut:
    created = await locations.CreateWarehouse(body.to_pb(), **opts(request, caller))
    try:
        await auth.GrantAccess(
            auth_pb2.GrantAccessRequest(
                warehouse_id=created.id, user_id=caller.user_id, access=auth_pb2.ADMIN
            ),
            **opts(request, caller),
        )
    except BaseException:  # an error, a deadline or a cancelled request: never leave the warehouse behind
        await asyncio.shield(_undo_create(locations, request, caller, created.id))
        raise
    return WarehouseOut.from_pb(created, "ADMIN")


@router.get("", response_model=WarehouseList, operation_id="list_warehouses", summary="List my warehouses")
async def list_warehouses(request: Request, locations: LocationsStub, caller: CurrentCaller) -> WarehouseList:
    reply = await locations.ListWarehouses(pb.ListWarehousesRequest(), **opts(request, caller))
    return WarehouseList(items=[WarehouseOut.from_pb(w, caller.access_to(w.id)) for w in reply.warehouses])


@router.get(
    "/{warehouse_id}", response_model=WarehouseOut, operation_id="get_warehouse", summary="Get a warehouse"
)
async def get(
    warehouse_id: str, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> WarehouseOut:
    w = await locations.GetWarehouse(pb.GetWarehouseRequest(id=warehouse_id), **opts(request, caller))
    return WarehouseOut.from_pb(w, caller.access_to(w.id))


@router.patch(
    "/{warehouse_id}",
    response_model=WarehouseOut,
    operation_id="update_warehouse",
    summary="Change a warehouse",
    responses=errors(403, 409),
)
async def update(
    warehouse_id: str,
    body: WarehousePatchIn,
    request: Request,
    locations: LocationsStub,
    caller: CurrentCaller,
) -> WarehouseOut:
    w = await locations.UpdateWarehouse(body.to_pb(warehouse_id), **opts(request, caller))
    return WarehouseOut.from_pb(w, caller.access_to(w.id))


@router.delete(
    "/{warehouse_id}",
    status_code=204,
    operation_id="delete_warehouse",
    summary="Delete a warehouse",
    responses=errors(403),
)
async def delete(
    warehouse_id: str, request: Request, locations: LocationsStub, auth: AuthStub, caller: CurrentCaller
) -> Response:
    await locations.DeleteWarehouse(pb.DeleteWarehouseRequest(id=warehouse_id), **opts(request, caller))
    await _revoke_all(auth, request, caller, warehouse_id)
    return Response(status_code=204)


async def _revoke_all(auth: AuthStub, request: Request, caller: Caller, warehouse_id: str) -> None:
    """Drop every access entry of the deleted warehouse. A failure is logged, not returned: the
    warehouse is gone already, and a dangling entry points at nothing (ids are never reused; every route
    answers 404 for it)."""
    try:
        await auth.ForgetWarehouse(
            auth_pb2.ForgetWarehouseRequest(warehouse_id=warehouse_id), **opts(request, caller)
        )
    except grpc.RpcError as exc:
        log.warning("access_left_after_delete", warehouse_id=warehouse_id, code=str(exc.code()))
