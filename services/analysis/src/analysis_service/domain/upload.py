"""Upload use case: file on disk → prepared inventory → resolved locations + effective rules → evaluation →
one committed report. Nothing is written unless everything succeeded."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from analysis_service.domain.continuity.upload_facts import check_tracking, upload_facts
from analysis_service.domain.evaluation import Anomaly, evaluate
from analysis_service.domain.intake.prepared_inventory import prepare_inventory
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.upload_ports import LocationsPort, NewReport, ReportWriter, RulesPort
from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import FieldError, InvalidArgument, WieError
from wie_common.logging import get_logger

log = get_logger("wie.analysis.upload")


@dataclass(frozen=True)
class UploadRequest:
    warehouse_id: str
    file_name: str
    path: Path
    sha256: str
    as_of: str = ""
    column_map_json: str = ""
    sheet: str = ""
    clear_previous: bool = False
    idempotency_key: str = ""
    track: bool = True  # spec/rules.md §5: false = this report changes nothing outside itself


def parse_as_of(text: str, timezone: str, now: datetime) -> datetime:
    if not text.strip():
        return now
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidArgument(
            f"as_of is not an ISO 8601 date-time: {text!r}",
            reason="invalid_as_of",
            errors=[FieldError("as_of", "ISO 8601 date-time expected")],
        ) from exc
    if value.tzinfo is None:  # a naive reference time is in the warehouse's time zone, like naive file dates
        value = value.replace(tzinfo=ZoneInfo(timezone))
    return value.astimezone(UTC)


def parse_column_map(text: str) -> dict[str, str] | None:
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise InvalidArgument(
            "column_map is not valid JSON",
            reason="invalid_column_map",
            errors=[FieldError("column_map", "a JSON object {canonical: header}")],
        ) from exc
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidArgument(
            "column_map must be a JSON object of strings",
            reason="invalid_column_map",
            errors=[FieldError("column_map", "a JSON object {canonical: header}")],
        )
    return value


def count(anomalies: Sequence[Anomaly]) -> dict[str, dict[str, int]]:
    return {
        "by_rule_type": dict(Counter(a.rule_type for a in anomalies)),
        "by_priority": dict(Counter(a.priority for a in anomalies)),
    }


class UploadService:
    def __init__(
        self,
        rules: RulesPort,
        locations: LocationsPort,
        writer: ReportWriter,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.rules, self.locations, self.writer, self.clock = rules, locations, writer, clock

    def create_report(self, caller: Caller | None, req: UploadRequest) -> ReportRecord:
        caller = require_access(caller, req.warehouse_id, "WRITE")
        check_tracking(track=req.track, clear_previous=req.clear_previous)
        key = req.idempotency_key.strip()[:128] or None
        if key:
            existing = self.writer.find_by_idempotency_key(req.warehouse_id, caller.user_id, key)
            if existing is not None:
                return existing
        started = time.perf_counter()
        settings = self.locations.warehouse_settings(req.warehouse_id)
        as_of = parse_as_of(req.as_of, settings.timezone, self.clock())
        prepared = prepare_inventory(
            req.path,
            req.file_name,
            as_of=as_of,
            column_map=parse_column_map(req.column_map_json),
            sheet=req.sheet or None,
            timezone=settings.timezone,
            date_order=settings.date_order,
        )
        codes = prepared.frame["location"].dropna().unique().tolist()
        resolved = self.locations.resolve(req.warehouse_id, codes)
        rules = self.rules.effective_rules(req.warehouse_id)
        result = evaluate(prepared.frame, prepared.extras, resolved, rules, as_of, prepared.has_location_type)
        facts = upload_facts(track=req.track, rules=rules, layout=settings.layout, result=result)
        report = self.writer.save(
            NewReport(
                warehouse_id=req.warehouse_id,
                file_name=req.file_name[:255] or "upload",
                file_sha256=req.sha256,
                as_of=as_of,
                created_by=caller.user_id,
                row_count=prepared.row_count,
                counts=count(result.anomalies),
                column_mapping=prepared.column_mapping,
                date_format=prepared.date_format,
                duration_ms=int((time.perf_counter() - started) * 1000),
                idempotency_key=key,
                tracked=facts.tracked,
                lineages=facts.lineages,
                warnings=facts.warnings,
                layout=facts.layout,
                occupancy=facts.occupancy,
            ),
            result.anomalies,
            clear_previous=req.clear_previous,
        )
        try:  # performance figures are advisory: a failure to record them must not lose the report
            self.rules.record_performance(
                str(report.id), req.warehouse_id, result.runs, {r.id: r.version for r in rules}
            )
        except WieError as err:
            log.warning("performance_not_recorded", report_id=str(report.id), error=err.detail)
        return report
