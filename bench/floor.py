"""The floor an upload is measured against: a bare read plus one plain vectorised pandas pass."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pyarrow.csv as pacsv
from python_calamine import CalamineWorkbook

from bench.generate import AS_OF


def _pass(df: pd.DataFrame) -> int:
    per_location = df.groupby("Bin").size()
    created = pd.to_datetime(df["Received"], errors="coerce", utc=True)
    old = (pd.Timestamp(AS_OF) - created) > pd.Timedelta(hours=10)
    return int((per_location > 2).sum()) + int(old.sum())


def floor_seconds(path: Path) -> float:
    started = time.perf_counter()
    if path.suffix == ".csv":
        df = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                column_types={"LPN": "string", "Bin": "string", "Received": "string"}
            ),
        ).to_pandas()
    else:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        df = pd.DataFrame(sheet[1:], columns=sheet[0])
    _pass(df)
    return time.perf_counter() - started
