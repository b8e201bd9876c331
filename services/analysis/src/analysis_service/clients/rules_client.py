"""RulesPort over gRPC: the warehouse's effective rules, and per-rule performance after an analysis."""

from __future__ import annotations

import json
from collections.abc import Sequence

import grpc

from analysis_service.domain.evaluation import RuleRun, RuleSpec
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.context import current_metadata
from wie_common.grpc_client import sync_channel
from wie_common.grpc_errors import reraise_remote

SERVICE = "wie.rules.v1.RulesService"


class GrpcRules:
    def __init__(self, target: str, deadline_s: float) -> None:
        self.stub = rules_pb2_grpc.RulesServiceStub(sync_channel(target, SERVICE, ["GetEffectiveRules"]))
        self.deadline_s = deadline_s

    def effective_rules(self, warehouse_id: str) -> list[RuleSpec]:
        try:
            reply = self.stub.GetEffectiveRules(
                rules_pb2.GetEffectiveRulesRequest(warehouse_id=warehouse_id),
                timeout=self.deadline_s,
                metadata=current_metadata(),
            )
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc
        return [
            RuleSpec(
                id=r.id,
                version=r.version,
                name=r.name,
                rule_type=r.rule_type,
                category=r.category,
                priority=r.priority,
                precedence=r.precedence,
                conditions=json.loads(r.conditions_json or "{}"),
                is_active=r.is_active,
                overrides_rule_id=r.overrides_rule_id,
            )
            for r in reply.rules
        ]

    def record_performance(
        self, report_id: str, warehouse_id: str, runs: Sequence[RuleRun], versions: dict[str, int]
    ) -> None:
        entries = [
            rules_pb2.RulePerformance(
                rule_id=r.rule_id,
                rule_version=versions.get(r.rule_id, 0),
                anomalies=r.anomalies,
                elapsed_ms=r.elapsed_ms,
                rows=r.rows,
            )
            for r in runs
        ]
        try:
            self.stub.RecordPerformance(
                rules_pb2.RecordPerformanceRequest(
                    report_id=report_id, warehouse_id=warehouse_id, entries=entries
                ),
                timeout=self.deadline_s,
                metadata=current_metadata(),
            )
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc
