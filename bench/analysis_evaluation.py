"""Benchmark of the rule evaluation: a 1,000,000-row prepared frame over ~100k distinct locations.

    python bench/analysis_evaluation.py [--rows 1000000] [--seed 1]

Prints the time of `evaluate()` with the eight default rules plus MISSING_LOCATION and
PRODUCT_INCOMPATIBILITY, the anomalies per rule and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import Counter
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from analysis_service.domain.evaluation import ResolvedLocation, RuleSpec, evaluate

AS_OF = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
AISLES, RACKS, POSITIONS = 50, 20, 100  # 100,000 storage slots, one level


def rules() -> list[RuleSpec]:
    def spec(n: int, rule_type: str, priority: str, precedence: int, **conditions: object) -> RuleSpec:
        return RuleSpec(
            f"rule-{n}", 1, rule_type.title(), rule_type, "SPACE", priority, precedence, conditions
        )

    return [
        spec(1, "STAGNANT_PALLETS", "HIGH", 3, location_types=["RECEIVING"], time_threshold_hours=10),
        spec(
            2,
            "UNCOORDINATED_LOTS",
            "VERY_HIGH",
            3,
            completion_threshold=0.8,
            location_types=["RECEIVING"],
            final_location_types=["STORAGE"],
        ),
        spec(3, "OVERCAPACITY", "HIGH", 2),
        spec(4, "INVALID_LOCATION", "HIGH", 1),
        spec(5, "LOCATION_SPECIFIC_STAGNANT", "HIGH", 3, location_pattern="AISLE*", time_threshold_hours=4),
        spec(
            6,
            "TEMPERATURE_ZONE_MISMATCH",
            "VERY_HIGH",
            2,
            product_patterns=["*FROZEN*", "*REFRIGERATED*"],
            prohibited_zones=["AMBIENT", "GENERAL"],
            time_threshold_minutes=30,
        ),
        spec(7, "DATA_INTEGRITY", "MEDIUM", 1),
        spec(8, "LOCATION_MAPPING_ERROR", "HIGH", 4),
        spec(9, "MISSING_LOCATION", "LOW", 4, exclude_if_flagged_by=["DATA_INTEGRITY"]),
        spec(10, "PRODUCT_INCOMPATIBILITY", "MEDIUM", 4),
    ]


def warehouse() -> tuple[list[str], list[str], dict[str, ResolvedLocation]]:
    """Canonical storage codes, their short written forms, and every resolvable key."""
    locations: dict[str, ResolvedLocation] = {}
    canonical, short = [], []
    for aisle in range(1, AISLES + 1):
        zone = "FREEZER" if aisle <= 5 else "AMBIENT"
        for rack in range(1, RACKS + 1):
            for position in range(1, POSITIONS + 1):
                code = f"{aisle:02d}-{rack:02d}-{position:03d}A"
                products = ("*FROZEN*", "*ICE*") if aisle <= 5 else ()
                loc = ResolvedLocation(True, code, "STORAGE", 12, zone, products)
                locations[code] = loc
                written = f"{aisle}-{rack}-{position}A"
                locations[written] = loc
                canonical.append(code)
                short.append(written)
    for n in range(1, 11):
        recv = ResolvedLocation(True, f"RECV-{n:02d}", "RECEIVING", 400, "DOCK")
        locations[f"RECV-{n:02d}"] = locations[f"RECV-{n}"] = recv
    for n in range(1, AISLES + 1):
        locations[f"AISLE-{n:02d}"] = ResolvedLocation(True, f"AISLE-{n:02d}", "AISLE", 10, "AMBIENT")
    for n in range(1, 201):
        locations[f"{AISLES + 1 + n % 9}-01-{n:03d}A"] = ResolvedLocation(False, reason="aisle > 50 aisles")
    return canonical, short, locations


def frame(rows: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, ResolvedLocation]]:
    rng = np.random.default_rng(seed)
    canonical, short, locations = warehouse()
    slot = rng.integers(0, len(canonical), rows)
    written = np.where(
        rng.random(rows) < 0.05, np.array(short, dtype=object)[slot], np.array(canonical, dtype=object)[slot]
    )
    declared = np.full(rows, "STORAGE", dtype=object)
    kind = rng.random(rows)
    recv = kind < 0.02
    written[recv] = np.char.add("RECV-", rng.integers(1, 11, int(recv.sum())).astype(str))
    declared[recv] = "RECV"
    aisle = (kind >= 0.02) & (kind < 0.03)
    written[aisle] = np.char.add(
        "AISLE-", np.char.zfill(rng.integers(1, AISLES + 1, int(aisle.sum())).astype(str), 2)
    )
    declared[aisle] = "TRANSITIONAL"
    unknown = (kind >= 0.03) & (kind < 0.035)
    unknown_keys = [k for k, v in locations.items() if not v.known]
    written[unknown] = np.array(unknown_keys, dtype=object)[
        rng.integers(0, len(unknown_keys), int(unknown.sum()))
    ]
    written[(kind >= 0.035) & (kind < 0.037)] = None
    declared[rng.random(rows) < 0.01] = "RACKING"
    pallet = np.char.add("P", np.char.zfill(np.arange(rows).astype(str), 7)).astype(object)
    dup = rng.random(rows) < 0.005
    pallet[dup] = pallet[rng.integers(0, rows, int(dup.sum()))]
    pallet[rng.random(rows) < 0.001] = None
    lot = np.char.add("L", (np.arange(rows) // 20).astype(str)).astype(object)
    lot[rng.random(rows) < 0.3] = None
    products = np.array(
        [f"ITEM {i}" for i in range(950)] + [f"FROZEN ITEM {i}" for i in range(50)], dtype=object
    )
    # frozen items live in the freezer aisles (1-5) with a few strays elsewhere, and the other way round
    in_freezer = np.zeros(rows, dtype=bool)
    in_freezer[:] = slot < 5 * RACKS * POSITIONS
    frozen = np.where(in_freezer, rng.random(rows) < 0.97, rng.random(rows) < 0.005)
    description = np.where(
        frozen, products[950 + rng.integers(0, 50, rows)], products[rng.integers(0, 950, rows)]
    )
    age_seconds = rng.integers(0, 30 * 86400, rows)
    created = pd.Timestamp(AS_OF) - pd.to_timedelta(age_seconds, unit="s")
    created = pd.Series(created).astype("datetime64[ns, UTC]")
    invalid = rng.random(rows) < 0.001
    created[invalid] = pd.NaT
    created[rng.random(rows) < 0.001] = pd.Timestamp("2026-02-01", tz="UTC")
    location = pd.Series(written, dtype="str")
    data = pd.DataFrame(
        {
            "row": np.arange(1, rows + 1, dtype=np.int64),
            "pallet_id": pd.Series(pallet, dtype="str"),
            "location": location,
            "location_raw": location,
            "receipt_number": pd.Series(lot, dtype="str"),
            "description": pd.Series(description, dtype="str"),
            "location_type": pd.Series(declared, dtype="str"),
            "creation_date": created,
            "date_present": np.ones(rows, dtype=bool),
            "date_invalid": invalid,
        }
    )
    extras = pd.DataFrame(
        {
            "Weight": pd.Series(rng.integers(100, 900, rows).astype(str), dtype="str"),
            "Carrier": pd.Series(
                np.array(["DHL", "UPS", "FedEx"], dtype=object)[rng.integers(0, 3, rows)], dtype="str"
            ),
        }
    )
    return data, extras, locations


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    data, extras, locations = frame(args.rows, args.seed)
    distinct = data["location"].nunique()
    print(
        f"generated {len(data):,} rows, {distinct:,} distinct location keys, "
        f"{len(locations):,} resolved keys in {time.perf_counter() - started:.1f} s; "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    for attempt in range(1, args.repeat + 1):
        started = time.perf_counter()
        result = evaluate(data, extras, locations, rules(), AS_OF, True)
        elapsed = time.perf_counter() - started
        print(
            f"evaluate() #{attempt}: {elapsed:.2f} s, {len(result.anomalies):,} anomalies, "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
    by_type = Counter(a.rule_type for a in result.anomalies)
    for run in result.runs:
        print(f"  {run.rule_id:8} {run.elapsed_ms:8.0f} ms {run.anomalies:8,} anomalies")
    print("  by type:", dict(by_type))


if __name__ == "__main__":
    main()
