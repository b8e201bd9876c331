"""One anomaly: get, status move (spec/rules.md §4), history, trail across reports (§5).

The anomalies of a report (list, bulk move) are routers/reports.py. The analysis service decides access (a
foreign warehouse's anomaly is 404, too little access 403) and the workflow (a forbidden move 409).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from wie.analysis.v1 import analysis_pb2 as pb
from wie_gateway.deps import AnalysisStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.analysis import (
    AnomalyOut,
    AnomalyTrailOut,
    HistoryOut,
    StatusIn,
    anomaly_out,
    history_out,
)
from wie_gateway.security import CurrentCaller

router = APIRouter(tags=["analysis"])


@router.get(
    "/anomalies/{anomaly_id}", response_model=AnomalyOut, operation_id="get_anomaly", summary="Get an anomaly"
)
async def get_anomaly(
    anomaly_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> AnomalyOut:
    reply = await analysis.GetAnomaly(pb.GetAnomalyRequest(id=anomaly_id), **opts(request, caller))
    return anomaly_out(reply)


@router.patch(
    "/anomalies/{anomaly_id}",
    response_model=AnomalyOut,
    operation_id="update_anomaly_status",
    summary="Move an anomaly (acknowledge, resolve …)",
    responses=errors(403, 409),
)
async def update_status(
    anomaly_id: str, body: StatusIn, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> AnomalyOut:
    """A move per spec/rules.md §4 (409 otherwise), kept in the anomaly's history; needs WRITE access."""
    reply = await analysis.UpdateAnomalyStatus(
        pb.UpdateAnomalyStatusRequest(id=anomaly_id, status=body.status, comment=body.comment or ""),
        **opts(request, caller),
    )
    return anomaly_out(reply)


@router.get(
    "/anomalies/{anomaly_id}/trail",
    response_model=AnomalyTrailOut,
    operation_id="get_anomaly_trail",
    summary="An anomaly and its predecessors across uploads",
)
async def anomaly_trail(
    anomaly_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> AnomalyTrailOut:
    """The anomaly and its predecessors in earlier reports, newest first (follows previous_id)."""
    reply = await analysis.GetAnomalyTrail(pb.GetAnomalyTrailRequest(id=anomaly_id), **opts(request, caller))
    return AnomalyTrailOut(items=[anomaly_out(a) for a in reply.items])


@router.get(
    "/anomalies/{anomaly_id}/history",
    response_model=HistoryOut,
    operation_id="get_anomaly_history",
    summary="An anomaly's status history",
)
async def anomaly_history(
    anomaly_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> HistoryOut:
    reply = await analysis.GetAnomalyHistory(
        pb.GetAnomalyHistoryRequest(id=anomaly_id), **opts(request, caller)
    )
    return HistoryOut(items=[history_out(e) for e in reply.entries])
