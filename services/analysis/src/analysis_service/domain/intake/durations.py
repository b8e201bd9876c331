"""Parse a time-in-storage column (``12w 1d 23h 53m``, ``3d 4h``, ``90m``, ``5:30``) into timedeltas.

A plain number (``36`` or ``1.5``) is read in the unit the header names ("Days in storage" → days,
"Age (min)" → minutes, "Dwell weeks" → weeks) and in hours otherwise, because WMS dwell columns without a
unit are hour counts. Anything else is invalid, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .arrow_text import Match, distinct

_NUM = r"\d+(?:\.\d+)?"
UNITS = (  # (pattern, seconds per unit)
    ("w", rf"(?P<w>{_NUM}) ?w(?:eeks?|ks?)?", 604_800),
    ("d", rf"(?P<d>{_NUM}) ?d(?:ays?)?", 86_400),
    ("h", rf"(?P<h>{_NUM}) ?h(?:ours?|rs?)?", 3_600),
    ("m", rf"(?P<m>{_NUM}) ?m(?:in(?:utes?|s)?)?", 60),
    ("s", rf"(?P<s>{_NUM}) ?s(?:ec(?:onds?|s)?)?", 1),
)
PATTERNS = (
    # 12w 1d 23h 53m, 3d 4h, 90m, 2 days 5 hours (each unit at most once, in this order)
    "(?i)^" + "".join(f"(?:{p}[ ,]*)?" for _, p, _ in UNITS) + "$",
    # 5:30, 123:05:10 (h:mm[:ss], hours may exceed 24), also "3 days 04:00:00"
    r"(?i)^(?:(?P<d>\d+) ?days?,? )?(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$",
    # a plain number in the column's unit
    rf"^(?P<n>{_NUM})$",
)
MAX_SECONDS = 100 * 365 * 86_400  # beyond a century it is a data error, and pandas timestamps run out
_SECONDS = {name: factor for name, _, factor in UNITS}


@dataclass(frozen=True)
class ParsedDurations:
    values: pd.Series  # timedelta64[ns]; NaT when empty or invalid
    present: pd.Series  # bool
    invalid: pd.Series  # bool: present but not a duration


def unit_from_header(header: str) -> str:
    """The unit of plain numbers in a column, from words in its header (default hours)."""
    words = set(re.findall(r"[a-z]+", header.casefold()))
    for unit, names in (
        ("w", {"week", "weeks", "wk", "wks"}),
        ("d", {"day", "days"}),
        ("m", {"min", "mins", "minute", "minutes"}),
        ("s", {"sec", "secs", "seconds"}),
    ):
        if words & names:
            return unit
    return "h"


def parse_durations(text: pd.Series, *, default_unit: str = "h") -> ParsedDurations:
    d = distinct(text)
    seconds = np.full(len(d.values), np.nan)
    for pattern in PATTERNS:
        todo = np.flatnonzero(np.isnan(seconds))
        if not len(todo):
            break
        m = Match(d.values.take(todo), pattern)
        total = np.zeros(len(m))
        found = np.zeros(len(m), dtype=bool)  # the unit pattern also matches an empty string
        for name in ("w", "d", "h", "m", "s", "n"):
            if m.has(name):
                part = m.number(name)
                total += np.nan_to_num(part) * _SECONDS.get(name, _SECONDS[default_unit])
                found |= np.isfinite(part)
        seconds[todo[m.matched][found]] = total[found]
    seconds[seconds > MAX_SECONDS] = np.nan
    per_row = np.where(d.codes >= 0, seconds[np.maximum(d.codes, 0)] if len(seconds) else np.nan, np.nan)
    present = d.codes >= 0
    values = pd.to_timedelta(np.round(per_row), unit="s").astype("timedelta64[ns]")
    return ParsedDurations(
        values=pd.Series(values, index=text.index),
        present=pd.Series(present, index=text.index),
        invalid=pd.Series(present & np.isnan(per_row), index=text.index),
    )
