"""Request-scoped dependencies shared by routers: the gRPC stubs of the four services and call options.

Each stub is an `Annotated` dependency, so a route says `analysis: AnalysisStub` and a test replaces the stub
with `app.dependency_overrides[analysis_stub] = ...`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request

from wie_common.context import Caller
from wie_gateway.clients import Backends, call_options

# The stubs sit on grpc.aio channels, so their calls are awaited: mypy-protobuf's *AsyncStub types say so.
# Those exist for the type checker only; at run time one stub class serves both kinds of channel.
if TYPE_CHECKING:
    from wie.analysis.v1.analysis_pb2_grpc import AnalysisServiceAsyncStub as AnalysisServiceStub
    from wie.auth.v1.auth_pb2_grpc import AuthServiceAsyncStub as AuthServiceStub
    from wie.locations.v1.locations_pb2_grpc import LocationsServiceAsyncStub as LocationsServiceStub
    from wie.rules.v1.rules_pb2_grpc import RulesServiceAsyncStub as RulesServiceStub
else:
    from wie.analysis.v1.analysis_pb2_grpc import AnalysisServiceStub
    from wie.auth.v1.auth_pb2_grpc import AuthServiceStub
    from wie.locations.v1.locations_pb2_grpc import LocationsServiceStub
    from wie.rules.v1.rules_pb2_grpc import RulesServiceStub

# async: FastAPI runs a plain `def` dependency in a worker thread, needless for an attribute read.


async def backends(request: Request) -> Backends:
    return request.app.state.backends


async def auth_stub(request: Request) -> AuthServiceStub:
    return request.app.state.backends.auth


async def rules_stub(request: Request) -> RulesServiceStub:
    return request.app.state.backends.rules


async def locations_stub(request: Request) -> LocationsServiceStub:
    return request.app.state.backends.locations


async def analysis_stub(request: Request) -> AnalysisServiceStub:
    return request.app.state.backends.analysis


BackendsDep = Annotated[Backends, Depends(backends)]
AuthStub = Annotated[AuthServiceStub, Depends(auth_stub)]
RulesStub = Annotated[RulesServiceStub, Depends(rules_stub)]
LocationsStub = Annotated[LocationsServiceStub, Depends(locations_stub)]
AnalysisStub = Annotated[AnalysisServiceStub, Depends(analysis_stub)]


def opts(
    request: Request, caller: Caller | None = None, *, deadline_s: float | None = None
) -> dict[str, Any]:
    """The deadline and metadata (request id, caller) of one stub call."""
    state = request.app.state
    deadline = deadline_s or state.settings.grpc_deadline_s
    return call_options(request.state.request_id, caller, deadline, state.backends.signer)
