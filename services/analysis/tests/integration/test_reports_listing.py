"""Reports and anomaly lists through real gRPC on a real database: order, filters, pagination, access."""

from __future__ import annotations

import json

import grpc
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analysis_service.db.models import Anomaly
from wie.analysis.v1 import analysis_pb2 as pb

from .reports_support import N_MAIN, OTHER_WH, RANK, WH, field_names, report_env, rpc_error


@pytest.fixture
def env(engine):
    with report_env(engine) as e:
        yield e


def _all_pages(env, limit: int, **filters) -> list[pb.Anomaly]:
    items, cursor, pages = [], "", 0
    while True:
        page = env.stub.ListAnomalies(
            pb.ListAnomaliesRequest(report_id=env.report_id, limit=limit, cursor=cursor, **filters),
            metadata=env.caller("READ"),
        )
        items += page.items
        pages += 1
        assert len(page.items) <= limit
        if not page.next_cursor:
            return items
        assert len(page.items) == limit  # only the last page may be short
        cursor = page.next_cursor
        assert pages < 1000


def _key(a: pb.Anomaly) -> tuple[int, int]:
    return RANK[a.priority], int(a.id)


def test_reports_newest_first_with_cursor(env):
    first = env.stub.ListReports(pb.ListReportsRequest(warehouse_id=WH, limit=1), metadata=env.caller("READ"))
    assert [r.id for r in first.items] == [env.report_id]
    assert first.next_cursor
    second = env.stub.ListReports(
        pb.ListReportsRequest(warehouse_id=WH, limit=1, cursor=first.next_cursor), metadata=env.caller("READ")
    )
    assert [r.id for r in second.items] == [env.older_report_id]
    assert second.next_cursor == ""
    everything = env.stub.ListReports(pb.ListReportsRequest(warehouse_id=WH), metadata=env.caller("READ"))
    assert [r.id for r in everything.items] == [env.report_id, env.older_report_id]


def test_get_report_fields(env):
    report = env.stub.GetReport(pb.GetReportRequest(id=env.report_id), metadata=env.caller("READ"))
    assert (report.warehouse_id, report.file_name, report.anomaly_count, report.row_count) == (
        WH,
        "inventory.csv",
        N_MAIN,
        500,
    )
    assert json.loads(report.column_mapping_json) == {"pallet_id": "Pallet"}


def test_pagination_covers_every_anomaly_once_in_priority_order(env):
    items = _all_pages(env, limit=10)
    assert sorted(int(a.id) for a in items) == sorted(env.ids)
    assert len({a.id for a in items}) == N_MAIN
    assert [_key(a) for a in items] == sorted(_key(a) for a in items)
    assert items[0].priority == "VERY_HIGH" and items[-1].priority == "LOW"


def test_default_limit_is_100_and_max_is_1000(env):
    page = env.stub.ListAnomalies(
        pb.ListAnomaliesRequest(report_id=env.report_id), metadata=env.caller("READ")
    )
    assert len(page.items) == 100 and page.next_cursor
    whole = env.stub.ListAnomalies(
        pb.ListAnomaliesRequest(report_id=env.report_id, limit=1000), metadata=env.caller("READ")
    )
    assert len(whole.items) == N_MAIN and whole.next_cursor == ""
    err = rpc_error(
        env.stub.ListAnomalies,
        pb.ListAnomaliesRequest(report_id=env.report_id, limit=1001),
        metadata=env.caller("READ"),
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == ["limit"]


@pytest.mark.parametrize("cursor", ["garbage", "YTE6eDox", "cjE6eDp5"])  # junk, "a1:x:1", "r1:x:y"
def test_bad_cursor_names_cursor(env, cursor):
    err = rpc_error(
        env.stub.ListAnomalies,
        pb.ListAnomaliesRequest(report_id=env.report_id, cursor=cursor),
        metadata=env.caller("READ"),
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == ["cursor"]


def test_a_report_cursor_is_no_anomaly_cursor(env):
    reports = env.stub.ListReports(
        pb.ListReportsRequest(warehouse_id=WH, limit=1), metadata=env.caller("READ")
    )
    err = rpc_error(
        env.stub.ListAnomalies,
        pb.ListAnomaliesRequest(report_id=env.report_id, cursor=reports.next_cursor),
        metadata=env.caller("READ"),
    )
    assert field_names(err) == ["cursor"]


def _expected(env, **where) -> list[int]:
    with Session(env.engine) as s:
        q = select(Anomaly.id).where(Anomaly.report_id == env.report_id)
        for column, value in where.items():
            q = q.where(getattr(Anomaly, column) == value)
        return list(s.scalars(q.order_by(Anomaly.priority_rank, Anomaly.id)))


@pytest.mark.parametrize(
    ("filters", "where"),
    [
        ({"rule_type": "OVERCAPACITY"}, {"rule_type": "OVERCAPACITY"}),
        ({"priority": "high"}, {"priority": "HIGH"}),
        ({"status": "NEW"}, {"status": "NEW"}),
        ({"location": "recv-01"}, {"location": "RECV-01"}),
        ({"location": " 01-02-015b "}, {"location": "01-02-015B"}),
        (
            {"rule_type": "DATA_INTEGRITY", "priority": "LOW"},
            {"rule_type": "DATA_INTEGRITY", "priority": "LOW"},
        ),
    ],
)
def test_filters(env, filters, where):
    got = [int(a.id) for a in _all_pages(env, limit=7, **filters)]
    assert got == _expected(env, **where)
    assert got  # the seed has matches for every filter above


def test_status_filter(env):
    worked = env.ids[5:40:3]
    with Session(env.engine) as s, s.begin():
        s.execute(update(Anomaly).where(Anomaly.id.in_(worked)).values(status="ACKNOWLEDGED"))
    got = [int(a.id) for a in _all_pages(env, limit=4, status="acknowledged")]
    assert sorted(got) == sorted(worked)
    assert len(_all_pages(env, limit=500, status="NEW")) == N_MAIN - len(worked)


def test_location_filter_is_exact(env):
    assert _all_pages(env, limit=50, location="RECV") == []


@pytest.mark.parametrize(
    ("name", "value"), [("rule_type", "NOPE"), ("priority", "URGENT"), ("status", "DONE")]
)
def test_bad_filter_value_names_the_field(env, name, value):
    err = rpc_error(
        env.stub.ListAnomalies,
        pb.ListAnomaliesRequest(report_id=env.report_id, **{name: value}),
        metadata=env.caller("READ"),
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == [name]


def test_anomaly_fields(env):
    page = env.stub.ListAnomalies(
        pb.ListAnomaliesRequest(report_id=env.report_id, rule_type="OVERCAPACITY", limit=1000),
        metadata=env.caller("READ"),
    )
    location_level = next(a for a in page.items if int(a.id) >= env.ids[10])
    assert not location_level.has_pallet_id and location_level.pallet_id == ""
    one = env.stub.GetAnomaly(pb.GetAnomalyRequest(id=str(env.ids[12])), metadata=env.caller("READ"))
    assert (one.report_id, one.rule_type, one.status, one.pallet_id, one.location) == (
        env.report_id,
        "STAGNANT_PALLETS",
        "NEW",
        "P0012",
        "RECV-01",
    )
    assert list(one.rows) == [13, 15] and json.loads(one.details_json) == {"n": 12, "note": "ü"}


def test_foreign_and_unknown_objects_are_not_found(env):
    md = env.caller("ADMIN")  # ADMIN of WH only
    calls = [
        (env.stub.GetReport, pb.GetReportRequest(id=env.foreign_report_id)),
        (env.stub.GetReport, pb.GetReportRequest(id="not-a-uuid")),
        (env.stub.ListAnomalies, pb.ListAnomaliesRequest(report_id=env.foreign_report_id)),
        (env.stub.GetAnomaly, pb.GetAnomalyRequest(id=env.foreign_anomaly_id)),
        (env.stub.GetAnomaly, pb.GetAnomalyRequest(id="abc")),
        (env.stub.GetAnomalyHistory, pb.GetAnomalyHistoryRequest(id=env.foreign_anomaly_id)),
        (env.stub.ListReports, pb.ListReportsRequest(warehouse_id=OTHER_WH)),
        (env.stub.DeleteReport, pb.DeleteReportRequest(id=env.foreign_report_id)),
    ]
    for call, request in calls:
        assert rpc_error(call, request, metadata=md).code() == grpc.StatusCode.NOT_FOUND, request


def test_no_grants_sees_nothing(env):
    err = rpc_error(env.stub.GetReport, pb.GetReportRequest(id=env.report_id), metadata=env.caller(None))
    assert err.code() == grpc.StatusCode.NOT_FOUND


def test_no_caller_is_unauthenticated(env):
    err = rpc_error(env.stub.GetReport, pb.GetReportRequest(id=env.report_id))
    assert err.code() == grpc.StatusCode.UNAUTHENTICATED


@pytest.mark.parametrize("level", ["READ", "WRITE"])
def test_delete_needs_admin(env, level):
    err = rpc_error(
        env.stub.DeleteReport, pb.DeleteReportRequest(id=env.report_id), metadata=env.caller(level)
    )
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED


def test_admin_deletes_report_with_its_anomalies(env):
    env.stub.DeleteReport(pb.DeleteReportRequest(id=env.report_id), metadata=env.caller("ADMIN"))
    err = rpc_error(env.stub.GetReport, pb.GetReportRequest(id=env.report_id), metadata=env.caller("ADMIN"))
    assert err.code() == grpc.StatusCode.NOT_FOUND
    assert _expected(env) == []
    left = env.stub.ListReports(pb.ListReportsRequest(warehouse_id=WH), metadata=env.caller("READ"))
    assert [r.id for r in left.items] == [env.older_report_id]
