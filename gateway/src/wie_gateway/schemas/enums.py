"""The only accepted spellings of the contract's enumerations (spec/rules.md §3, §4); services check again."""

from __future__ import annotations

from typing import Literal

Priority = Literal["VERY_HIGH", "HIGH", "MEDIUM", "LOW"]
CategoryCode = Literal["FLOW_TIME", "SPACE", "PRODUCT"]
AnomalyStatus = Literal["NEW", "ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED", "CLEARED"]
RuleType = Literal[
    "STAGNANT_PALLETS",
    "UNCOORDINATED_LOTS",
    "OVERCAPACITY",
    "INVALID_LOCATION",
    "LOCATION_SPECIFIC_STAGNANT",
    "TEMPERATURE_ZONE_MISMATCH",
    "DATA_INTEGRITY",
    "LOCATION_MAPPING_ERROR",
    "MISSING_LOCATION",
    "PRODUCT_INCOMPATIBILITY",
]
