"""Shell-style globs (`*`, `?`, `[seq]`, `[!seq]`), matched case-insensitively and vectorised.

Globs are translated to one plain regular expression (no look-arounds, so pyarrow's RE2 runs it in C++ on the
`str` dtype) and applied to the distinct values of a column only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray


def glob_to_regex(glob: str) -> str:
    """The regex body matching exactly what `fnmatch.fnmatchcase(text, glob)` matches."""
    out: list[str] = []
    i, size = 0, len(glob)
    while i < size:
        char = glob[i]
        i += 1
        if char == "*":
            if not out or out[-1] != ".*":
                out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = i + 1 if i < size and glob[i] == "!" else i
            end = end + 1 if end < size and glob[end] == "]" else end
            end = glob.find("]", end)
            if end < 0:
                out.append(re.escape(char))
                continue
            body = glob[i:end].replace("\\", "\\\\").replace("[", "\\[")
            i = end + 1
            if body.startswith("!"):
                body = "^" + body[1:]
            elif body.startswith("^"):
                body = "\\" + body
            out.append(f"[{body}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def globs_regex(globs: Iterable[str]) -> str | None:
    """One anchored-by-fullmatch regex for any of `globs` (upper-cased), None when there is none."""
    bodies = [glob_to_regex(str(g).strip().upper()) for g in globs if g is not None and str(g).strip()]
    if not bodies:
        return None
    return "(?s)(?:" + "|".join(bodies) + ")"


def match_values(
    values: pd.Series | pd.Index | np.ndarray | ExtensionArray | list[str | None], globs: Iterable[str]
) -> np.ndarray:
    """Per value: does its upper-cased text match any glob? A missing value is matched as ""."""
    regex = globs_regex(globs)
    series = pd.Series(values, dtype="str").fillna("").str.upper()
    if regex is None:
        return np.zeros(len(series), dtype=bool)
    return series.str.fullmatch(regex).to_numpy(dtype=bool, na_value=False)


def as_upper_list(value: object) -> list[str]:
    """A conditions value that should be a list of names, upper-cased (a lone string is a list of one)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return [str(v).strip().upper() for v in items if v is not None and str(v).strip()]
