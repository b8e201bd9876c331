"""What an upload adds to its report for §5 and the dashboard: tracking, rule lineages, the occupancy
aggregate and the misconfiguration warnings (computed from the evaluation, before anything is written)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis_service.domain.continuity.fingerprints import rule_lineage
from analysis_service.domain.evaluation import Evaluation, RuleSpec
from analysis_service.domain.occupancy import OccupancyRow, WarehouseLayout, aggregate
from analysis_service.domain.report_warnings import configuration_warnings
from wie_common.errors import FieldError, InvalidArgument


@dataclass(frozen=True)
class UploadFacts:
    tracked: bool
    lineages: dict[str, str]
    warnings: list[dict[str, str]] = field(default_factory=list)
    layout: dict[str, Any] | None = None
    occupancy: list[OccupancyRow] = field(default_factory=list)


def check_tracking(*, track: bool, clear_previous: bool) -> None:
    """Refused before the file is read: an untracked upload never changes other reports."""
    if clear_previous and not track:
        message = "clear_previous changes earlier reports, which an untracked upload (track=false) never does"
        raise InvalidArgument(
            message,
            reason="untracked_clear_previous",
            errors=[FieldError("clear_previous", message), FieldError("track", message)],
        )


def upload_facts(
    *, track: bool, rules: Sequence[RuleSpec], layout: WarehouseLayout | None, result: Evaluation
) -> UploadFacts:
    counts = result.locations
    return UploadFacts(
        tracked=track,
        lineages={r.id: rule_lineage(r.id, r.overrides_rule_id or None) for r in rules},
        warnings=configuration_warnings(counts) if counts is not None else [],
        layout=layout.stored() if layout is not None else None,
        occupancy=aggregate(layout, counts, result.anomalies) if layout is not None and counts else [],
    )
