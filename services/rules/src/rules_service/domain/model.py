"""The rule as the domain sees it, independent of how it is stored or transported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

from .enums import CategoryCode, Priority, RuleType

# The service stores uuid strings; the pure logic only needs equality and ordering.
RuleId: TypeAlias = int | str
# The locations service owns warehouse ids; only equality is needed here.
WarehouseId: TypeAlias = int | str

MIN_PRECEDENCE = 1
MAX_PRECEDENCE = 4

# Fields a history entry compares; identity fields (id, warehouse, type, override target) never change.
TRACKED_FIELDS: tuple[str, ...] = (
    "name",
    "description",
    "category",
    "priority",
    "precedence",
    "conditions",
    "is_active",
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: RuleId
    warehouse_id: WarehouseId | None  # None for system defaults, shared by every warehouse
    name: str
    description: str
    rule_type: RuleType
    category: CategoryCode
    priority: Priority
    precedence: int  # 1 runs first; suppression only looks at lower numbers
    conditions: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True
    overrides_rule_id: RuleId | None = None  # the system default this warehouse rule replaces
    version: int = 1
    is_system: bool = False

    def __post_init__(self) -> None:
        # The db and api layers hand over plain strings; coercing here means every Rule holds real enums
        # (and an unknown spelling fails loudly instead of reaching the evaluator).
        object.__setattr__(self, "rule_type", RuleType(self.rule_type))
        object.__setattr__(self, "category", CategoryCode(self.category))
        object.__setattr__(self, "priority", Priority(self.priority))

    @property
    def is_override(self) -> bool:
        return self.overrides_rule_id is not None


def snapshot(rule: Rule) -> dict[str, Any]:
    """JSON-ready full state of one version, for history rows and audit."""
    return {
        "id": rule.id,
        "warehouse_id": rule.warehouse_id,
        "name": rule.name,
        "description": rule.description,
        "rule_type": rule.rule_type.value,
        "category": rule.category.value,
        "priority": rule.priority.value,
        "precedence": rule.precedence,
        "conditions": rule.conditions,
        "is_active": rule.is_active,
        "overrides_rule_id": rule.overrides_rule_id,
        "version": rule.version,
        "is_system": rule.is_system,
    }
