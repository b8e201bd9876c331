"""Age of each row's creation date at `as_of`, in seconds (NaN when the date is missing)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

NS_PER_SECOND = 10**9
# |delta| below this cannot have overflowed int64 nanoseconds (2**63 ≈ 9.22e18), with room for float rounding
SAFE_DELTA_NS = 9.2e18


def age_seconds(dates: pd.Series, as_of: datetime) -> np.ndarray:
    """`(as_of - dates).dt.total_seconds()`, computed on the int64 nanoseconds directly when possible.

    The fast path does exactly what pandas does for a nanosecond column (int64 difference, then
    `/ 10**9`) without building the intermediate timedelta Series; other units, or dates so far from
    `as_of` that pandas itself would have to raise, take the pandas path.
    """
    dates = pd.to_datetime(dates, utc=True)
    reference = pd.Timestamp(as_of).tz_convert("UTC")
    if dates.dtype == "datetime64[ns, UTC]":
        valid = ~dates.isna().to_numpy()
        ref = reference.as_unit("ns").value
        # NaT's sentinel would overflow the subtraction; pandas-stubs lack DatetimeArray.asi8 (the int64 view)
        ns = np.where(valid, dates.array.asi8, ref)  # type: ignore[attr-defined]
        if not valid.any() or np.abs(ref - ns[valid].astype(np.float64)).max() < SAFE_DELTA_NS:
            seconds = (ref - ns) / NS_PER_SECOND
            seconds[~valid] = np.nan
            return seconds
    delta = reference - dates
    return delta.dt.total_seconds().to_numpy(dtype=np.float64, na_value=np.nan)
