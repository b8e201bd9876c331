"""Pure logic of the location model: no grpc, no sqlalchemy. See spec/rules.md §2."""

from .detection import DetectedFormat, detect_format
from .editing import LocationChange, plan_delete, plan_put
from .formats import compile_format
from .listing import LocationPage, list_locations
from .model import (
    LOCATION_TYPES,
    SPECIAL_AREA_TYPES,
    STORAGE,
    LearnedFormat,
    Location,
    LocationOverride,
    Resolution,
    SpecialArea,
    Structure,
    WarehouseModel,
    ZoneRange,
)
from .resolver import Resolver
from .setup import auto_aisle_areas
from .validation import validate_model, validate_structure

__all__ = [
    "LOCATION_TYPES",
    "SPECIAL_AREA_TYPES",
    "STORAGE",
    "DetectedFormat",
    "LearnedFormat",
    "Location",
    "LocationChange",
    "LocationOverride",
    "LocationPage",
    "Resolution",
    "Resolver",
    "SpecialArea",
    "Structure",
    "WarehouseModel",
    "ZoneRange",
    "auto_aisle_areas",
    "compile_format",
    "detect_format",
    "list_locations",
    "plan_delete",
    "plan_put",
    "validate_model",
    "validate_structure",
]
