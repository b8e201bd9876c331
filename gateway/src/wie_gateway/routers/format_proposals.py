"""/warehouses/{id}/format-proposals: code styles uploads drifted to (rules.md §2.2), reviewed by an admin.

An upload whose codes stop fitting the warehouse's learned format gets a `location_format_drift` warning and
leaves a proposal here (one open per style); accepting it makes that style the learned format for later
analyses, rejecting it dismisses it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from wie.locations.v1 import locations_pb2 as pb
from wie_gateway.deps import LocationsStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.format_proposals import FormatProposalList, FormatProposalOut, ProposalStatus
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/warehouses/{warehouse_id}/format-proposals", tags=["locations"])


@router.get(
    "",
    response_model=FormatProposalList,
    operation_id="list_format_proposals",
    summary="List a warehouse's format proposals",
)
async def list_proposals(
    warehouse_id: str,
    request: Request,
    locations: LocationsStub,
    caller: CurrentCaller,
    status: Annotated[ProposalStatus | None, Query(description="only proposals in this state")] = None,
) -> FormatProposalList:
    reply = await locations.ListFormatProposals(
        pb.ListFormatProposalsRequest(warehouse_id=warehouse_id, status=status or ""), **opts(request, caller)
    )
    return FormatProposalList(items=[FormatProposalOut.from_pb(p) for p in reply.proposals])


@router.post(
    "/{proposal_id}/accept",
    response_model=FormatProposalOut,
    operation_id="accept_format_proposal",
    summary="Make a proposed code style the warehouse's learned format",
    responses=errors(403, 409),
)
async def accept(
    warehouse_id: str, proposal_id: str, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> FormatProposalOut:
    """ADMIN. Later analyses read and show codes in the proposal's style; 409 when it is no longer open."""
    reply = await locations.AcceptFormatProposal(
        pb.ReviewFormatProposalRequest(warehouse_id=warehouse_id, proposal_id=proposal_id),
        **opts(request, caller),
    )
    return FormatProposalOut.from_pb(reply)


@router.post(
    "/{proposal_id}/reject",
    response_model=FormatProposalOut,
    operation_id="reject_format_proposal",
    summary="Dismiss a proposed code style",
    responses=errors(403, 409),
)
async def reject(
    warehouse_id: str, proposal_id: str, request: Request, locations: LocationsStub, caller: CurrentCaller
) -> FormatProposalOut:
    """ADMIN. 409 when it is no longer open; a later drift to the same style opens a new proposal."""
    reply = await locations.RejectFormatProposal(
        pb.ReviewFormatProposalRequest(warehouse_id=warehouse_id, proposal_id=proposal_id),
        **opts(request, caller),
    )
    return FormatProposalOut.from_pb(reply)
