"""One module per rule type; `REGISTRY` maps a rule type to the function that evaluates it.

Every function takes a `RuleContext` and returns its anomalies in file order (first row ascending).
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import RuleContext
from ..results import Anomaly
from .cold_chain import temperature_zone_mismatch
from .data_integrity import data_integrity
from .invalid_location import invalid_location
from .lots import uncoordinated_lots
from .mapping import location_mapping_error
from .missing_location import missing_location
from .overcapacity import overcapacity
from .pattern_stagnant import location_specific_stagnant
from .product_incompatibility import product_incompatibility
from .stagnant import stagnant_pallets

RuleFunction = Callable[[RuleContext], list[Anomaly]]

REGISTRY: dict[str, RuleFunction] = {
    "STAGNANT_PALLETS": stagnant_pallets,
    "UNCOORDINATED_LOTS": uncoordinated_lots,
    "OVERCAPACITY": overcapacity,
    "INVALID_LOCATION": invalid_location,
    "LOCATION_SPECIFIC_STAGNANT": location_specific_stagnant,
    "TEMPERATURE_ZONE_MISMATCH": temperature_zone_mismatch,
    "DATA_INTEGRITY": data_integrity,
    "LOCATION_MAPPING_ERROR": location_mapping_error,
    "MISSING_LOCATION": missing_location,
    "PRODUCT_INCOMPATIBILITY": product_incompatibility,
}

# Rule types whose anomalies are about a location, not a pallet: they never suppress pallets.
LOCATION_LEVEL_TYPES = frozenset({"OVERCAPACITY"})
