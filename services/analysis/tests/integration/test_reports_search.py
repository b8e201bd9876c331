"""`?q=` (pallet id or location prefix) and `?aisle=&rack=` (a heatmap cell) on a report's anomaly list."""

from __future__ import annotations

import grpc
import pytest
from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from analysis_service.db.models import Anomaly
from wie.analysis.v1 import analysis_pb2 as pb

from .reports_support import field_names, report_env, rpc_error


@pytest.fixture
def env(engine):
    with report_env(engine) as e:
        yield e


def _ids(env, **filters) -> list[int]:
    page = env.stub.ListAnomalies(
        pb.ListAnomaliesRequest(report_id=env.report_id, limit=1000, **filters), metadata=env.caller("READ")
    )
    assert not page.next_cursor
    return [int(a.id) for a in page.items]


def _where(env, *conditions) -> list[int]:
    with Session(env.engine) as s:
        q = select(Anomaly.id).where(Anomaly.report_id == env.report_id, *conditions)
        return list(s.scalars(q.order_by(Anomaly.priority_rank, Anomaly.id)))


def test_search_by_pallet_id_prefix_any_case(env):
    got = _ids(env, q=" p001")
    assert got and got == _where(env, Anomaly.pallet_id.like("P001%"))


def test_search_by_location_prefix(env):
    got = _ids(env, q="stage")
    assert got and got == _where(env, Anomaly.location == "STAGE-01")


def test_search_matches_pallet_or_location(env):
    with Session(env.engine) as s, s.begin():
        s.execute(update(Anomaly).where(Anomaly.id == env.ids[0]).values(pallet_id="RECV-PALLET"))
    got = _ids(env, q="RECV")
    expected = _where(env, or_(Anomaly.location == "RECV-01", Anomaly.pallet_id == "RECV-PALLET"))
    assert env.ids[0] in got and got == expected


def test_search_wildcards_are_literal(env):
    assert _ids(env, q="%") == [] and _ids(env, q="_") == []


def test_heatmap_cell_is_its_aisle_and_rack(env):
    got = _ids(env, aisle=1, rack=2)
    assert got and got == _where(env, Anomaly.location == "01-02-015B")
    assert _ids(env, aisle=1) == got  # a whole aisle
    assert _ids(env, aisle=1, rack=3) == [] and _ids(env, aisle=2) == []


def test_place_and_search_combine(env):
    assert _ids(env, aisle=1, rack=2, q="01-02-015") == _ids(env, aisle=1, rack=2)
    assert _ids(env, aisle=1, rack=2, q="STAGE") == []


@pytest.mark.parametrize(
    ("filters", "field"), [({"rack": 2}, "rack"), ({"aisle": 100}, "aisle"), ({"q": "x" * 101}, "q")]
)
def test_bad_place_or_search_names_the_field(env, filters, field):
    err = rpc_error(
        env.stub.ListAnomalies,
        pb.ListAnomaliesRequest(report_id=env.report_id, **filters),
        metadata=env.caller("READ"),
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == [field]


def test_prefix_search_uses_an_index(env):
    # %% is the driver's escape; the report id is a uuid of the test's own seed
    sql = (
        "EXPLAIN SELECT id FROM analysis.anomalies"  # noqa: S608
        f" WHERE report_id = '{env.report_id}' AND upper(location) LIKE '01-02-%%'"
    )
    with Session(env.engine) as s:
        s.execute(text("ANALYZE analysis.anomalies"))
        s.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in s.connection().exec_driver_sql(sql, ()))
    assert "ix_anomalies_report_location" in plan and "upper(location) ~>=~" in plan, plan
