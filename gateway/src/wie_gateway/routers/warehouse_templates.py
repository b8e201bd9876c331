"""/warehouse-templates: save a layout (from a warehouse or a structure), list, fetch by its share code."""

from __future__ import annotations

from fastapi import APIRouter, Request

from wie.locations.v1 import locations_pb2 as pb
from wie_gateway.deps import LocationsStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.warehouse_templates import (
    WarehouseTemplateIn,
    WarehouseTemplateList,
    WarehouseTemplateOut,
)
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/warehouse-templates", tags=["warehouse templates"])


@router.post(
    "",
    status_code=201,
    response_model=WarehouseTemplateOut,
    operation_id="create_warehouse_template",
    summary="Create a warehouse template",
    responses=errors(403, 404, 409),
)
async def create(
    body: WarehouseTemplateIn, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> WarehouseTemplateOut:
    t = await locations.CreateTemplate(body.to_pb(), **opts(request, caller))
    return WarehouseTemplateOut.from_pb(t)


@router.get(
    "",
    response_model=WarehouseTemplateList,
    operation_id="list_warehouse_templates",
    summary="List my and public warehouse templates",
)
async def list_templates(
    request: Request, locations: LocationsStub, caller: CurrentCaller
) -> WarehouseTemplateList:
    """Public templates and your own, newest first."""
    reply = await locations.ListTemplates(pb.ListTemplatesRequest(), **opts(request, caller))
    return WarehouseTemplateList(items=[WarehouseTemplateOut.from_pb(t) for t in reply.templates])


@router.get(
    "/{code}",
    response_model=WarehouseTemplateOut,
    operation_id="get_warehouse_template",
    summary="Get a warehouse template by code",
)
async def get(
    code: str, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> WarehouseTemplateOut:
    t = await locations.GetTemplate(pb.GetTemplateRequest(code=code), **opts(request, caller))
    return WarehouseTemplateOut.from_pb(t)
