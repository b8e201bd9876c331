"""CreateReport and SuggestColumns: client-streamed uploads."""

from __future__ import annotations

import json
import threading

from analysis_service.api.convert import report_msg
from analysis_service.api.upload_stream import receive
from analysis_service.domain.intake.preview import suggest_columns
from analysis_service.domain.upload import UploadRequest, UploadService
from wie.analysis.v1 import analysis_pb2
from wie_common.access import require_access
from wie_common.context import caller_var
from wie_common.errors import InvalidArgument


class UploadRpcs:
    uploads: UploadService
    max_upload_bytes: int
    upload_tmp_dir: str
    analysis_slots: threading.BoundedSemaphore

    def CreateReport(self, request_iterator, context):
        with receive(
            request_iterator, max_bytes=self.max_upload_bytes, tmp_dir=self.upload_tmp_dir
        ) as upload:
            meta = upload.metadata
            if upload.size == 0:
                raise InvalidArgument(
                    f"'{meta.file_name or 'the file'}' is empty",
                    reason="empty_file",
                    extra={"file": meta.file_name},
                )
            req = UploadRequest(
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
            )
            with self.analysis_slots:
                return report_msg(self.uploads.create_report(caller_var.get(), req))

    def SuggestColumns(self, request_iterator, context):
        with receive(
            request_iterator, max_bytes=self.max_upload_bytes, tmp_dir=self.upload_tmp_dir
        ) as upload:
            meta = upload.metadata
            if meta.warehouse_id != "-":  # "-": no warehouse context (the preview needs none)
                require_access(caller_var.get(), meta.warehouse_id, "READ")
            preview = suggest_columns(upload.path, meta.file_name, sheet=meta.sheet or None)
            return analysis_pb2.ColumnSuggestion(
                headers=preview.headers,
                mapping_json=json.dumps(preview.mapping),
                missing_required=preview.missing_required,
            )
