"""grpc.aio stubs of the four services, with a deadline on every call and the caller in metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import grpc.aio
from grpc_health.v1 import health_pb2

from wie.analysis.v1 import analysis_pb2_grpc
from wie.auth.v1 import auth_pb2_grpc
from wie.locations.v1 import locations_pb2_grpc
from wie.rules.v1 import rules_pb2_grpc
from wie_common.caller_tokens import TokenSigner
from wie_common.context import Caller, call_metadata
from wie_common.grpc_client import aio_channel
from wie_gateway.caller_signing import caller_signer
from wie_gateway.settings import GatewaySettings

# Reads are retried on UNAVAILABLE (by the channel's retry policy); writes are never retried blindly.
READS = {
    "wie.auth.v1.AuthService": [
        "GetMe",
        "GetJwks",
        "ListInvitations",
        "CheckInvitation",
        "CheckAccess",
        "ListWarehouseAccess",
        "ListUserWarehouses",
    ],
    "wie.rules.v1.RulesService": [
        "ListCategories",
        "ListRuleTypes",
        "GetEffectiveRules",
        "GetRule",
        "GetRuleHistory",
        "ListTemplates",
    ],
    "wie.locations.v1.LocationsService": [
        "GetWarehouse",
        "ListWarehouses",
        "ListLocations",
        "ResolveLocation",
        "DetectFormat",
        "ListTemplates",
        "GetTemplate",
    ],
    "wie.analysis.v1.AnalysisService": [
        "ListReports",
        "GetReport",
        "ListAnomalies",
        "GetAnomaly",
        "GetAnomalyHistory",
    ],
}
SERVICES = ("auth", "rules", "locations", "analysis")
# grpc_health's stub is untyped; its one method, typed, is all the gateway calls.
HealthCheck = grpc.aio.UnaryUnaryMultiCallable[health_pb2.HealthCheckRequest, health_pb2.HealthCheckResponse]


def _health_check(channel: grpc.aio.Channel) -> HealthCheck:
    return channel.unary_unary(
        "/grpc.health.v1.Health/Check",
        request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
        response_deserializer=health_pb2.HealthCheckResponse.FromString,
    )


@dataclass
class Backends:
    settings: GatewaySettings
    channels: dict[str, grpc.aio.Channel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.signer = caller_signer(self.settings)
        targets = {
            "auth": (self.settings.auth_addr, "wie.auth.v1.AuthService"),
            "rules": (self.settings.rules_addr, "wie.rules.v1.RulesService"),
            "locations": (self.settings.locations_addr, "wie.locations.v1.LocationsService"),
            "analysis": (self.settings.analysis_addr, "wie.analysis.v1.AnalysisService"),
        }
        for name, (target, service) in targets.items():
            self.channels[name] = aio_channel(target, service, READS[service])
        self.auth = auth_pb2_grpc.AuthServiceStub(self.channels["auth"])
        self.rules = rules_pb2_grpc.RulesServiceStub(self.channels["rules"])
        self.locations = locations_pb2_grpc.LocationsServiceStub(self.channels["locations"])
        self.analysis = analysis_pb2_grpc.AnalysisServiceStub(self.channels["analysis"])
        self.health = {name: _health_check(ch) for name, ch in self.channels.items()}

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()


def call_options(
    request_id: str, caller: Caller | None, deadline_s: float, signer: TokenSigner
) -> dict[str, Any]:
    """Keyword arguments for a stub call: the deadline and the metadata every service reads (the request id
    and the signed caller token, the services' only source of who is calling)."""
    return {"timeout": deadline_s, "metadata": call_metadata(request_id, signer.sign(caller))}
