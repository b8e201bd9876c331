"""Upload use case: file on disk → prepared inventory → resolved locations + effective rules → evaluation →
one committed report. Nothing is written unless everything succeeded.

Synchronously (`create_report`) the report row is written at the end; as a job (api.md "Upload jobs and
import options") the row exists from `queue_report` on, `run_job` reports progress through the phases and
either finishes the row (status succeeded, anomalies, in one transaction) or fails it with its problem.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from analysis_service.domain.continuity.upload_facts import check_tracking, upload_facts
from analysis_service.domain.evaluation import Anomaly, RuleRun, RuleSpec, evaluate
from analysis_service.domain.format_drift import FormatDrift, drift_warning
from analysis_service.domain.idempotency import check_same_upload, upload_fields
from analysis_service.domain.intake.import_options import ImportOptions
from analysis_service.domain.intake.limits import MAX_ROWS
from analysis_service.domain.intake.prepared_inventory import check_reference, prepare_table, read_table
from analysis_service.domain.job_ports import JobStore, NewJob
from analysis_service.domain.job_problems import problem_of, unexpected_problem
from analysis_service.domain.job_progress import (
    EVALUATING,
    READING,
    RESOLVING,
    SAVING,
    JobCancelled,
    Progress,
    no_progress,
)
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.saved_mappings import (
    SOURCE_EXPLICIT,
    SOURCE_MATCHED,
    SOURCE_SAVED,
    MappingStore,
    MappingToSave,
    SavedMapping,
    header_key,
)
from analysis_service.domain.upload_ports import LocationsPort, NewReport, ReportWriter, RulesPort
from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import Conflict, FieldError, InvalidArgument, RateLimited, WieError
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
    # Import options as the client wrote them (validated when the file is read)
    delimiter: str = ""
    encoding: str = ""
    header_row: str = ""
    date_order: str = ""


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


def parse_column_map(text: str) -> dict[str, str | None] | None:
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
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in value.items()
    ):
        raise InvalidArgument(
            "column_map must be a JSON object of strings (or null: the file has no such column)",
            reason="invalid_column_map",
            errors=[FieldError("column_map", "a JSON object {canonical: header}")],
        )
    return value


def count(anomalies: Sequence[Anomaly]) -> dict[str, dict[str, int]]:
    return {
        "by_rule_type": dict(Counter(a.rule_type for a in anomalies)),
        "by_priority": dict(Counter(a.priority for a in anomalies)),
    }


@dataclass(frozen=True)
class Analysis:
    """An analysed upload, not yet saved."""

    report: NewReport
    anomalies: Sequence[Anomaly]
    runs: Sequence[RuleRun]
    rules: Sequence[RuleSpec]
    drift: FormatDrift | None = None  # the upload's codes drifted from the learned format (format_drift.py)


class UploadService:
    def __init__(
        self,
        rules: RulesPort,
        locations: LocationsPort,
        writer: ReportWriter,
        mappings: MappingStore,
        jobs: JobStore | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        *,
        max_rows: int = MAX_ROWS,
    ) -> None:
        self.rules, self.locations, self.writer, self.clock = rules, locations, writer, clock
        self.mappings, self.jobs = mappings, jobs
        self.max_rows = max_rows  # the MAX_ROWS setting: data rows a file may have

    # synchronous ---------------------------------------------------------------------------------------
    def create_report(self, caller: Caller | None, req: UploadRequest) -> ReportRecord:
        caller = require_access(caller, req.warehouse_id, "WRITE")
        key = _key(req)
        if key:
            existing = self.writer.find_by_idempotency_key(req.warehouse_id, caller.user_id, key)
            if existing is not None:
                check_same_upload(existing, sha256=req.sha256, fields=_upload_fields(req))
            if existing is not None and existing.status in ("queued", "running"):
                raise Conflict(
                    "an upload with this Idempotency-Key is still being analysed; follow its report",
                    reason="upload_in_progress",
                    extra={"report_id": str(existing.id)},
                )
            if existing is not None:
                return existing
        analysis = self._analyse(caller, req, now=self.clock(), key=key, progress=no_progress)
        report = self.writer.save(analysis.report, analysis.anomalies, clear_previous=req.clear_previous)
        if key:
            # a retry with the same key that committed first answers instead
            check_same_upload(report, sha256=req.sha256, fields=_upload_fields(req))
        self._after_saving(report, analysis)
        return report

    # as a job --------------------------------------------------------------------------------------------
    def queue_report(
        self, caller: Caller | None, req: UploadRequest, *, worker: str, received_at: datetime, size: int
    ) -> tuple[ReportRecord, bool]:
        """The job's report, `queued`, and True; or an earlier upload's report with the same Idempotency-Key
        and False. Only access is checked now: every problem of the file fails the job, not this call."""
        caller = require_access(caller, req.warehouse_id, "WRITE")
        if self.jobs is None:
            raise RateLimited("this replica runs no upload jobs", reason="jobs_disabled")
        key = _key(req)
        if key:
            existing = self.writer.find_by_idempotency_key(req.warehouse_id, caller.user_id, key)
            if existing is not None:
                # the request's mistake: there is no job of its own to fail
                check_same_upload(existing, sha256=req.sha256, fields=_upload_fields(req))
                return existing, False
        queued = self.jobs.queue(
            NewJob(
                warehouse_id=req.warehouse_id,
                file_name=_file_name(req),
                file_sha256=req.sha256,
                created_by=caller.user_id,
                received_at=received_at,
                idempotency_key=key,
                tracked=req.track,
                worker=worker,
                spool_path=str(req.path),
                size=size,
                upload_fields=_upload_fields(req),
            )
        )
        return queued, True

    def run_job(
        self,
        job_id: uuid.UUID,
        caller: Caller,
        req: UploadRequest,
        *,
        received_at: datetime,
        progress: Progress,
    ) -> ReportRecord | None:
        """Analyse and finish the job; a problem fails it (its row keeps the problem, never anomalies).

        Returns the finished report, or None when the job failed or was cancelled or lost meanwhile.
        """
        assert self.jobs is not None
        if not self.jobs.start(job_id):
            return None
        try:
            analysis = self._analyse(caller, req, now=received_at, key=_key(req), progress=progress)
            progress(SAVING, 0, len(analysis.anomalies))
            report = self.writer.finish(
                job_id, analysis.report, analysis.anomalies, clear_previous=req.clear_previous
            )
        except JobCancelled:
            return None
        except WieError as err:
            self.jobs.fail(job_id, problem_of(err))
            return None
        except Exception:  # a bug: the job must still end failed, never stay running
            log.exception("job_crashed", report_id=str(job_id))
            self.jobs.fail(job_id, unexpected_problem())
            return None
        if report is not None:
            self._after_saving(report, analysis)
        return report

    # the pipeline ----------------------------------------------------------------------------------------
    def _analyse(
        self, caller: Caller, req: UploadRequest, *, now: datetime, key: str | None, progress: Progress
    ) -> Analysis:
        started = time.perf_counter()
        options = ImportOptions.parse(
            delimiter=req.delimiter,
            encoding=req.encoding,
            header_row=req.header_row,
            date_order=req.date_order,
        )
        check_tracking(track=req.track, clear_previous=req.clear_previous)
        size = req.path.stat().st_size
        if size == 0:
            raise InvalidArgument(
                f"'{req.file_name or 'the file'}' is empty",
                reason="empty_file",
                extra={"title": "Empty file", "file_name": req.file_name},
            )
        settings = self.locations.warehouse_settings(req.warehouse_id)
        as_of = parse_as_of(req.as_of, settings.timezone, now)
        check_reference(as_of, settings.timezone)
        progress(READING, 0, size)
        kind, table = read_table(
            req.path,
            req.file_name,
            sheet=req.sheet or None,
            options=options,
            progress=lambda done, total: progress(READING, done, total),
            max_rows=self.max_rows,
        )
        column_map, source, saved = self._column_map(req, table.headers)
        prepared = prepare_table(
            table,
            kind,
            as_of=as_of,
            column_map=column_map,
            timezone=settings.timezone,
            date_order=settings.date_order,
            options=options,
        )
        codes = prepared.frame["location"].dropna().unique().tolist()
        progress(RESOLVING, 0, len(codes))
        upload = self.locations.resolve_upload(req.warehouse_id, codes)
        resolved, drift = upload.locations, upload.drift
        rules = self.rules.effective_rules(req.warehouse_id)
        progress(EVALUATING, 0, len(rules))
        result = evaluate(
            prepared.frame,
            prepared.extras,
            resolved,
            rules,
            as_of,
            prepared.has_location_type,
            on_rule=lambda done: progress(EVALUATING, done, len(rules)),
        )
        facts = upload_facts(track=req.track, rules=rules, layout=settings.layout, result=result)
        report = NewReport(
            warehouse_id=req.warehouse_id,
            file_name=_file_name(req),
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
            warnings=[*prepared.warnings, *facts.warnings, *([drift_warning(drift)] if drift else [])],
            layout=facts.layout,
            occupancy=facts.occupancy,
            encoding=prepared.encoding,
            header_row=prepared.header_row,
            column_mapping_source=source,
            remember_mapping=(
                MappingToSave(headers=prepared.headers, column_map=dict(column_map))
                if source == SOURCE_EXPLICIT and column_map
                else None
            ),
            used_mapping_id=saved.id if saved is not None else None,
            upload_fields=_upload_fields(req),
        )
        return Analysis(report, result.anomalies, result.runs, rules, drift)

    def _column_map(
        self, req: UploadRequest, headers: list[str]
    ) -> tuple[dict[str, str | None] | None, str, SavedMapping | None]:
        """Explicit column_map, else the warehouse's saved mapping for these headers, else matching."""
        explicit = parse_column_map(req.column_map_json)
        if explicit:
            return explicit, SOURCE_EXPLICIT, None
        saved = self.mappings.find(req.warehouse_id, header_key(headers))
        if saved is not None:
            return saved.column_map, SOURCE_SAVED, saved
        return None, SOURCE_MATCHED, None

    def _after_saving(self, report: ReportRecord, analysis: Analysis) -> None:
        self._record_performance(report, analysis)
        if analysis.drift is not None:
            try:  # advisory like performance: the report (with its drift warning) is saved either way
                self.locations.record_format_drift(report.warehouse_id, str(report.id), analysis.drift)
            except WieError as err:
                log.warning("format_drift_not_recorded", report_id=str(report.id), error=err.detail)

    def _record_performance(self, report: ReportRecord, analysis: Analysis) -> None:
        try:  # performance figures are advisory: a failure to record them must not lose the report
            self.rules.record_performance(
                str(report.id),
                report.warehouse_id,
                analysis.runs,
                {r.id: r.version for r in analysis.rules},
            )
        except WieError as err:
            log.warning("performance_not_recorded", report_id=str(report.id), error=err.detail)


def _key(req: UploadRequest) -> str | None:
    return req.idempotency_key.replace("\x00", "").strip()[:128] or None  # PostgreSQL text holds no NUL


def _upload_fields(req: UploadRequest) -> dict[str, Any]:
    return upload_fields(
        as_of=req.as_of,
        column_map_json=req.column_map_json,
        sheet=req.sheet,
        clear_previous=req.clear_previous,
        track=req.track,
        delimiter=req.delimiter,
        encoding=req.encoding,
        header_row=req.header_row,
        date_order=req.date_order,
    )


def _file_name(req: UploadRequest) -> str:
    return req.file_name.replace("\x00", "")[:255] or "upload"
