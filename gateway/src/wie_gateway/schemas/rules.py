"""Request and response bodies of the rule routes (categories, types, rules, history), and their protobuf
mapping. Rule templates are schemas/rule_templates.py."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from wie.rules.v1 import rules_pb2
from wie_common.proto_time import from_ts
from wie_gateway.schemas.enums import CategoryCode, Priority
from wie_gateway.schemas.enums import RuleType as RuleTypeName

PRECEDENCE_DOC = "1 runs first; omitted on create: the type's (or the overridden default's) precedence"
CONDITIONS_DOC = "a JSON object validated against the rule type's schema (GET /rule-types)"


def json_object(text: str) -> dict[str, Any]:
    """A JSON object carried as text in a message; empty text is an empty object."""
    return json.loads(text) if text else {}


class _In(BaseModel):
    # An unknown key is a typo the client should hear about, not something silently dropped.
    model_config = ConfigDict(extra="forbid")


class CategoryOut(BaseModel):
    code: str
    name: str
    display_order: int
    description: str


class CategoryList(BaseModel):
    items: list[CategoryOut]


class RuleTypeOut(BaseModel):
    rule_type: str
    description: str
    default_category: str
    default_precedence: int
    conditions_schema: dict[str, Any]
    defaults: dict[str, Any]


class RuleTypeList(BaseModel):
    items: list[RuleTypeOut]


class RuleIn(_In):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "warehouse_id": "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b0c",
                    "name": "Receiving over 6 h",
                    "rule_type": "STAGNANT_PALLETS",
                    "priority": "HIGH",
                    "conditions": {"location_types": ["RECEIVING"], "time_threshold_hours": 6},
                }
            ]
        }
    )

    warehouse_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=120)
    rule_type: RuleTypeName
    category: CategoryCode | None = Field(default=None, description="omitted: the type's default category")
    priority: Priority
    precedence: int | None = Field(default=None, ge=1, le=4, description=PRECEDENCE_DOC)
    description: str = Field(default="", max_length=2000)
    conditions: dict[str, Any] = Field(default_factory=dict, description=CONDITIONS_DOC)
    is_active: bool = True
    overrides_rule_id: str | None = Field(
        default=None, description="a system default this rule replaces in its warehouse"
    )


class RulePatch(_In):
    """Only the fields present change; null leaves a field as it is."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "priority": "VERY_HIGH",
                    "conditions": {"location_types": ["RECEIVING"], "time_threshold_hours": 4},
                }
            ]
        }
    )

    name: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    category: CategoryCode | None = None
    priority: Priority | None = None
    precedence: int | None = Field(default=None, ge=1, le=4, description=PRECEDENCE_DOC)
    conditions: dict[str, Any] | None = Field(default=None, description=CONDITIONS_DOC)
    is_active: bool | None = None


class RuleOut(BaseModel):
    id: str
    warehouse_id: str | None = Field(description="null for a system default")
    name: str
    description: str
    rule_type: str
    category: str
    priority: str
    precedence: int
    conditions: dict[str, Any]
    is_active: bool
    overrides_rule_id: str | None
    version: int
    is_system: bool
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_pb(cls, r: rules_pb2.Rule) -> RuleOut:
        return cls(
            id=r.id,
            warehouse_id=r.warehouse_id or None,
            name=r.name,
            description=r.description,
            rule_type=r.rule_type,
            category=r.category,
            priority=r.priority,
            precedence=r.precedence,
            conditions=json_object(r.conditions_json),
            is_active=r.is_active,
            overrides_rule_id=r.overrides_rule_id or None,
            version=r.version,
            is_system=r.is_system,
            created_at=from_ts(r, "created_at"),
            updated_at=from_ts(r, "updated_at"),
        )


class RuleList(BaseModel):
    items: list[RuleOut]


class RuleVersionOut(BaseModel):
    version: int
    change_type: str = Field(description="CREATED, UPDATED or DELETED")
    changed_by: str = Field(description="user id, or 'system' for seeded defaults")
    changed_by_username: str
    changed_at: datetime | None
    changes: dict[str, Any] = Field(description='{field: {"old": ..., "new": ...}}')
    snapshot: dict[str, Any] = Field(description="the whole rule as of this version")


class RuleHistoryOut(BaseModel):
    items: list[RuleVersionOut]
