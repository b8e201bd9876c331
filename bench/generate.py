"""Synthetic inventories for the benchmark and the warehouse they belong to.

The data is shaped like a real export rather than random noise, so the anomaly rate is realistic (1–2 %):
pallets are spread evenly over the 100,000 storage slots (capacity = the average occupancy + 1, with a few
slots overfilled), frozen and refrigerated products live in the FREEZER aisles (a few are misplaced), recent
lots sit in receiving (a few stragglers stay behind), and a small share of rows carry scanner errors (unknown
or empty locations, duplicate scans, bad dates).
"""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

AS_OF = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
AISLES, RACKS, POSITIONS, LEVELS = 20, 10, 100, "ABCDE"
SLOTS = AISLES * RACKS * POSITIONS * len(LEVELS)
FREEZER_AISLES = (19, 20)
HEADER = ["LPN", "Bin", "Received", "Lot", "Item Description", "Qty"]
AMBIENT_PRODUCTS = np.array(["CANNED BEANS", "RICE 5KG", "PASTA", "FLOUR", "SUGAR", "OLIVE OIL"])
COLD_PRODUCTS = np.array(["FROZEN PEAS", "FROZEN PIZZA", "REFRIGERATED MILK", "REFRIGERATED CHEESE"])


def warehouse(rows: int) -> dict[str, Any]:
    return {
        "name": f"Bench DC {rows:,}",
        "timezone": "UTC",
        "structure": {
            "aisles": AISLES,
            "racks_per_aisle": RACKS,
            "positions_per_rack": POSITIONS,
            "levels": LEVELS,
            "default_pallet_capacity": math.ceil(rows / SLOTS) + 1,
            "default_zone": "AMBIENT",
            "zones": [{"aisles": list(FREEZER_AISLES), "zone": "FREEZER"}],
        },
        "special_areas": [
            {"code": f"RECV-{i:02d}", "type": "RECEIVING", "capacity": 10_000, "zone": "DOCK"}
            for i in range(1, 6)
        ]
        + [
            {"code": f"STAGE-{i:02d}", "type": "STAGING", "capacity": 10_000, "zone": "AMBIENT"}
            for i in range(1, 4)
        ],
    }


def _codes(slot: np.ndarray) -> np.ndarray:
    level = slot % len(LEVELS)
    pos = slot // len(LEVELS) % POSITIONS + 1
    rack = slot // (len(LEVELS) * POSITIONS) % RACKS + 1
    aisle = slot // (len(LEVELS) * POSITIONS * RACKS) + 1
    return np.char.add(
        np.char.add(
            np.char.add(np.char.zfill(aisle.astype(str), 2), "-"),
            np.char.add(np.char.zfill(rack.astype(str), 2), "-"),
        ),
        np.char.add(np.char.zfill(pos.astype(str), 3), np.array(list(LEVELS))[level]),
    ), aisle


def rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    slot = rng.permutation(n) % SLOTS  # even spread: every slot holds about n / SLOTS pallets
    codes, aisle = _codes(slot)
    cold_aisle = np.isin(aisle, FREEZER_AISLES)
    products = np.where(
        cold_aisle,
        COLD_PRODUCTS[rng.integers(0, len(COLD_PRODUCTS), n)],
        AMBIENT_PRODUCTS[rng.integers(0, len(AMBIENT_PRODUCTS), n)],
    )
    ages_h = rng.uniform(24, 24 * 60, n)  # stored stock: one day to two months old
    lots = (np.arange(n) // 12).astype(str)

    u = rng.random(n)
    recent_lot = (np.arange(n) // 12) % 40 == 0  # one lot in 40 has just arrived and sits in receiving
    recv = recent_lot & (u > 0.02)  # ... but a few of its pallets were already put away (stragglers stay)
    codes = np.where(recv, np.char.add("RECV-0", rng.integers(1, 6, n).astype(str)), codes)
    ages_h = np.where(recent_lot, rng.exponential(4, n), ages_h)
    lot_no, in_lot = np.arange(n) // 12, np.arange(n) % 12
    straggler = ~recent_lot & (lot_no % 100 == 7) & (in_lot == 0)  # put-away done but one pallet left behind
    codes = np.where(straggler, "RECV-01", codes)
    in_aisle = ~recent_lot & ~straggler & (u < 0.01)
    codes = np.where(
        in_aisle, np.char.add("AISLE-", np.char.zfill(rng.integers(1, 21, n).astype(str), 2)), codes
    )
    ages_h = np.where(in_aisle, rng.exponential(2, n), ages_h)
    misplaced_cold = ~cold_aisle & ~recent_lot & (u > 0.997)
    products = np.where(misplaced_cold, "FROZEN PEAS", products)
    overfill = (u > 0.01) & (u < 0.012)  # 0.2 % forced into a handful of slots
    codes = np.where(overfill & ~recent_lot, _codes(rng.integers(0, 50, n))[0], codes)
    unknown = (u > 0.5) & (u < 0.503)
    codes = np.where(
        unknown, np.char.add("25-01-", np.char.zfill(rng.integers(1, 999, n).astype(str), 3)), codes
    )
    codes = np.where((u > 0.6) & (u < 0.6005), "", codes)
    created = [(AS_OF - timedelta(hours=float(h))).strftime("%Y-%m-%d %H:%M") for h in ages_h]
    for i in np.flatnonzero((u > 0.7) & (u < 0.7002)):
        created[i] = "2026-13-45 25:00"
    ids = np.char.add("P", np.arange(1, n + 1).astype(str))
    ids = np.where((u > 0.8) & (u < 0.801), np.roll(ids, 1), ids)  # duplicate scans
    qty = rng.integers(1, 60, n).astype(str)
    return [list(r) for r in zip(ids, codes, created, np.char.add("L", lots), products, qty, strict=True)]


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
        try:
            when: Any = datetime.strptime(r[2], "%Y-%m-%d %H:%M")
        except ValueError:
            when = r[2]  # the deliberately bad dates stay text
        ws.append([r[0], r[1], when, r[3], r[4], int(r[5])])
    wb.save(path)
    return path
