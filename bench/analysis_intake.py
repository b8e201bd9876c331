"""Time prepare_inventory on a generated 1,000,000-row csv.

Usage: python bench/analysis_intake.py [rows]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis_service.domain.intake import prepare_inventory


def generate(path: Path, rows: int) -> None:
    rng = np.random.default_rng(7)
    minutes = rng.integers(0, 90 * 24 * 60, rows)
    created = (pd.Timestamp("2025-07-01") + pd.to_timedelta(minutes, unit="m")).strftime("%d/%m/%Y %H:%M")
    frame = pd.DataFrame(
        {
            "LPN": [f"P{i:07d}" for i in range(rows)],
            "Bin": [
                f"{a:02d}-{r:02d}-{p:03d}{lv}"
                for a, r, p, lv in zip(
                    rng.integers(1, 20, rows),
                    rng.integers(1, 30, rows),
                    rng.integers(1, 100, rows),
                    rng.choice(list("ABCD"), rows),
                    strict=True,
                )
            ],
            "Received": created,
            "Lot": [f"L{n:05d}" for n in rng.integers(0, 50_000, rows)],
            "SKU": rng.choice(["CANNED BEANS", "FROZEN PEAS", "RICE", "PASTA", "REFRIGERATED MILK"], rows),
            "Qty": rng.integers(1, 60, rows).astype(str),
        }
    )
    frame.to_csv(path, index=False)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    path = Path(tempfile.gettempdir()) / "wie_bench_inventory.csv"
    generate(path, rows)
    start = time.perf_counter()
    prepared = prepare_inventory(
        path, path.name, as_of=dt.datetime(2025, 10, 1, tzinfo=dt.UTC), timezone="Europe/Berlin"
    )
    elapsed = time.perf_counter() - start
    size_mb = path.stat().st_size / 1e6
    print(
        f"{prepared.row_count:,} rows, {size_mb:.0f} MB, date format {prepared.date_format!r}, "
        f"invalid dates {int(prepared.frame['date_invalid'].sum())}: prepare_inventory {elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
