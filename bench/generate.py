"""Synthetic inventories for the benchmark, matching the warehouse `BENCH_WAREHOUSE`."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

AS_OF = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
BENCH_WAREHOUSE = {
    "name": "Bench DC",
    "timezone": "UTC",
    "structure": {
        "aisles": 20,
        "racks_per_aisle": 10,
        "positions_per_rack": 100,
        "levels": "ABCDE",
        "default_pallet_capacity": 2,
        "default_zone": "AMBIENT",
        "zones": [{"aisles": [19, 20], "zone": "FREEZER"}],
    },
    "special_areas": [
        {"code": f"RECV-{i:02d}", "type": "RECEIVING", "capacity": 200, "zone": "DOCK"} for i in range(1, 6)
    ]
    + [
        {"code": f"STAGE-{i:02d}", "type": "STAGING", "capacity": 100, "zone": "AMBIENT"} for i in range(1, 4)
    ],
}
HEADER = ["LPN", "Bin", "Received", "Lot", "Item Description", "Qty"]
PRODUCTS = np.array(
    ["CANNED BEANS", "RICE 5KG", "PASTA", "FROZEN PEAS", "REFRIGERATED MILK", "FLOUR", "SUGAR"]
)


def rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    aisle = rng.integers(1, 21, n)
    rack = rng.integers(1, 11, n)
    pos = rng.integers(1, 101, n)
    level = np.array(list("ABCDE"))[rng.integers(0, 5, n)]
    codes = np.char.add(
        np.char.add(
            np.char.add(np.char.zfill(aisle.astype(str), 2), "-"),
            np.char.add(np.char.zfill(rack.astype(str), 2), "-"),
        ),
        np.char.add(np.char.zfill(pos.astype(str), 3), level),
    )
    special = rng.random(n)
    codes = np.where(special < 0.03, np.char.add("RECV-0", rng.integers(1, 6, n).astype(str)), codes)
    codes = np.where(
        (special >= 0.03) & (special < 0.04),
        np.char.add("AISLE-", np.char.zfill(rng.integers(1, 21, n).astype(str), 2)),
        codes,
    )
    codes = np.where(
        (special >= 0.04) & (special < 0.045),
        np.char.add("99-01-", np.char.zfill(rng.integers(1, 999, n).astype(str), 3)),
        codes,
    )  # aisle 99: unknown
    codes = np.where((special >= 0.045) & (special < 0.046), "", codes)
    ages_h = rng.exponential(72, n)
    created = [(AS_OF - timedelta(hours=float(h))).strftime("%Y-%m-%d %H:%M") for h in ages_h]
    lots = np.char.add("L", (np.arange(n) // 12).astype(str))
    products = PRODUCTS[rng.integers(0, len(PRODUCTS), n)]
    ids = np.char.add("P", np.arange(1, n + 1).astype(str))
    dup = rng.random(n) < 0.001
    ids = np.where(dup, np.roll(ids, 1), ids)
    qty = rng.integers(1, 60, n).astype(str)
    return [list(r) for r in zip(ids, codes, created, lots, products, qty, strict=True)]


def write_csv(path: Path, data: list[list[str]]) -> Path:
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(data)
    return path


def write_xlsx(path: Path, data: list[list[str]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Inventory")
    ws.append(HEADER)
    for r in data:
        ws.append([r[0], r[1], datetime.strptime(r[2], "%Y-%m-%d %H:%M"), r[3], r[4], int(r[5])])
    wb.save(path)
    return path
