"""Builders for evaluation tests: a prepared frame in the intake contract's shape, locations and rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from analysis_service.domain.evaluation import Anomaly, ResolvedLocation, RuleSpec, evaluate

AS_OF = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
BAD = object()  # a creation date that is present but does not parse

TEXT = ("pallet_id", "location", "receipt_number", "description", "location_type")


class Kit:
    as_of = AS_OF
    BAD = BAD

    @staticmethod
    def frame(records: list[dict[str, Any]], as_of: datetime = AS_OF) -> pd.DataFrame:
        """One dict per data row: pallet_id, location (as written), lot, description, location_type, and
        `age_h` (hours before as_of), `date` (an aware datetime), or `date=BAD`; no date key = empty date."""
        rows: dict[str, list[Any]] = {c: [] for c in (*TEXT, "location_raw", "creation_date")}
        rows.update(date_present=[], date_invalid=[])
        for record in records:
            written = record.get("location")
            written = written.strip() if isinstance(written, str) and written.strip() else None
            rows["location_raw"].append(written)
            rows["location"].append(written.upper() if written else None)
            rows["pallet_id"].append(record.get("pallet_id"))
            rows["receipt_number"].append(record.get("lot"))
            for key in ("description", "location_type"):
                rows[key].append(record.get(key))
            date = record.get("date")
            if "age_h" in record:
                date = as_of - timedelta(hours=record["age_h"])
            rows["date_present"].append(date is not None)
            rows["date_invalid"].append(date is BAD)
            rows["creation_date"].append(None if date is None or date is BAD else date)
        frame = pd.DataFrame({c: pd.Series(rows[c], dtype="str") for c in (*TEXT, "location_raw")})
        frame.insert(0, "row", pd.Series(range(1, len(records) + 1), dtype="int64"))
        frame["creation_date"] = pd.to_datetime(pd.Series(rows["creation_date"], dtype=object), utc=True)
        frame["creation_date"] = frame["creation_date"].astype("datetime64[ns, UTC]")
        frame["date_present"] = pd.Series(rows["date_present"], dtype=bool)
        frame["date_invalid"] = pd.Series(rows["date_invalid"], dtype=bool)
        return frame[
            [
                "row",
                "pallet_id",
                "location",
                "location_raw",
                "receipt_number",
                "description",
                "location_type",
                "creation_date",
                "date_present",
                "date_invalid",
            ]
        ]

    @staticmethod
    def loc(
        code: str,
        type_: str,
        capacity: int | None = None,
        zone: str | None = "GENERAL",
        products: tuple[str, ...] = (),
        excluded: bool = False,
    ) -> ResolvedLocation:
        return ResolvedLocation(
            known=True,
            code=code,
            type=type_,
            capacity=capacity,
            zone=zone,
            allowed_products=products,
            excluded=excluded,
        )

    @staticmethod
    def unknown(reason: str = "no such location", excluded: bool = False) -> ResolvedLocation:
        return ResolvedLocation(known=False, reason=reason, excluded=excluded)

    @staticmethod
    def rule(
        rule_type: str,
        *,
        id: str | None = None,
        priority: str = "HIGH",
        precedence: int = 3,
        active: bool = True,
        version: int = 1,
        **conditions: Any,
    ) -> RuleSpec:
        return RuleSpec(
            id=id or f"r-{rule_type.lower()}",
            version=version,
            name=rule_type.title(),
            rule_type=rule_type,
            category="SPACE",
            priority=priority,
            precedence=precedence,
            conditions=conditions,
            is_active=active,
        )

    def run(
        self,
        records: list[dict[str, Any]],
        locations: dict[str, ResolvedLocation],
        rules: list[RuleSpec],
        *,
        has_location_type: bool = False,
        extras: pd.DataFrame | None = None,
        as_of: datetime = AS_OF,
    ) -> list[Anomaly]:
        frame = self.frame(records, as_of)
        extras = pd.DataFrame(index=frame.index) if extras is None else extras
        return evaluate(frame, extras, locations, rules, as_of, has_location_type).anomalies


@pytest.fixture
def kit() -> Kit:
    return Kit()


def brief(anomalies: list[Anomaly]) -> list[tuple[Any, ...]]:
    """(type, pallet, location, rows, priority, check) per anomaly, for compact assertions."""
    return [
        (a.rule_type, a.pallet_id, a.location, a.rows, a.priority, a.details.get("check")) for a in anomalies
    ]


@pytest.fixture
def summary():
    return brief
