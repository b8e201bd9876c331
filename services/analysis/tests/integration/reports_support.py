"""Seeded reports and anomalies behind a real in-process gRPC server, for the test_reports_* modules.

Rows are written with the SQLAlchemy models directly (the upload pipeline is tested on its own), then every
test goes through the ReportRpcs of a real gRPC server with the production interceptor.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from analysis_service.api.report_rpcs import ReportRpcs
from analysis_service.db.models import Anomaly, Report
from analysis_service.db.report_repository import report_unit_of_work
from analysis_service.domain.reports import ReportService
from wie.analysis.v1 import analysis_pb2_grpc
from wie_common.db import make_session_factory
from wie_common.testing.grpc import as_caller, grpc_server

WH, OTHER_WH = "wh-1", "wh-2"
PRIORITIES = ("VERY_HIGH", "HIGH", "MEDIUM", "LOW")
RANK = {p: i for i, p in enumerate(PRIORITIES)}
RULE_TYPES = ("STAGNANT_PALLETS", "OVERCAPACITY", "INVALID_LOCATION", "DATA_INTEGRITY")
LOCATIONS = ("RECV-01", "01-02-015B", "STAGE-01", None)
# Texts a spreadsheet would run as formulas; the export must escape each of them.
INJECTIONS = ("=1+2", "+x", "-x", "@x", "\tTAB", "\rCR")
N_MAIN = 237  # not a multiple of any page size used in the tests


class ReportsOnlyServicer(ReportRpcs, analysis_pb2_grpc.AnalysisServiceServicer):
    def __init__(self, reports: ReportService) -> None:
        self.reports = reports


@dataclass
class ReportEnv:
    stub: analysis_pb2_grpc.AnalysisServiceStub
    engine: Engine
    report_id: str  # the newer report of WH, with N_MAIN anomalies
    older_report_id: str  # an older report of WH, with one anomaly
    foreign_report_id: str  # a report of OTHER_WH
    foreign_anomaly_id: str
    ids: list[int] = field(default_factory=list)  # anomaly ids of report_id, in insertion order

    def caller(self, level: str | None = "ADMIN", warehouse: str = WH, user: str = "") -> Any:
        grants = {warehouse: level} if level else {}
        return as_caller(user or f"user-{level or 'none'}".lower(), warehouses=grants)


def _report(warehouse: str, created_at: datetime, anomaly_count: int) -> Report:
    return Report(
        id=uuid.uuid4(),
        warehouse_id=warehouse,
        file_name="inventory.csv",
        file_sha256="0" * 64,
        as_of=created_at,
        created_at=created_at,
        created_by="user-upload",
        row_count=500,
        anomaly_count=anomaly_count,
        counts={"by_rule_type": {}, "by_priority": {}},
        column_mapping={"pallet_id": "Pallet"},
        date_format="%Y-%m-%d",
        duration_ms=42,
    )


def _anomaly(report: Report, i: int, **overrides: Any) -> Anomaly:
    # Priorities interleave with ids (the order is not insertion order) and vary within each rule type.
    priority = PRIORITIES[(i * 7 + i // 4) % 4]
    rule_type = RULE_TYPES[i % len(RULE_TYPES)]
    values: dict[str, Any] = {
        "report_id": report.id,
        "warehouse_id": report.warehouse_id,
        "rule_id": f"rule-{rule_type.lower()}",
        "rule_version": 1,
        "rule_type": rule_type,
        "rule_name": f"{rule_type.title()} rule",
        "priority": priority,
        "priority_rank": RANK[priority],
        "status": "NEW",
        "pallet_id": None if rule_type == "OVERCAPACITY" else f"P{i:04d}",
        "location": LOCATIONS[i % len(LOCATIONS)],
        "rows": [i + 1, i + 3],
        "message": f"anomaly number {i}",
        "details": {"n": i, "note": "ü"},
        "first_seen_at": report.as_of,
    }
    if i < len(INJECTIONS):
        values.update(pallet_id=INJECTIONS[i], message=INJECTIONS[-1 - i])
    values.update(overrides)
    return Anomaly(**values)


def seed(engine: Engine) -> tuple[list[str], list[int], str]:
    now = datetime.now(UTC)
    with Session(engine) as s, s.begin():
        older, main = _report(WH, now - timedelta(days=1), 1), _report(WH, now, N_MAIN)
        foreign = _report(OTHER_WH, now, 1)
        s.add_all([older, main, foreign])
        s.flush()
        rows = [_anomaly(main, i) for i in range(N_MAIN)]
        foreign_row = _anomaly(foreign, 0)
        s.add_all([*rows, _anomaly(older, 0), foreign_row])
        s.flush()
        return [str(main.id), str(older.id), str(foreign.id)], [r.id for r in rows], str(foreign_row.id)


@contextmanager
def report_env(engine: Engine, *, export_batch: int = 50) -> Iterator[ReportEnv]:
    """A small export batch makes every export cross several batch boundaries."""
    (main, older, foreign), ids, foreign_anomaly = seed(engine)
    service = ReportService(report_unit_of_work(make_session_factory(engine)), export_batch=export_batch)
    servicer = ReportsOnlyServicer(service)
    register = lambda s: analysis_pb2_grpc.add_AnalysisServiceServicer_to_server(servicer, s)  # noqa: E731
    with grpc_server(register, 8) as channel:
        stub = analysis_pb2_grpc.AnalysisServiceStub(channel)
        yield ReportEnv(stub, engine, main, older, foreign, foreign_anomaly, ids)


def _consume(result: Any) -> Any:
    """A unary reply as is; a server stream read to its end, since it fails only when it is read."""
    return result if hasattr(result, "SerializeToString") else list(result)


def rpc_error(call: Any, *args: Any, **kwargs: Any) -> grpc.RpcError:
    """The error a call fails with (the test fails if it succeeds)."""
    with pytest.raises(grpc.RpcError) as exc:
        _consume(call(*args, **kwargs))
    return exc.value


def field_names(err: grpc.RpcError) -> Sequence[str]:
    from wie_common.grpc_errors import from_rpc_error

    return [e.field for e in from_rpc_error(err).errors]
