"""/invitations: create, list own (admin: all), deactivate."""

from __future__ import annotations

from fastapi import APIRouter, Request

from wie.auth.v1 import auth_pb2
from wie_common.proto_time import from_ts
from wie_gateway.deps import AuthStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.auth import InvitationIn, InvitationList, InvitationOut
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/invitations", tags=["invitations"])


def _out(inv: auth_pb2.Invitation) -> InvitationOut:
    return InvitationOut(
        code=inv.code,
        max_uses=inv.max_uses,
        uses=inv.uses,
        is_active=inv.is_active,
        expires_at=from_ts(inv, "expires_at"),
        note=inv.note,
        created_by=inv.created_by,
        created_at=from_ts(inv, "created_at"),
    )


@router.post(
    "",
    status_code=201,
    response_model=InvitationOut,
    operation_id="create_invitation",
    summary="Create an invitation code",
    responses=errors(403),
)
async def create(
    body: InvitationIn, request: Request, auth: AuthStub, caller: CurrentCaller
) -> InvitationOut:
    inv = await auth.CreateInvitation(
        auth_pb2.CreateInvitationRequest(
            max_uses=body.max_uses, expires_in_days=body.expires_in_days or 0, note=body.note or ""
        ),
        **opts(request, caller),
    )
    return _out(inv)


@router.get(
    "",
    response_model=InvitationList,
    operation_id="list_invitations",
    summary="List my invitations (admin: all)",
)
async def list_invitations(request: Request, auth: AuthStub, caller: CurrentCaller) -> InvitationList:
    reply = await auth.ListInvitations(auth_pb2.ListInvitationsRequest(), **opts(request, caller))
    return InvitationList(items=[_out(i) for i in reply.invitations])


@router.delete(
    "/{code}",
    response_model=InvitationOut,
    operation_id="deactivate_invitation",
    summary="Deactivate an invitation",
    responses=errors(403),
)
async def deactivate(code: str, request: Request, auth: AuthStub, caller: CurrentCaller) -> InvitationOut:
    inv = await auth.DeactivateInvitation(
        auth_pb2.DeactivateInvitationRequest(code=code), **opts(request, caller)
    )
    return _out(inv)
