"""Format drift (rules.md §2.2): an upload whose codes stopped fitting the warehouse's learned format.

While one upload's distinct codes are resolved, `DriftWatch` counts its storage-looking codes and those the
learned format does not read. Drift is when there are at least 5 storage-looking codes, more than 10 % of
them fail the learned format, and the failing ones detect (detection.py, on the first 50 of them) as another
style with a confidence of at least 0.7. Choices (docs/detection-decisions.md):

- a code is storage-looking when it holds a digit and ends in a letter after a non-letter (`…15B`), or
  starts with a letter and a separator and ends in a digit (`B-01-02-015`) — the shapes detection reads;
  special areas never count;
- a code the default `A-R-PL` style reads but the learned format does not still fails it: it resolves, but
  the team would see it in the old spelling;
- only a warehouse with a learned format can drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .detection import MAX_EXAMPLES, MIN_EXAMPLES, detect_format
from .resolver import Resolver

MIN_STORAGE_CODES = 5
MIN_FAILING_SHARE = 0.10  # strictly more than this share must fail
MIN_CONFIDENCE = 0.7
SHOWN_EXAMPLES = 3  # in the warning's message
_STORAGE_LOOKING = re.compile(r"(?=.*\d)(?:.*[^A-Z][A-Z]|[A-Z][^A-Z0-9].*\d)")


@dataclass(frozen=True)
class FormatDrift:
    pattern: str  # the style the failing codes detect as
    confidence: float
    affected: int  # distinct storage-looking codes the learned format does not read
    storage_codes: int  # distinct storage-looking codes of the upload
    samples: tuple[str, ...]  # the first failing codes (at most 50), upper-cased
    learned: str  # the warehouse's learned format they fail

    @property
    def message(self) -> str:
        share = round(100 * self.affected / self.storage_codes)
        examples = ", ".join(self.samples[:SHOWN_EXAMPLES])
        return (
            f"{self.affected:,} of {self.storage_codes:,} storage codes ({share} %) do not fit this "
            f"warehouse's location format {self.learned}; they look like {self.pattern} (e.g. {examples}) "
            "— review the format proposal (GET /warehouses/{id}/format-proposals) and accept it if the WMS "
            "now writes codes this way"
        )


def looks_like_storage(code: str) -> bool:
    return _STORAGE_LOOKING.fullmatch(code) is not None


def drift_of(learned: str, samples: list[str], affected: int, storage_codes: int) -> FormatDrift | None:
    """The drift these counts and failing codes show, or None (thresholds in the module docstring)."""
    if storage_codes < MIN_STORAGE_CODES or affected <= MIN_FAILING_SHARE * storage_codes:
        return None
    if len(samples) < MIN_EXAMPLES:
        return None
    found = detect_format(samples[:MAX_EXAMPLES])
    if found.confidence < MIN_CONFIDENCE or found.pattern == learned:
        return None
    return FormatDrift(found.pattern, found.confidence, affected, storage_codes, tuple(samples), learned)


class DriftWatch:
    """Watches the codes of one upload as they are resolved (one per ResolveLocations stream)."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.storage_codes = 0
        self.affected = 0
        self.samples: list[str] = []

    def add(self, codes: Iterable[str]) -> None:
        learned = self.resolver.learned
        if learned is None:
            return
        read, area = learned.match, self.resolver.special_area
        for raw in codes:
            code = raw.strip().upper()
            if not code:
                continue
            if read(code) is not None:
                self.storage_codes += 1
            elif looks_like_storage(code) and area(code) is None:
                self.storage_codes += 1
                self.affected += 1
                if len(self.samples) < MAX_EXAMPLES:
                    self.samples.append(code)

    def drift(self) -> FormatDrift | None:
        learned = self.resolver.learned
        if learned is None:
            return None
        return drift_of(learned.pattern, self.samples, self.affected, self.storage_codes)
