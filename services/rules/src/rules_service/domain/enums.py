"""Closed vocabularies of the rules domain (spec/rules.md §3).

StrEnum so that values serialise as their plain spelling in JSON, protobuf strings and the database.
"""

from __future__ import annotations

from enum import StrEnum


class Priority(StrEnum):
    """Anomaly priority; these four spellings are the only accepted ones."""

    VERY_HIGH = "VERY_HIGH"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"

    @property
    def rank(self) -> int:
        """Higher is more urgent; lets callers compare and step priorities without string tricks."""
        return _PRIORITY_RANK[self]

    def raised(self) -> Priority:
        """One step more urgent, capped at VERY_HIGH (used for OVERCAPACITY at STORAGE)."""
        return _BY_RANK[min(self.rank + 1, len(_BY_RANK) - 1)]


_PRIORITY_RANK: dict[Priority, int] = {
    Priority.LOW: 0,
    Priority.MEDIUM: 1,
    Priority.HIGH: 2,
    Priority.VERY_HIGH: 3,
}
_BY_RANK: list[Priority] = sorted(_PRIORITY_RANK, key=_PRIORITY_RANK.__getitem__)


class RuleType(StrEnum):
    """The ten detection types; the first eight back the default rules."""

    STAGNANT_PALLETS = "STAGNANT_PALLETS"
    UNCOORDINATED_LOTS = "UNCOORDINATED_LOTS"
    OVERCAPACITY = "OVERCAPACITY"
    INVALID_LOCATION = "INVALID_LOCATION"
    LOCATION_SPECIFIC_STAGNANT = "LOCATION_SPECIFIC_STAGNANT"
    TEMPERATURE_ZONE_MISMATCH = "TEMPERATURE_ZONE_MISMATCH"
    DATA_INTEGRITY = "DATA_INTEGRITY"
    LOCATION_MAPPING_ERROR = "LOCATION_MAPPING_ERROR"
    MISSING_LOCATION = "MISSING_LOCATION"
    PRODUCT_INCOMPATIBILITY = "PRODUCT_INCOMPATIBILITY"


class CategoryCode(StrEnum):
    FLOW_TIME = "FLOW_TIME"
    SPACE = "SPACE"
    PRODUCT = "PRODUCT"


class LocationType(StrEnum):
    """Location types as resolved by the locations service (spec/rules.md §2)."""

    STORAGE = "STORAGE"
    RECEIVING = "RECEIVING"
    STAGING = "STAGING"
    DOCK = "DOCK"
    AISLE = "AISLE"


class ChangeAction(StrEnum):
    """What a history entry records."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    DELETED = "DELETED"
