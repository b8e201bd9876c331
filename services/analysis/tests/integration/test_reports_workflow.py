"""Status moves per spec/rules.md §4, their history, and bulk moves — real gRPC on a real database.

Access decision under test: a caller that may READ the warehouse but not WRITE gets PERMISSION_DENIED when
it changes a status (it can see the anomaly anyway); a caller without access to the warehouse gets NOT_FOUND.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from analysis_service.db.models import Anomaly, AnomalyHistory
from wie.analysis.v1 import analysis_pb2 as pb
from wie_common.grpc_errors import from_rpc_error

from .reports_support import OTHER_WH, RULE_TYPES, field_names, report_env, rpc_error

USER_MOVES = [
    ("NEW", "ACKNOWLEDGED"),
    ("NEW", "IN_PROGRESS"),
    ("NEW", "RESOLVED"),
    ("ACKNOWLEDGED", "IN_PROGRESS"),
    ("ACKNOWLEDGED", "RESOLVED"),
    ("IN_PROGRESS", "ACKNOWLEDGED"),
    ("IN_PROGRESS", "RESOLVED"),
    ("RESOLVED", "NEW"),
]
FORBIDDEN = [
    ("NEW", "NEW"),
    ("NEW", "CLEARED"),
    ("ACKNOWLEDGED", "NEW"),
    ("IN_PROGRESS", "NEW"),
    ("RESOLVED", "ACKNOWLEDGED"),
    ("RESOLVED", "CLEARED"),
    ("CLEARED", "NEW"),
    ("CLEARED", "RESOLVED"),
]


@pytest.fixture
def env(engine):
    with report_env(engine) as e:
        yield e


def _force(env, anomaly_id: int, status: str) -> None:
    """Put an anomaly in a starting status without going through the workflow (test setup only)."""
    with Session(env.engine) as s, s.begin():
        s.execute(update(Anomaly).where(Anomaly.id == anomaly_id).values(status=status))


def _move(env, anomaly_id, status, comment="", level="WRITE", user=""):
    return env.stub.UpdateAnomalyStatus(
        pb.UpdateAnomalyStatusRequest(id=str(anomaly_id), status=status, comment=comment),
        metadata=env.caller(level, user=user),
    )


def _history(env, anomaly_id, level="READ"):
    return env.stub.GetAnomalyHistory(
        pb.GetAnomalyHistoryRequest(id=str(anomaly_id)), metadata=env.caller(level)
    ).entries


@pytest.mark.parametrize(("current", "target"), USER_MOVES)
def test_every_allowed_move_is_recorded(env, current, target):
    aid = env.ids[20]
    _force(env, aid, current)
    moved = _move(env, aid, target, comment="  checked on site ", user="alice")
    assert moved.status == target and moved.id == str(aid)
    [entry] = _history(env, aid)
    assert (entry.from_status, entry.to_status, entry.changed_by, entry.comment) == (
        current,
        target,
        "alice",
        "checked on site",
    )
    assert entry.changed_at.seconds > 0


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_forbidden_moves_conflict_naming_both_statuses(env, current, target):
    aid = env.ids[21]
    _force(env, aid, current)
    err = rpc_error(_move, env, aid, target)
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION  # the gateway answers 409
    remote = from_rpc_error(err)
    assert remote.reason == "invalid_status_transition"
    assert remote.extra == {"from": current, "to": target}
    assert current in remote.detail and target in remote.detail
    assert list(_history(env, aid)) == []


def test_history_keeps_every_move_in_order(env):
    aid = env.ids[22]
    for status in ("ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED", "NEW"):
        _move(env, aid, status, comment=f"to {status}")
    entries = _history(env, aid)
    assert [(e.from_status, e.to_status) for e in entries] == [
        ("NEW", "ACKNOWLEDGED"),
        ("ACKNOWLEDGED", "IN_PROGRESS"),
        ("IN_PROGRESS", "RESOLVED"),
        ("RESOLVED", "NEW"),
    ]
    assert [e.comment for e in entries] == ["to ACKNOWLEDGED", "to IN_PROGRESS", "to RESOLVED", "to NEW"]
    current = env.stub.GetAnomaly(pb.GetAnomalyRequest(id=str(aid)), metadata=env.caller("READ"))
    assert current.status == "NEW"


def test_status_names_are_case_insensitive_and_unknown_ones_invalid(env):
    assert _move(env, env.ids[23], " acknowledged ").status == "ACKNOWLEDGED"
    err = rpc_error(_move, env, env.ids[23], "DONE")
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == ["status"]


def test_comment_length_is_limited(env):
    err = rpc_error(_move, env, env.ids[23], "RESOLVED", comment="x" * 2001)
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == ["comment"]


def test_read_access_cannot_move(env):
    err = rpc_error(_move, env, env.ids[24], "ACKNOWLEDGED", level="READ")
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED
    err = rpc_error(
        env.stub.BulkUpdateStatus,
        pb.BulkUpdateStatusRequest(report_id=env.report_id, status="RESOLVED", rule_type="OVERCAPACITY"),
        metadata=env.caller("READ"),
    )
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED


def test_foreign_anomaly_cannot_be_moved(env):
    err = rpc_error(
        env.stub.UpdateAnomalyStatus,
        pb.UpdateAnomalyStatusRequest(id=env.foreign_anomaly_id, status="RESOLVED"),
        metadata=env.caller("ADMIN"),
    )
    assert err.code() == grpc.StatusCode.NOT_FOUND
    with_access = env.caller("WRITE", warehouse=OTHER_WH)
    env.stub.UpdateAnomalyStatus(
        pb.UpdateAnomalyStatusRequest(id=env.foreign_anomaly_id, status="RESOLVED"), metadata=with_access
    )


def _bulk(env, level="WRITE", report_id="", **kw):
    return env.stub.BulkUpdateStatus(
        pb.BulkUpdateStatusRequest(report_id=report_id or env.report_id, **kw), metadata=env.caller(level)
    )


def _statuses(env, ids) -> dict[int, str]:
    with Session(env.engine) as s:
        return dict(s.execute(select(Anomaly.id, Anomaly.status).where(Anomaly.id.in_(ids))).all())


def test_bulk_by_ids_moves_allowed_and_counts_the_rest(env):
    a, b, c, d = env.ids[30:34]
    _force(env, b, "RESOLVED")  # RESOLVED → ACKNOWLEDGED is not allowed: skipped
    _force(env, c, "IN_PROGRESS")
    result = _bulk(
        env,
        status="ACKNOWLEDGED",
        comment="bulk",
        anomaly_ids=[str(x) for x in (a, b, c, a)] + [env.foreign_anomaly_id, "999999999"],
    )
    # a and c move; b is not movable; the foreign and unknown ids are not in this report.
    assert (result.updated, result.skipped) == (2, 3)
    assert _statuses(env, [a, b, c, d]) == {a: "ACKNOWLEDGED", b: "RESOLVED", c: "ACKNOWLEDGED", d: "NEW"}
    assert [(e.from_status, e.to_status, e.comment) for e in _history(env, c)] == [
        ("IN_PROGRESS", "ACKNOWLEDGED", "bulk")
    ]
    foreign = int(env.foreign_anomaly_id)
    assert _statuses(env, [foreign]) == {foreign: "NEW"}


def test_bulk_by_rule_type_moves_the_whole_type_in_one_go(env):
    of_type = [aid for i, aid in enumerate(env.ids) if RULE_TYPES[i % len(RULE_TYPES)] == "DATA_INTEGRITY"]
    _force(env, of_type[0], "RESOLVED")
    result = _bulk(env, status="IN_PROGRESS", rule_type="data_integrity")
    assert (result.updated, result.skipped) == (len(of_type) - 1, 1)
    statuses = _statuses(env, env.ids)
    assert {statuses[x] for x in of_type[1:]} == {"IN_PROGRESS"}
    assert sum(1 for s in statuses.values() if s == "IN_PROGRESS") == len(of_type) - 1
    with Session(env.engine) as s:
        written = s.scalar(select(func.count()).select_from(AnomalyHistory))
    assert written == len(of_type) - 1
    again = _bulk(env, status="IN_PROGRESS", rule_type="DATA_INTEGRITY")
    assert (again.updated, again.skipped) == (0, len(of_type))


@pytest.mark.parametrize(
    ("kw", "fields"),
    [
        ({}, ["anomaly_ids", "rule_type"]),
        ({"anomaly_ids": ["1"], "rule_type": "OVERCAPACITY"}, ["anomaly_ids", "rule_type"]),
        ({"anomaly_ids": ["x1"]}, ["anomaly_ids"]),
        ({"rule_type": "NOPE"}, ["rule_type"]),
    ],
)
def test_bulk_selection_is_validated(env, kw, fields):
    err = rpc_error(_bulk, env, status="RESOLVED", **kw)
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == fields


def test_bulk_to_cleared_is_a_conflict_and_foreign_report_not_found(env):
    err = rpc_error(_bulk, env, status="CLEARED", rule_type="OVERCAPACITY")
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    err = rpc_error(
        _bulk,
        env,
        report_id=env.foreign_report_id,
        status="RESOLVED",
        rule_type="OVERCAPACITY",
        level="ADMIN",
    )
    assert err.code() == grpc.StatusCode.NOT_FOUND
    assert set(_statuses(env, env.ids).values()) == {"NEW"}


def test_concurrent_moves_of_one_anomaly_are_serialised(env):
    """The row lock makes each move see the committed status of the one before: exactly one NEW→RESOLVED."""
    aid = env.ids[40]

    def attempt(_: int) -> str:
        try:
            _move(env, aid, "RESOLVED")
        except grpc.RpcError as err:
            return err.code().name
        return "OK"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = sorted(pool.map(attempt, range(6)))
    assert outcomes == ["FAILED_PRECONDITION"] * 5 + ["OK"]
    assert [(e.from_status, e.to_status) for e in _history(env, aid)] == [("NEW", "RESOLVED")]
