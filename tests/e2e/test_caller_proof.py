"""Issue 10 item 8 against the real processes: a service believes only a valid caller token. A direct gRPC
call that names a user in made-up metadata, or carries a token the stack does not trust, is UNAUTHENTICATED
and reads nothing; through the gateway (and from analysis to rules and locations) the same data flows."""

from __future__ import annotations

import json

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from wie.analysis.v1 import analysis_pb2, analysis_pb2_grpc
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.caller_tokens import TokenSigner, generate_private_pem
from wie_common.context import Caller, call_metadata
from wie_common.testing.grpc import as_caller

from .example_data import EXAMPLE_CSV, EXAMPLE_WAREHOUSE
from .test_analysis_api import upload


@pytest.fixture(scope="module")
def victim(stack):
    """A user with a warehouse and one analysed report in it."""
    client = stack.user("proof-victim")
    warehouse = client.post("/warehouses", json=EXAMPLE_WAREHOUSE).json()["id"]
    report = upload(client, warehouse, EXAMPLE_CSV.encode())
    assert report.status_code == 201, report.text
    me = client.get("/auth/me").json()
    yield me, warehouse, report.json()["id"]
    client.close()


def _channel(stack, service: str) -> grpc.Channel:
    return grpc.insecure_channel(f"127.0.0.1:{stack.state()[service][0]['port']}")


def _made_up(user_id: str, warehouse_id: str) -> tuple[tuple[str, str], ...]:
    return (
        ("x-user-id", user_id),
        ("x-user-role", "admin"),
        ("x-user-warehouses", json.dumps({warehouse_id: "ADMIN"})),
    )


def test_made_up_metadata_reads_no_reports(stack, victim):
    me, warehouse, report_id = victim
    with _channel(stack, "analysis") as channel:
        analysis = analysis_pb2_grpc.AnalysisServiceStub(channel)
        for call, request in [
            (analysis.ListReports, analysis_pb2.ListReportsRequest(warehouse_id=warehouse)),
            (analysis.GetReport, analysis_pb2.GetReportRequest(id=report_id)),
        ]:
            with pytest.raises(grpc.RpcError) as caught:
                call(request, metadata=_made_up(me["id"], warehouse), timeout=10)
            assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
        # A token from a key the stack does not trust is no better.
        forger = TokenSigner(generate_private_pem(), issuer="wie-gateway")
        forged = call_metadata("r", forger.sign(Caller(me["id"], warehouses={warehouse: "ADMIN"})))
        with pytest.raises(grpc.RpcError) as caught:
            analysis.ListReports(analysis_pb2.ListReportsRequest(warehouse_id=warehouse), metadata=forged)
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
        # A trusted signer (the test session signs for the stack, as the gateway does) is believed.
        trusted = as_caller(me["id"], warehouses={warehouse: "READ"})
        request = analysis_pb2.ListReportsRequest(warehouse_id=warehouse)
        listed = analysis.ListReports(request, metadata=trusted)
        assert [r.id for r in listed.items] == [report_id]


def test_rules_refuses_made_up_metadata_and_health_needs_no_token(stack, victim):
    me, warehouse, _ = victim
    with _channel(stack, "rules") as channel:
        with pytest.raises(grpc.RpcError) as caught:
            rules_pb2_grpc.RulesServiceStub(channel).GetEffectiveRules(
                rules_pb2.GetEffectiveRulesRequest(warehouse_id=warehouse),
                metadata=_made_up(me["id"], warehouse),
                timeout=10,
            )
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    for service in ("auth", "locations"):
        with _channel(stack, service) as channel:
            # Health (the probes) needs no token; everything else does.
            health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
            assert health.status == health_pb2.HealthCheckResponse.SERVING


def test_through_the_gateway_the_same_reads_succeed(stack, victim):
    _, warehouse, report_id = victim
    with stack.client(stack.login("proof-victim")["access_token"]) as client:
        listed = client.get(f"/warehouses/{warehouse}/reports").json()["items"]
        assert [r["id"] for r in listed] == [report_id]
