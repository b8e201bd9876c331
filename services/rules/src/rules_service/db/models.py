"""Tables of the `rules` schema."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from rules_service.db.schema import SCHEMA


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)
