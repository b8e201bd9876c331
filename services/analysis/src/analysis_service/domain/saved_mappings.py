"""Remembered column mappings: a warehouse's explicit column_map, kept under the file's normalised headers.

Two files have the same header set when their headers, normalised as column matching does (case, accents,
spaces, ``_ - .`` ignored), are the same set; order and duplicates do not matter.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from analysis_service.domain.intake.columns import normalise
from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import NotFound

SOURCE_EXPLICIT = "explicit"
SOURCE_SAVED = "saved"
SOURCE_MATCHED = "matched"


def header_key(headers: Sequence[str]) -> str:
    names = sorted({normalise(h) for h in headers} - {""})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


@dataclass(frozen=True)
class SavedMapping:
    id: uuid.UUID
    warehouse_id: str
    headers: list[str]
    column_map: dict[str, str | None]
    created_at: datetime
    created_by: str
    used_count: int
    last_used_at: datetime | None


@dataclass(frozen=True)
class MappingToSave:
    """Saved with a successful report (same transaction): its warehouse, the file's headers, the map."""

    headers: list[str]
    column_map: dict[str, str | None]


class MappingStore(Protocol):
    def find(self, warehouse_id: str, key: str) -> SavedMapping | None: ...
    def in_warehouse(self, warehouse_id: str) -> list[SavedMapping]: ...
    def delete(self, warehouse_id: str, mapping_id: uuid.UUID) -> bool: ...


class SavedMappings:
    """Listing and forgetting a warehouse's remembered mappings (READ lists, WRITE deletes)."""

    def __init__(self, store: MappingStore) -> None:
        self.store = store

    def in_warehouse(self, caller: Caller | None, warehouse_id: str) -> list[SavedMapping]:
        require_access(caller, warehouse_id, "READ")
        return self.store.in_warehouse(warehouse_id)

    def delete(self, caller: Caller | None, warehouse_id: str, mapping_id: str) -> None:
        require_access(caller, warehouse_id, "WRITE")
        try:
            key = uuid.UUID(mapping_id)
        except ValueError:
            key = None
        if key is None or not self.store.delete(warehouse_id, key):
            raise NotFound("column mapping not found", reason="column_mapping_not_found")

    def for_headers(
        self, caller: Caller | None, warehouse_id: str, headers: list[str]
    ) -> SavedMapping | None:
        """The mapping an upload of these headers would use (READ suffices to preview it)."""
        require_access(caller, warehouse_id, "READ")
        return self.store.find(warehouse_id, header_key(headers))
