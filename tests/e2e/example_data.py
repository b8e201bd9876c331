"""spec/example.md as data: the warehouse, the file, and the expected anomalies."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "services/analysis/tests/integration"))

from upload_support import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_EXPECTED  # noqa: E402

EXAMPLE_WAREHOUSE = {
    "name": "Example",
    "timezone": "UTC",
    "structure": {
        "aisles": 2,
        "racks_per_aisle": 1,
        "positions_per_rack": 10,
        "levels": "AB",
        "default_pallet_capacity": 1,
        "default_zone": "AMBIENT",
        "zones": [{"aisles": [2], "zone": "FREEZER"}],
    },
    "special_areas": [
        {"code": "RECV-01", "type": "RECEIVING", "capacity": 4, "zone": "DOCK"},
        {"code": "STAGE-01", "type": "STAGING", "capacity": 2, "zone": "AMBIENT"},
    ],
}

__all__ = ["EXAMPLE_AS_OF", "EXAMPLE_CSV", "EXAMPLE_EXPECTED", "EXAMPLE_WAREHOUSE"]


def anomaly_keys(items: list[dict]) -> set[tuple]:
    return {
        (
            a["rule_type"],
            a["details"].get("check") if a["rule_type"] == "DATA_INTEGRITY" else None,
            a["pallet_id"],
            a["location"],
            tuple(a["rows"]),
            a["priority"],
        )
        for a in items
    }


def example_xlsx(path: Path) -> Path:
    """The example file as a workbook with real date cells (naive UTC datetimes) and the bad date as text."""
    import csv
    import io
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for i, row in enumerate(csv.reader(io.StringIO(EXAMPLE_CSV))):
        if i and row[2].endswith("Z"):
            row[2] = datetime.fromisoformat(row[2].replace("Z", ""))
        ws.append(row)
    wb.save(path)
    return path
