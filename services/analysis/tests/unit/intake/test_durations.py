from __future__ import annotations

import pandas as pd
import pytest

from analysis_service.domain.intake.durations import parse_durations, unit_from_header


def _hours(values: list[str | None], **kwargs) -> list[float | None]:
    parsed = parse_durations(pd.Series(values, dtype="str"), **kwargs)
    return [None if pd.isna(v) else v.total_seconds() / 3600 for v in parsed.values]


@pytest.mark.parametrize(
    ("raw", "hours"),
    [
        ("12w 1d 23h 53m", 12 * 168 + 24 + 23 + 53 / 60),
        ("3d 4h", 76),
        ("3d4h", 76),
        ("90m", 1.5),
        ("5:30", 5.5),
        ("125:15:36", 125.26),
        ("2 days, 5 hours", 53),
        ("1 hr 30 mins", 1.5),
        ("45 min", 0.75),
        ("3 days 04:00:00", 76),
        ("36", 36),
        ("1.5", 1.5),
        ("2H", 2),
        ("1w", 168),
        ("3600s", 1),
    ],
)
def test_formats(raw: str, hours: float) -> None:
    assert _hours([raw]) == [pytest.approx(hours)]


@pytest.mark.parametrize("raw", ["soon", "4h 3d", "5:75", "-3h", "3 months", "h", "1e9w", "::"])
def test_invalid(raw: str) -> None:
    parsed = parse_durations(pd.Series([raw, None], dtype="str"))
    assert parsed.values.isna().tolist() == [True, True]
    assert parsed.present.tolist() == [True, False]
    assert parsed.invalid.tolist() == [True, False]


def test_plain_numbers_take_the_unit_of_the_header() -> None:
    assert unit_from_header("Days in storage") == "d"
    assert unit_from_header("Age (min)") == "m"
    assert unit_from_header("Dwell") == "h"
    assert _hours(["2"], default_unit="d") == [48]
    assert _hours(["2"], default_unit="w") == [336]
    assert _hours(["2h"], default_unit="d") == [2]
