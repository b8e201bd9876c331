"""Give the memory of a finished analysis back to the operating system.

A large file costs hundreds of MB while it is read (calamine's copy of the sheet, Arrow columns, pandas
frames). Freed, that memory stays with the process: glibc keeps freed heap pages in its arenas and Arrow's
mimalloc pool keeps its pages, so without this an analysis service that read one big file stays big until it
restarts. Called on the thread that did the work (mimalloc's pool is per thread), after its objects are gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache

import pyarrow as pa

from wie_common.logging import get_logger

log = get_logger("wie.analysis.memory")


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back_memory() -> None:
    try:
        gc.collect()  # frames and Arrow buffers held only by reference cycles go now
        pa.default_memory_pool().release_unused()
        trim = _malloc_trim()
        if trim is not None:
            trim(0)
    except Exception:  # never fail an upload over housekeeping
        log.exception("memory_not_given_back")
