"""CreateReport and SuggestColumns: client-streamed uploads; with respond_async, CreateReport queues a job."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import grpc

from analysis_service import metrics
from analysis_service.api.convert import report_msg
from analysis_service.api.upload_stream import ReceivedUpload, receive
from analysis_service.domain.intake.import_options import ImportOptions
from analysis_service.domain.intake.preview import suggest_columns
from analysis_service.domain.saved_mappings import SavedMapping, SavedMappings
from analysis_service.domain.upload import UploadRequest, UploadService
from analysis_service.jobs.runner import JobRunner
from analysis_service.jobs.slots import FifoSlots
from analysis_service.jobs.spool import Spool
from analysis_service.memory import give_back_memory
from wie.analysis.v1 import analysis_pb2
from wie_common.access import require_access, require_caller
from wie_common.context import caller_var


def upload_request(upload: ReceivedUpload) -> UploadRequest:
    meta = upload.metadata
    return UploadRequest(
        warehouse_id=meta.warehouse_id,
        file_name=meta.file_name,
        path=upload.path,
        sha256=upload.sha256,
        as_of=meta.as_of,
        column_map_json=meta.column_map_json,
        sheet=meta.sheet,
        clear_previous=meta.clear_previous,
        idempotency_key=meta.idempotency_key,
        track=meta.track if meta.HasField("track") else True,
        delimiter=meta.delimiter,
        encoding=meta.encoding,
        header_row=meta.header_row,
        date_order=meta.date_order,
    )


class UploadRpcs:
    uploads: UploadService
    saved_mappings: SavedMappings
    runner: JobRunner
    spool: Spool
    slots: FifoSlots
    max_upload_bytes: int

    def CreateReport(self, request_iterator, context: grpc.ServicerContext):
        with receive(request_iterator, max_bytes=self.max_upload_bytes, spool=self.spool) as upload:
            request = upload_request(upload)
            if upload.metadata.respond_async:
                received_at = datetime.now(UTC)
                upload.keep()  # the runner owns the file from now on
                return report_msg(
                    self.runner.submit(require_caller(), request, received_at=received_at, size=upload.size)
                )
            with self.slots.slot():
                return report_msg(
                    metrics.record_report(self.uploads.create_report(caller_var.get(), request))
                )

    def SuggestColumns(self, request_iterator, context: grpc.ServicerContext):
        with receive(request_iterator, max_bytes=self.max_upload_bytes, spool=self.spool) as upload:
            meta = upload.metadata
            caller = caller_var.get()
            found: list[SavedMapping] = []

            def saved_for(headers: list[str]) -> dict[str, str | None] | None:
                hit = self.saved_mappings.for_headers(caller, meta.warehouse_id, headers)
                found.extend([hit] if hit else [])
                return hit.column_map if hit else None

            with_warehouse = meta.warehouse_id != "-"  # "-": no warehouse context (the preview needs none)
            if with_warehouse:
                require_access(caller, meta.warehouse_id, "READ")  # before reading a large file
            options = ImportOptions.parse(
                delimiter=meta.delimiter, encoding=meta.encoding, header_row=meta.header_row
            )
            try:
                preview = suggest_columns(
                    upload.path,
                    meta.file_name,
                    sheet=meta.sheet or None,
                    options=options,
                    saved_for=saved_for if with_warehouse else None,
                    max_rows=self.uploads.max_rows,
                )
            finally:
                give_back_memory()  # the preview read the whole file
            saved_id = str(found[0].id) if found else ""
            return analysis_pb2.ColumnSuggestion(
                headers=preview.headers,
                mapping_json=json.dumps(preview.mapping),
                missing_required=preview.missing_required,
                column_mapping_source=preview.column_mapping_source,
                saved_mapping_id=saved_id,
                header_row=preview.header_row,
                encoding=preview.encoding or "",
            )
