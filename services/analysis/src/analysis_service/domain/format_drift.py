"""Format drift of an upload, as the locations service found it (rules.md §2.2): relayed, never computed here.

The resolver is the one place codes are understood, so the analysis only carries what the locations service
answered after resolving the upload's codes: a warning for the report, and — once the report is saved — the
failing codes back to the locations service, which records a format proposal for an admin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analysis_service.domain.evaluation import ResolvedLocation

WARNING_CODE = "location_format_drift"


@dataclass(frozen=True)
class FormatDrift:
    message: str  # the warning's text, worded by the locations service
    samples: tuple[str, ...]  # the first codes that fail the learned format
    affected: int
    storage_codes: int


@dataclass(frozen=True)
class ResolvedUpload:
    """An upload's distinct location codes resolved, and the drift they show (None: none)."""

    locations: Mapping[str, ResolvedLocation]
    drift: FormatDrift | None = None


def drift_warning(drift: FormatDrift) -> dict[str, str]:
    return {"code": WARNING_CODE, "message": drift.message}
