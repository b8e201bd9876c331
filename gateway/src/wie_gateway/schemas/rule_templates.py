"""Bodies of the rule-template routes (parameterised rules), and their protobuf mapping."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from wie.rules.v1 import rules_pb2
from wie_gateway.schemas.enums import Priority
from wie_gateway.schemas.rules import json_object


class RuleTemplateOut(BaseModel):
    id: str
    name: str
    description: str
    rule_type: str
    category: str
    default_priority: str
    params_schema: dict[str, Any]

    @classmethod
    def from_pb(cls, t: rules_pb2.RuleTemplate) -> RuleTemplateOut:
        return cls(
            id=t.id,
            name=t.name,
            description=t.description,
            rule_type=t.rule_type,
            category=t.category,
            default_priority=t.default_priority,
            params_schema=json_object(t.parameters_schema_json),
        )


class RuleTemplateList(BaseModel):
    items: list[RuleTemplateOut]


class InstantiateIn(BaseModel):
    # An unknown key is a typo the client should hear about, not something silently dropped.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "warehouse_id": "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b0c",
                    "params": {"location_type": "STAGING", "hours": 8},
                }
            ]
        },
    )

    warehouse_id: str = Field(min_length=1, max_length=64)
    params: dict[str, Any] = Field(default_factory=dict, description="see the template's params_schema")
    name: str | None = Field(default=None, min_length=1, max_length=120)
    priority: Priority | None = None
