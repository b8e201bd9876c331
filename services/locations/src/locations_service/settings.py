"""Settings of the locations service."""

from __future__ import annotations

from wie_common.settings import ServiceSettings


class LocationsSettings(ServiceSettings):
    # Warehouses whose built resolver is kept in memory (least recently used ones are dropped).
    resolver_cache_warehouses: int = 64
