"""RecordPerformance stores one row per rule run; templates list and instantiate into versioned rules."""

from __future__ import annotations

import json

import grpc
from sqlalchemy import select

from rules_service.db.models import RulePerformanceRow
from wie.rules.v1 import rules_pb2

from .conftest import ADMIN_BOTH, READ_W1, W1, WRITE_W1, default_of, fields, history, rpc_error


def _perf(rule: rules_pb2.Rule, **kw) -> rules_pb2.RulePerformance:
    values = {
        "rule_id": rule.id,
        "rule_version": rule.version,
        "anomalies": 3,
        "elapsed_ms": 1.5,
        "rows": 120,
    }
    values.update(kw)
    return rules_pb2.RulePerformance(**values)


def test_performance_is_stored(stub, engine):
    a, b = default_of(stub, "OVERCAPACITY"), default_of(stub, "INVALID_LOCATION")
    request = rules_pb2.RecordPerformanceRequest(
        report_id="report-1", warehouse_id=W1, entries=[_perf(a), _perf(b, anomalies=0, elapsed_ms=0.25)]
    )
    # The analysis service forwards its uploader's metadata: WRITE is enough, ADMIN more than enough.
    stub.RecordPerformance(request, metadata=WRITE_W1)
    stub.RecordPerformance(request, metadata=ADMIN_BOTH)
    with engine.connect() as conn:
        rows = conn.execute(select(RulePerformanceRow).order_by(RulePerformanceRow.id)).all()
    assert len(rows) == 4
    first = rows[0]
    assert (str(first.rule_id), first.rule_version, first.report_id, first.warehouse_id) == (
        a.id,
        1,
        "report-1",
        W1,
    )
    assert (first.anomalies, first.elapsed_ms, first.rows) == (3, 1.5, 120)
    assert first.recorded_at.tzinfo is not None


def test_performance_rejects_unknown_rules_and_readers(stub, engine):
    rule = default_of(stub, "OVERCAPACITY")
    bad = rules_pb2.RecordPerformanceRequest(
        report_id="r", warehouse_id=W1, entries=[_perf(rule), _perf(rule, rule_id="nope", rows=-1)]
    )
    err = rpc_error(lambda: stub.RecordPerformance(bad, metadata=WRITE_W1))
    assert err.code == grpc.StatusCode.INVALID_ARGUMENT
    assert fields(err) == {"entries[1].rule_id", "entries[1].rows"}
    ok = rules_pb2.RecordPerformanceRequest(report_id="r", warehouse_id=W1, entries=[_perf(rule)])
    assert (
        rpc_error(lambda: stub.RecordPerformance(ok, metadata=READ_W1)).code
        == grpc.StatusCode.PERMISSION_DENIED
    )
    with engine.connect() as conn:
        assert conn.execute(select(RulePerformanceRow)).first() is None


def test_templates_are_listed_with_their_parameter_schemas(stub):
    templates = stub.ListTemplates(rules_pb2.ListTemplatesRequest(), metadata=READ_W1).templates
    assert {t.id for t in templates} >= {"stuck_in_pattern", "cold_chain"}
    for t in templates:
        assert json.loads(t.parameters_schema_json)["type"] == "object"


def test_instantiating_a_template_creates_a_versioned_rule(stub):
    req = rules_pb2.InstantiateTemplateRequest(
        template_id="stuck_in_pattern",
        warehouse_id=W1,
        parameters_json=json.dumps({"pattern": "dock-*", "hours": 6}),
        priority="LOW",
    )
    rule = stub.InstantiateTemplate(req, metadata=ADMIN_BOTH)
    assert (rule.rule_type, rule.priority, rule.warehouse_id, rule.version) == (
        "LOCATION_SPECIFIC_STAGNANT",
        "LOW",
        W1,
        1,
    )
    assert json.loads(rule.conditions_json) == {"location_pattern": "DOCK-*", "time_threshold_hours": 6}
    assert rule.name == "Pallets stuck in DOCK-* over 6h"
    assert [v.change_type for v in history(stub, rule.id, ADMIN_BOTH)] == ["CREATED"]


def test_template_errors_name_the_parameter(stub):
    def err(template_id: str, params: object):
        req = rules_pb2.InstantiateTemplateRequest(
            template_id=template_id, warehouse_id=W1, parameters_json=json.dumps(params)
        )
        return rpc_error(lambda: stub.InstantiateTemplate(req, metadata=ADMIN_BOTH))

    bad = err("stuck_in_pattern", {"pattern": "X*", "hours": -2, "colour": 1})
    assert bad.code == grpc.StatusCode.INVALID_ARGUMENT and fields(bad) == {"params.hours", "params.colour"}
    assert err("no_such_template", {}).code == grpc.StatusCode.NOT_FOUND
