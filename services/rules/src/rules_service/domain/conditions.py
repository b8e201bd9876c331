"""One pydantic model per rule type describing its ``conditions`` (spec/rules.md §3).

The models are the single source of truth for both validation and the JSON schema published by
GET /rule-types. ``extra="forbid"`` makes unknown keys a 422; fields are strict so that ``"10"`` or ``true``
is not silently taken for a number. Every key has the default of the matching default rule so that
``{}`` yields the spec's default behaviour.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .enums import RuleType
from .location_types import BUILT_IN, CONTEXT_KEY, LOCATION_TYPE_SCHEMA, TYPE_NAME_PATTERN, CustomTypes

MAX_HOURS = 87_600  # ten years: larger thresholds are typos, never intent
MAX_MINUTES = MAX_HOURS * 60


def _compact_number(value: float) -> float | int:
    # Protobuf Struct carries every number as a double; serialise integral values as ints so stored and
    # returned conditions read like the spec (10, not 10.0).
    return int(value) if float(value).is_integer() else value


def _dedupe(values: list[Any]) -> list[Any]:
    # Order-preserving: duplicates add nothing and would only make diffs noisy.
    return list(dict.fromkeys(values))


Hours = Annotated[
    float,
    Field(strict=True, gt=0, le=MAX_HOURS, allow_inf_nan=False),
    PlainSerializer(_compact_number),
]
Minutes = Annotated[
    float,
    Field(strict=True, ge=0, le=MAX_MINUTES, allow_inf_nan=False),
    PlainSerializer(_compact_number),
]
Fraction = Annotated[
    float,
    Field(strict=True, gt=0, le=1, allow_inf_nan=False),
    PlainSerializer(_compact_number),
]
# Globs are matched against upper-cased locations/descriptions, so they are upper-cased here too:
# a lower-case pattern could otherwise never match.
Glob = Annotated[
    str,
    Field(strict=True),
    StringConstraints(strip_whitespace=True, to_upper=True, min_length=1, max_length=100),
]
ZoneName = Annotated[
    str,
    Field(strict=True),
    StringConstraints(strip_whitespace=True, to_upper=True, min_length=1, max_length=50),
]


def _known_type(value: str, info: ValidationInfo) -> str:
    """Built in, or one of the warehouse's own types (fetched only now, when a rule names one)."""
    if value in BUILT_IN:
        return value
    custom = (info.context or {}).get(CONTEXT_KEY)
    known = custom() if isinstance(custom, CustomTypes) else frozenset()
    if value in known:
        return value
    allowed = ", ".join([*BUILT_IN, *sorted(known)])
    raise PydanticCustomError(
        "location_type",
        "{value} is not a location type of this warehouse; expected one of {allowed}",
        {"value": value, "allowed": allowed},
    )


# A location type: built in, or the warehouse's own (rules.md §2.2). The published schema lists the built-in
# ones; GET /rule-types?warehouse_id= adds the warehouse's (location_types.with_custom_types).
LocationTypeName = Annotated[
    str,
    Field(strict=True),
    StringConstraints(pattern=TYPE_NAME_PATTERN),  # exact spellings, as the built-in enum had
    AfterValidator(_known_type),
    WithJsonSchema(LOCATION_TYPE_SCHEMA),  # moved to $defs.LocationType by with_location_type_def
]
LocationTypes = Annotated[list[LocationTypeName], Field(min_length=1), AfterValidator(_dedupe)]
Check = Annotated[bool, Field(strict=True)]


class BaseConditions(BaseModel):
    """Keys every rule type accepts."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    exclude_if_flagged_by: Annotated[list[RuleType], AfterValidator(_dedupe)] = Field(
        default=[],
        description="Drop a pallet from this rule when a rule of a listed type with a lower precedence "
        "number flagged it. Opt-in; default none.",
    )

    def normalised(self) -> dict[str, Any]:
        """JSON-ready conditions; the opt-in common key is only emitted when used, so default conditions
        read exactly as in the spec table (``{}`` for OVERCAPACITY)."""
        data = self.model_dump(mode="json")
        if not data.get("exclude_if_flagged_by"):
            data.pop("exclude_if_flagged_by", None)
        return data


class StagnantPalletsConditions(BaseConditions):
    """Pallets older than a threshold in locations of the given types."""

    location_types: LocationTypes = Field(
        default=["RECEIVING"], description="Location types where pallets must not linger."
    )
    time_threshold_hours: Hours = Field(default=10, description="Age in hours that must be exceeded.")


class UncoordinatedLotsConditions(BaseConditions):
    """Stragglers of lots that are mostly in their final locations."""

    completion_threshold: Fraction = Field(
        default=0.8, description="Share (0–1] of a lot's pallets in final locations that makes it complete."
    )
    location_types: LocationTypes = Field(
        default=["RECEIVING"], description="Location types where a straggler is reported."
    )
    final_location_types: LocationTypes = Field(
        default=["STORAGE"], description="Location types that count as the lot's destination."
    )


class OvercapacityConditions(BaseConditions):
    """Known locations holding more distinct pallets than their capacity."""


class InvalidLocationConditions(BaseConditions):
    """Pallets whose non-empty location is unknown to the warehouse."""


class LocationSpecificStagnantConditions(BaseConditions):
    """Pallets older than a threshold in locations matching a glob."""

    location_pattern: Glob = Field(
        default="AISLE*", description="Glob matched against the upper-cased location code."
    )
    time_threshold_hours: Hours = Field(default=4, description="Age in hours that must be exceeded.")


class TemperatureZoneMismatchConditions(BaseConditions):
    """Temperature-sensitive products sitting in prohibited zones."""

    product_patterns: Annotated[list[Glob], Field(min_length=1), AfterValidator(_dedupe)] = Field(
        default=["*FROZEN*", "*REFRIGERATED*"],
        description="Globs matched against the upper-cased product description.",
    )
    prohibited_zones: Annotated[list[ZoneName], Field(min_length=1), AfterValidator(_dedupe)] = Field(
        default=["AMBIENT", "GENERAL"], description="Zones these products must not sit in."
    )
    time_threshold_minutes: Minutes = Field(
        default=30, description="Age in minutes that must be exceeded (unknown age always counts)."
    )


class DataIntegrityConditions(BaseConditions):
    """Scanner and data-entry errors; each check can be switched off."""

    check_duplicate_scans: Check = Field(default=True, description="Same pallet id on several rows.")
    check_impossible_locations: Check = Field(default=True, description="Location codes no scanner makes.")
    check_missing_locations: Check = Field(default=True, description="Empty location.")
    check_missing_pallet_ids: Check = Field(default=True, description="Empty pallet id.")
    check_invalid_dates: Check = Field(default=True, description="Unparseable or future creation date.")


class LocationMappingErrorConditions(BaseConditions):
    """Declared location type in the file differs from the resolved one."""


class MissingLocationConditions(BaseConditions):
    """Pallets with an empty location."""


class ProductIncompatibilityConditions(BaseConditions):
    """Pallets at locations whose allowed products they do not match."""


CONDITIONS_MODELS: dict[RuleType, type[BaseConditions]] = {
    RuleType.STAGNANT_PALLETS: StagnantPalletsConditions,
    RuleType.UNCOORDINATED_LOTS: UncoordinatedLotsConditions,
    RuleType.OVERCAPACITY: OvercapacityConditions,
    RuleType.INVALID_LOCATION: InvalidLocationConditions,
    RuleType.LOCATION_SPECIFIC_STAGNANT: LocationSpecificStagnantConditions,
    RuleType.TEMPERATURE_ZONE_MISMATCH: TemperatureZoneMismatchConditions,
    RuleType.DATA_INTEGRITY: DataIntegrityConditions,
    RuleType.LOCATION_MAPPING_ERROR: LocationMappingErrorConditions,
    RuleType.MISSING_LOCATION: MissingLocationConditions,
    RuleType.PRODUCT_INCOMPATIBILITY: ProductIncompatibilityConditions,
}
