"""NUL characters in cells are dropped (docs/detection-decisions.md, "Reading the file").

PostgreSQL text and jsonb cannot hold U+0000, and in an inventory export it never means anything: it is
padding left by the exporting system or a damaged record (a csv with one in its first 4 KB is refused as a
binary file by sniff.py; later ones, and xlsx cells written `_x0000_`, arrive here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NUL = "\x00"


def strip_nul(text: pd.Series) -> pd.Series:
    """``text`` (a ``str`` Series) without NUL characters; the same object when it has none."""
    return text.str.replace(NUL, "", regex=False) if _has_nul(text) else text


def _has_nul(text: pd.Series) -> bool:
    dtype = text.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        # Look at the Arrow data buffers directly: a scan of raw bytes, about 1 ms per million cells.
        for chunk in text.array.__arrow_array__().chunks:
            data = chunk.buffers()[2]
            if data is not None and np.frombuffer(data, dtype=np.uint8).min(initial=1) == 0:
                return True
        return False
    return bool(text.str.contains(NUL, regex=False).any())
