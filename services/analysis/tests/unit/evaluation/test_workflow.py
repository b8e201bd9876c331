"""Anomaly status moves (spec/rules.md §4)."""

from __future__ import annotations

import itertools

import pytest

from analysis_service.domain.workflow import (
    ALLOWED,
    AnomalyStatus,
    InvalidTransition,
    allowed_moves,
    check_transition,
)

USER_MOVES = {
    ("NEW", "ACKNOWLEDGED"),
    ("NEW", "IN_PROGRESS"),
    ("NEW", "RESOLVED"),
    ("ACKNOWLEDGED", "IN_PROGRESS"),
    ("ACKNOWLEDGED", "RESOLVED"),
    ("IN_PROGRESS", "ACKNOWLEDGED"),
    ("IN_PROGRESS", "RESOLVED"),
    ("RESOLVED", "NEW"),
}
STATUSES = [s.value for s in AnomalyStatus]


def test_allowed_table_is_exactly_the_spec():
    assert {(a.value, b.value) for a, targets in ALLOWED.items() for b in targets} == USER_MOVES


@pytest.mark.parametrize(("current", "target"), sorted(USER_MOVES))
def test_every_allowed_move(current, target):
    assert check_transition(current, target) is AnomalyStatus(target)
    assert check_transition(current.lower(), AnomalyStatus(target), by_system=True) is AnomalyStatus(target)


@pytest.mark.parametrize(
    ("current", "target"),
    sorted(set(itertools.product(STATUSES, STATUSES)) - USER_MOVES),
)
def test_every_other_user_move_is_refused(current, target):
    with pytest.raises(InvalidTransition) as error:
        check_transition(current, target)
    assert (error.value.from_status, error.value.to_status) == (current, target)


@pytest.mark.parametrize("current", ["NEW", "ACKNOWLEDGED", "IN_PROGRESS"])
def test_only_the_system_clears_open_anomalies(current):
    with pytest.raises(InvalidTransition, match="only the system"):
        check_transition(current, "CLEARED")
    assert check_transition(current, "CLEARED", by_system=True) is AnomalyStatus.CLEARED


@pytest.mark.parametrize(
    ("current", "target"),
    [("RESOLVED", "CLEARED"), ("CLEARED", "NEW"), ("CLEARED", "CLEARED"), ("NEW", "NEW")],
)
def test_forbidden_even_for_the_system(current, target):
    with pytest.raises(InvalidTransition):
        check_transition(current, target, by_system=True)


def test_cleared_is_final_and_unknown_names_are_value_errors():
    assert allowed_moves("CLEARED", by_system=True) == frozenset()
    with pytest.raises(ValueError, match="unknown anomaly status"):
        check_transition("NEW", "DONE")
