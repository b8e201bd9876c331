"""Rule templates: a few parameters in, a ready-to-create rule out (GET /rule-templates, instantiate).

Parameters are validated by the template's own model (errors name ``params.<field>``); the conditions the
template builds are then validated by the catalog like any user-written conditions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wie_common.errors import FieldError, NotFound

from .catalog import validate_conditions
from .conditions import Fraction, Glob, Hours, LocationTypeName, LocationTypes, Minutes, ZoneName
from .enums import CategoryCode, Priority, RuleType
from .invalid import TEMPLATE_PARAMS_INVALID, invalid
from .location_types import CONTEXT_KEY, NO_CUSTOM_TYPES, CustomTypes, with_location_type_def
from .pydantic_errors import field_errors


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class StagnantInLocationTypeParams(_Params):
    location_type: LocationTypeName = Field(description="Where pallets must not linger.")
    hours: Hours = Field(description="Age in hours that must be exceeded.")


class StuckInPatternParams(_Params):
    pattern: Glob = Field(description="Glob on the location code, e.g. AISLE* or DOCK-0?.")
    hours: Hours = Field(description="Age in hours that must be exceeded.")


class ColdChainParams(_Params):
    product_patterns: list[Glob] = Field(min_length=1, description="Globs on the product description.")
    prohibited_zones: list[ZoneName] = Field(min_length=1, description="Zones these products must avoid.")
    minutes: Minutes = Field(default=30, description="Minutes tolerated in a prohibited zone.")


class MinimumLotCompletionParams(_Params):
    threshold: Fraction = Field(description="Share (0–1] of the lot in final locations.")
    staging_location_types: LocationTypes = Field(
        default=["RECEIVING"], description="Where a straggler is reported."
    )
    final_location_types: LocationTypes = Field(default=["STORAGE"], description="Where the lot is headed.")


P = TypeVar("P", bound=_Params)


@dataclass(frozen=True)
class RuleTemplate(Generic[P]):
    code: str
    name: str
    description: str
    rule_type: RuleType
    category: CategoryCode
    default_priority: Priority
    params_model: type[P]
    build_conditions: Callable[[P], dict[str, Any]]
    rule_name: Callable[[P], str]  # a readable default name for the created rule

    @cached_property
    def params_schema(self) -> dict[str, Any]:
        return with_location_type_def(self.params_model.model_json_schema())


class TemplateInstance(NamedTuple):
    name: str
    rule_type: RuleType
    category: CategoryCode
    priority: Priority
    conditions: dict[str, Any]


def _hours(value: float) -> str:
    return f"{value:g}h"


_TEMPLATES: tuple[RuleTemplate[Any], ...] = (
    RuleTemplate(
        "stagnant_in_location_type",
        "Stagnant in a location type",
        "Flag pallets older than N hours in locations of one type.",
        RuleType.STAGNANT_PALLETS,
        CategoryCode.FLOW_TIME,
        Priority.HIGH,
        StagnantInLocationTypeParams,
        lambda p: {"location_types": [p.location_type], "time_threshold_hours": p.hours},
        lambda p: f"Pallets in {p.location_type} over {_hours(p.hours)}",
    ),
    RuleTemplate(
        "stuck_in_pattern",
        "Stuck in matching locations",
        "Flag pallets older than N hours in locations matching a pattern.",
        RuleType.LOCATION_SPECIFIC_STAGNANT,
        CategoryCode.FLOW_TIME,
        Priority.HIGH,
        StuckInPatternParams,
        lambda p: {"location_pattern": p.pattern, "time_threshold_hours": p.hours},
        lambda p: f"Pallets stuck in {p.pattern} over {_hours(p.hours)}",
    ),
    RuleTemplate(
        "cold_chain",
        "Cold chain",
        "Flag temperature-sensitive products left in prohibited zones.",
        RuleType.TEMPERATURE_ZONE_MISMATCH,
        CategoryCode.PRODUCT,
        Priority.VERY_HIGH,
        ColdChainParams,
        lambda p: {
            "product_patterns": p.product_patterns,
            "prohibited_zones": p.prohibited_zones,
            "time_threshold_minutes": p.minutes,
        },
        lambda p: f"Cold chain: {', '.join(p.product_patterns)} not in {', '.join(p.prohibited_zones)}",
    ),
    RuleTemplate(
        "minimum_lot_completion",
        "Minimum lot completion",
        "Flag pallets left behind once a share of their lot reached its final locations.",
        RuleType.UNCOORDINATED_LOTS,
        CategoryCode.FLOW_TIME,
        Priority.VERY_HIGH,
        MinimumLotCompletionParams,
        lambda p: {
            "completion_threshold": p.threshold,
            "location_types": p.staging_location_types,
            "final_location_types": p.final_location_types,
        },
        lambda p: f"Lot stragglers at {p.threshold:.0%} completion",
    ),
)
TEMPLATES: Mapping[str, RuleTemplate[Any]] = {t.code: t for t in _TEMPLATES}


def list_templates() -> list[RuleTemplate[Any]]:
    return list(TEMPLATES.values())


def get_template(code: str) -> RuleTemplate[Any]:
    try:
        return TEMPLATES[code]
    except KeyError:
        raise NotFound(f"no rule template {code!r}", reason="template_not_found") from None


def instantiate(
    template_code: str, params: object, custom_types: CustomTypes = NO_CUSTOM_TYPES
) -> TemplateInstance:
    """Validated (name, rule_type, category, priority, conditions) for a new rule from a template;
    `custom_types` are the target warehouse's own location types."""
    template = get_template(template_code)
    if params is None:
        params = {}
    if not isinstance(params, Mapping):
        raise invalid(TEMPLATE_PARAMS_INVALID, [FieldError("params", "must be an object")])
    try:
        parsed = template.params_model.model_validate(dict(params), context={CONTEXT_KEY: custom_types})
    except ValidationError as exc:
        errors = field_errors(exc, "params", subject=f"template {template.code}")
        raise invalid(TEMPLATE_PARAMS_INVALID, errors) from None
    # The built conditions pass the catalog like user input, so a template can never store what a user
    # could not (errors still name ``conditions.*``).
    conditions = validate_conditions(
        template.rule_type, template.build_conditions(parsed), custom_types=custom_types
    )
    return TemplateInstance(
        name=template.rule_name(parsed)[:120],
        rule_type=template.rule_type,
        category=template.category,
        priority=template.default_priority,
        conditions=conditions,
    )
