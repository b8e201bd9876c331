"""Receive an upload stream (metadata messages + byte chunks) into a spool file, enforcing the limit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis_service.jobs.spool import Spool
from wie.analysis.v1 import analysis_pb2
from wie_common.errors import InvalidArgument, TooLarge


@dataclass
class ReceivedUpload:
    path: Path
    size: int
    sha256: str
    metadata: analysis_pb2.UploadMetadata = field(default_factory=analysis_pb2.UploadMetadata)
    kept: bool = False

    def keep(self) -> Path:
        """Hand the file on (to a job): it outlives the call, and its new owner deletes it."""
        self.kept = True
        return self.path


@contextmanager
def receive(
    chunks: Iterable[analysis_pb2.UploadChunk], *, max_bytes: int, spool: Spool
) -> Iterator[ReceivedUpload]:
    """Metadata may come before or after the bytes (multipart fields may follow the file); later wins.
    The file is deleted when the block ends unless it was kept."""
    meta = analysis_pb2.UploadMetadata()
    digest = hashlib.sha256()
    size = 0
    path = spool.new_file()
    upload: ReceivedUpload | None = None
    try:
        with path.open("wb") as out:
            for chunk in chunks:
                if chunk.HasField("metadata"):
                    for desc, value in chunk.metadata.ListFields():
                        setattr(meta, desc.name, value)
                elif chunk.data:
                    size += len(chunk.data)
                    if size > max_bytes:
                        raise TooLarge(
                            f"the file is larger than {max_bytes // (1024 * 1024)} MB",
                            reason="file_too_large",
                            extra={"max_bytes": max_bytes},
                        )
                    digest.update(chunk.data)
                    out.write(chunk.data)
        if not meta.warehouse_id:
            raise InvalidArgument("the upload names no warehouse", reason="no_warehouse")
        if not meta.complete:
            raise InvalidArgument(
                "the upload was cut short; nothing was analysed", reason="upload_incomplete"
            )
        upload = ReceivedUpload(path, size, digest.hexdigest(), meta)
        yield upload
    finally:
        if upload is None or not upload.kept:
            path.unlink(missing_ok=True)
