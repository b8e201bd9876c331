"""Two uploads of one warehouse racing: they are linked in the order they commit (spec/rules.md §5)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from analysis_service.db import linking

from .continuity_support import day, make_env, old_pallet

ROWS = [old_pallet("P1"), old_pallet("P2"), old_pallet("P3", "ZZ-9")]


def test_two_racing_uploads_link_one_after_the_other(engine, tmp_path, monkeypatch):
    env = make_env(engine, tmp_path)
    first = env.upload(ROWS, day(1))
    both_staged = threading.Barrier(2, timeout=30)
    stage = linking.stage

    def stage_then_wait(session, rows):
        stage(session, rows)
        both_staged.wait()  # both have written their anomalies; now both go for the previous report

    monkeypatch.setattr(linking, "stage", stage_then_wait)
    with ThreadPoolExecutor(2) as pool:
        racing = [pool.submit(env.upload, ROWS, day(2)) for _ in range(2)]
        a, b = (f.result(timeout=60) for f in racing)

    with engine.connect() as conn:
        order = conn.execute(
            text("SELECT id FROM analysis.reports WHERE id IN (:a, :b) ORDER BY commit_seq"),
            {"a": a.id, "b": b.id},
        ).scalars()
        earlier, later = ({a.id: a, b.id: b}[rid] for rid in order)
        continued_by = conn.execute(
            text(
                "SELECT c.report_id FROM analysis.anomalies b"
                " JOIN analysis.anomalies c ON c.previous_id = b.id"
                " WHERE b.report_id = :r"
            ),
            {"r": first.id},
        ).scalars()
        continued_by = list(continued_by)
    # the one that committed first continues the day-1 report; the other continues that one
    assert earlier.previous_report_id == first.id
    assert later.previous_report_id == earlier.id
    assert earlier.continuity["carried"] == later.continuity["carried"] == first.anomaly_count
    # each day-1 anomaly was superseded once, by the upload that committed first
    assert continued_by == [earlier.id] * first.anomaly_count
    assert all(
        len([h for h in env.history(a.id) if h[1] == "CLEARED"]) == 1 for a in env.anomalies(first).values()
    )
    seen = {a.seen_count for a in env.anomalies(later).values()}
    assert seen == {3}
    assert {a.status for a in env.anomalies(earlier).values()} == {"CLEARED"}
