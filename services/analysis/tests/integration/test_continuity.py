"""Anomalies across uploads (spec/rules.md §5) on real PostgreSQL: carry-over, recurrence, system resolve,
untracked and back-filled uploads, rule lineage, undo on delete, the trail and ?since=."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text

from wie_common.errors import Conflict, InvalidArgument

from .continuity_support import ADMIN, day, make_env, old_pallet
from .upload_support import DefaultRules

STAGNANT, INVALID = "STAGNANT_PALLETS", "INVALID_LOCATION"
DAY1_ROWS = [old_pallet("P1"), old_pallet("P2"), old_pallet("P3", "ZZ-9"), old_pallet("P4", "01-01-001A")]
DAY2_ROWS = [old_pallet("P1"), old_pallet("P3", "ZZ-9"), old_pallet("P5"), old_pallet("P4", "01-01-001A")]


@pytest.fixture
def env(engine, tmp_path):
    return make_env(engine, tmp_path)


def _two_days(env):
    r1 = env.upload(DAY1_ROWS, day(1))
    a1 = env.anomalies(r1)
    env.move(a1[STAGNANT, "P1"].id, "ACKNOWLEDGED")  # being worked on
    env.move(a1[INVALID, "P3"].id, "RESOLVED")  # the team thinks it is fixed
    r2 = env.upload(DAY2_ROWS, day(2))
    return r1, a1, r2


def test_first_tracked_report_has_no_previous_and_everything_is_new(env):
    r1 = env.upload(DAY1_ROWS, day(1))
    assert r1.tracked and r1.previous_report_id is None
    assert r1.continuity == {"new": 3, "carried": 0, "recurred": 0, "resolved": 0}
    for a in env.anomalies(r1).values():
        assert (a.status, a.seen_count, a.previous_id, a.recurred) == ("NEW", 1, None, False)
        assert a.first_seen_at == day(1)


def test_next_day_continues_recurs_news_and_resolves(env):
    r1, before, r2 = _two_days(env)
    assert r2.previous_report_id == r1.id
    assert r2.continuity == {"new": 1, "carried": 1, "recurred": 1, "resolved": 1}
    today, yesterday = env.anomalies(r2), env.anomalies(r1)

    carried = today[STAGNANT, "P1"]  # continues: takes the status, first_seen_at, seen_count + 1
    assert (carried.status, carried.seen_count, carried.previous_id) == (
        "ACKNOWLEDGED",
        2,
        before[STAGNANT, "P1"].id,
    )
    assert carried.first_seen_at == day(1) and not carried.recurred
    assert env.history(carried.id)[0][:3] == ("ACKNOWLEDGED", "ACKNOWLEDGED", "system")
    assert yesterday[STAGNANT, "P1"].status == "CLEARED"
    assert env.history(before[STAGNANT, "P1"].id)[-1] == (
        "ACKNOWLEDGED",
        "CLEARED",
        "system",
        f"superseded by report {r2.id}",
    )

    back = today[INVALID, "P3"]  # it was resolved, and it is back
    assert (back.status, back.recurred, back.seen_count, back.previous_id) == (
        "NEW",
        True,
        1,
        before[INVALID, "P3"].id,
    )
    assert back.first_seen_at == day(2)
    assert yesterday[INVALID, "P3"].status == "RESOLVED"  # the user's resolution stays

    fresh = today[STAGNANT, "P5"]
    assert (fresh.status, fresh.previous_id, fresh.seen_count, fresh.first_seen_at) == (
        "NEW",
        None,
        1,
        day(2),
    )

    gone = yesterday[STAGNANT, "P2"]  # not in today's file: the system resolves it
    assert gone.status == "RESOLVED" and gone.resolved_at == day(2)
    assert env.history(gone.id)[-1] == ("NEW", "RESOLVED", "system", f"not in report {r2.id}")


def test_since_filter_lists_new_carried_and_recurred(env):
    _, _, r2 = _two_days(env)

    def listed(since):
        return {
            (a.rule_type, a.pallet_id)
            for a in env.reports.list_anomalies(ADMIN, str(r2.id), since=since).items
        }

    assert listed("new") == {(STAGNANT, "P5")}
    assert listed("carried") == {(STAGNANT, "P1")}
    assert listed("RECURRED") == {(INVALID, "P3")}
    with pytest.raises(InvalidArgument) as err:
        env.reports.list_anomalies(ADMIN, str(r2.id), since="old")
    assert err.value.errors[0].field == "since"


def test_trail_follows_previous_ids_newest_first(env):
    r1, before, r2 = _two_days(env)
    r3 = env.upload(DAY2_ROWS, day(3))
    latest = env.anomalies(r3)[STAGNANT, "P1"]
    assert latest.seen_count == 3 and latest.first_seen_at == day(1)
    trail = env.reports.anomaly_trail(ADMIN, str(latest.id))
    assert [a.report_id for a in trail] == [r3.id, r2.id, r1.id]
    assert [a.seen_count for a in trail] == [3, 2, 1]
    assert trail[-1].id == before[STAGNANT, "P1"].id
    # a recurrence links to the resolved one too
    assert [
        a.report_id for a in env.reports.anomaly_trail(ADMIN, str(env.anomalies(r2)[INVALID, "P3"].id))
    ] == [
        r2.id,
        r1.id,
    ]


def test_untracked_upload_changes_nothing_outside_itself(env):
    _, _, r2 = _two_days(env)
    before = {k: v.status for k, v in env.anomalies(r2).items()}
    aside = env.upload([old_pallet("P9")], day(3), track=False)
    assert not aside.tracked and aside.previous_report_id is None
    assert aside.continuity["new"] == 1 and aside.continuity["resolved"] == 0
    assert {k: v.status for k, v in env.anomalies(r2).items()} == before
    # the next tracked upload still links to the last tracked one, not to the untracked
    r3 = env.upload(DAY2_ROWS, day(4))
    assert r3.previous_report_id == r2.id


def test_backfilled_upload_changes_nothing_and_says_why(env):
    r1 = env.upload(DAY1_ROWS, day(2))
    older = env.upload(DAY2_ROWS, day(1))  # yesterday's file uploaded late
    assert older.tracked and older.previous_report_id is None
    assert [w["code"] for w in older.warnings] == ["backfilled"]
    assert "changed nothing" in older.warnings[0]["message"]
    assert {a.status for a in env.anomalies(r1).values()} == {"NEW"}
    r3 = env.upload(DAY2_ROWS, day(3))
    assert r3.previous_report_id == r1.id  # by as_of: the back-filled report is not the latest


def test_editing_or_overriding_a_rule_keeps_its_lineage(env, engine, tmp_path):
    r1 = env.upload(DAY1_ROWS, day(1))
    base = DefaultRules().effective_rules("wh-1")

    class Overridden(DefaultRules):
        def effective_rules(self, warehouse_id):
            # the warehouse replaces the default stagnant rule with its own (a new id that overrides it)
            return [
                dataclasses.replace(r, id="own-1", overrides_rule_id=r.id, version=3)
                if r.rule_type == STAGNANT
                else r
                for r in base
            ]

    env.uploads.rules = Overridden()
    r2 = env.upload(DAY1_ROWS, day(2))
    carried = env.anomalies(r2)[STAGNANT, "P1"]
    assert carried.previous_id == env.anomalies(r1)[STAGNANT, "P1"].id and carried.seen_count == 2
    assert r2.continuity["carried"] == 3 and r2.continuity["new"] == 0


def test_a_pallet_without_id_is_known_by_where_it_is(env):
    rows = [("", "RECV-01", old_pallet("x")[2]), ("", "RECV-01", old_pallet("x")[2])]
    r1 = env.upload(rows, day(1))
    r2 = env.upload(rows, day(2))
    # two missing-id rows at one place both day: both pairs carry over, one to one
    assert r2.continuity["carried"] == r1.anomaly_count and r2.continuity["new"] == 0


def test_deleting_the_latest_report_restores_the_previous_statuses(env):
    r1, before, r2 = _two_days(env)
    with pytest.raises(Conflict) as err:  # r2 continues r1
        env.reports.delete_report(ADMIN, str(r1.id))
    assert err.value.reason == "report_has_successor" and str(r2.id) in err.value.detail
    env.reports.delete_report(ADMIN, str(r2.id))
    restored = env.anomalies(r1)
    assert restored[STAGNANT, "P1"].status == "ACKNOWLEDGED"
    assert restored[STAGNANT, "P2"].status == "NEW" and restored[STAGNANT, "P2"].resolved_at is None
    assert restored[INVALID, "P3"].status == "RESOLVED"  # the user's own move is not undone
    assert env.history(before[STAGNANT, "P1"].id)[-1] == (
        "CLEARED",
        "ACKNOWLEDGED",
        "system",
        f"restored: report {r2.id} was deleted",
    )
    # r1 is the latest tracked report again: the next upload links to it
    again = env.upload(DAY2_ROWS, day(2))
    assert again.previous_report_id == r1.id and again.continuity["carried"] == 1
    env.reports.delete_report(ADMIN, str(again.id))
    env.reports.delete_report(ADMIN, str(r1.id))  # nothing links to it any more


def test_deleting_an_untracked_or_backfilled_report_touches_nothing_else(env):
    _, _, r2 = _two_days(env)
    before = {k: v.status for k, v in env.anomalies(r2).items()}
    aside = env.upload([old_pallet("P1")], day(3), track=False)
    late = env.upload(DAY1_ROWS, day(0))
    env.reports.delete_report(ADMIN, str(aside.id))
    env.reports.delete_report(ADMIN, str(late.id))
    assert {k: v.status for k, v in env.anomalies(r2).items()} == before


def test_status_moves_set_and_clear_resolved_at(env):
    r1 = env.upload(DAY1_ROWS, day(1))
    a = env.anomalies(r1)[STAGNANT, "P1"]
    env.move(a.id, "RESOLVED")
    assert env.anomalies(r1)[STAGNANT, "P1"].resolved_at is not None
    env.move(a.id, "NEW")
    assert env.anomalies(r1)[STAGNANT, "P1"].resolved_at is None
    bulk = env.reports.bulk_update_status(ADMIN, str(r1.id), "RESOLVED", rule_type=STAGNANT)
    assert bulk.updated == 2
    with env.engine.connect() as conn:
        resolved = conn.execute(
            text(
                "SELECT count(*) FROM analysis.anomalies"
                " WHERE resolved_at IS NOT NULL AND status = 'RESOLVED'"
            )
        ).scalar_one()
    assert resolved == 2
