"""Remembered column mappings on PostgreSQL (domain/saved_mappings.py): one per warehouse and header set."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from analysis_service.db.models import ColumnMapping
from analysis_service.domain.saved_mappings import MappingToSave, SavedMapping, header_key


def _record(row: ColumnMapping) -> SavedMapping:
    return SavedMapping(
        id=row.id,
        warehouse_id=row.warehouse_id,
        headers=list(row.headers),
        column_map=dict(row.column_map),
        created_at=row.created_at,
        created_by=row.created_by,
        used_count=row.used_count,
        last_used_at=row.last_used_at,
    )


def remember(session: Session, warehouse_id: str, user_id: str, mapping: MappingToSave) -> None:
    """Save (or replace) the warehouse's mapping for these headers, inside the report's transaction."""
    stmt = insert(ColumnMapping).values(
        id=uuid.uuid4(),
        warehouse_id=warehouse_id,
        header_key=header_key(mapping.headers),
        headers=mapping.headers,
        column_map=mapping.column_map,
        created_by=user_id,
    )
    session.execute(
        stmt.on_conflict_do_update(
            constraint="uq_column_mappings_headers",
            set_={
                "headers": stmt.excluded.headers,
                "column_map": stmt.excluded.column_map,
                "updated_at": func.now(),
            },
        )
    )


def count_use(session: Session, mapping_id: uuid.UUID) -> None:
    session.execute(
        update(ColumnMapping)
        .where(ColumnMapping.id == mapping_id)
        .values(used_count=ColumnMapping.used_count + 1, last_used_at=func.now())
    )


class SqlMappingStore:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    def find(self, warehouse_id: str, key: str) -> SavedMapping | None:
        with self.factory() as session:
            row = session.scalar(
                select(ColumnMapping).where(
                    ColumnMapping.warehouse_id == warehouse_id, ColumnMapping.header_key == key
                )
            )
            return _record(row) if row else None

    def in_warehouse(self, warehouse_id: str) -> list[SavedMapping]:
        """Most recently used (or saved) first."""
        with self.factory() as session:
            rows = session.scalars(
                select(ColumnMapping)
                .where(ColumnMapping.warehouse_id == warehouse_id)
                .order_by(
                    func.coalesce(ColumnMapping.last_used_at, ColumnMapping.updated_at).desc(),
                    ColumnMapping.id,
                )
            )
            return [_record(r) for r in rows]

    def delete(self, warehouse_id: str, mapping_id: uuid.UUID) -> bool:
        with self.factory() as session, session.begin():
            result = session.execute(
                delete(ColumnMapping).where(
                    ColumnMapping.warehouse_id == warehouse_id, ColumnMapping.id == mapping_id
                )
            )
            return bool(cast(CursorResult[Any], result).rowcount)
