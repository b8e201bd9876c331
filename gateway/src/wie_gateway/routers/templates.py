"""/warehouse-templates: save a layout (from a warehouse or a structure), list, fetch by its share code."""

from __future__ import annotations

from fastapi import APIRouter, Request

from wie.locations.v1 import locations_pb2 as pb
from wie_gateway.deps import backends, opts
from wie_gateway.schemas.templates import TemplateIn, TemplateList, TemplateOut
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/warehouse-templates", tags=["warehouse templates"])


@router.post("", status_code=201, response_model=TemplateOut)
async def create(body: TemplateIn, request: Request, caller: CurrentCaller) -> TemplateOut:
    t = await backends(request).locations.CreateTemplate(body.to_pb(), **opts(request, caller))
    return TemplateOut.from_pb(t)


@router.get("", response_model=TemplateList)
async def list_templates(request: Request, caller: CurrentCaller) -> TemplateList:
    """Public templates and your own, newest first."""
    reply = await backends(request).locations.ListTemplates(
        pb.ListTemplatesRequest(), **opts(request, caller)
    )
    return TemplateList(items=[TemplateOut.from_pb(t) for t in reply.templates])


@router.get("/{code}", response_model=TemplateOut)
async def get(code: str, request: Request, caller: CurrentCaller) -> TemplateOut:
    t = await backends(request).locations.GetTemplate(
        pb.GetTemplateRequest(code=code), **opts(request, caller)
    )
    return TemplateOut.from_pb(t)
