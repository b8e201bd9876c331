"""Domain records → protobuf messages. JSON-valued fields travel as JSON text (see rules.proto)."""

from __future__ import annotations

import json
from typing import Any

from rules_service.domain.catalog import RuleTypeSpec, conditions_schema
from rules_service.domain.defaults import CategorySpec
from rules_service.domain.ports import HistoryEntry, StoredRule
from rules_service.domain.templates import RuleTemplate
from wie.rules.v1 import rules_pb2
from wie_common.proto_time import ts


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


def category_msg(c: CategorySpec) -> rules_pb2.Category:
    return rules_pb2.Category(
        code=c.code, name=c.display_name, priority=c.priority, description=c.description
    )


def rule_type_msg(t: RuleTypeSpec, custom_types: tuple[str, ...] = ()) -> rules_pb2.RuleType:
    return rules_pb2.RuleType(
        code=t.rule_type,
        description=t.description,
        default_category=t.default_category,
        conditions_schema_json=dumps(conditions_schema(t, custom_types)),
        defaults_json=dumps(t.defaults),
        default_precedence=t.default_precedence,
    )


def rule_msg(stored: StoredRule) -> rules_pb2.Rule:
    r = stored.rule
    return rules_pb2.Rule(
        id=str(r.id),
        warehouse_id="" if r.warehouse_id is None else str(r.warehouse_id),
        name=r.name,
        description=r.description,
        rule_type=r.rule_type,
        category=r.category,
        priority=r.priority,
        precedence=r.precedence,
        conditions_json=dumps(r.conditions),
        is_active=r.is_active,
        overrides_rule_id="" if r.overrides_rule_id is None else str(r.overrides_rule_id),
        version=r.version,
        is_system=r.is_system,
        created_at=ts(stored.created_at),
        updated_at=ts(stored.updated_at),
    )


def version_msg(h: HistoryEntry) -> rules_pb2.RuleVersion:
    return rules_pb2.RuleVersion(
        version=h.version,
        changed_by=h.changed_by,
        changed_by_name=h.changed_by_name,
        changed_at=ts(h.changed_at),
        change_type=h.change_type,
        changes_json=dumps(h.changes),
        snapshot_json=dumps(h.snapshot),
    )


def template_msg(t: RuleTemplate[Any]) -> rules_pb2.RuleTemplate:
    return rules_pb2.RuleTemplate(
        id=t.code,
        name=t.name,
        description=t.description,
        rule_type=t.rule_type,
        category=t.category,
        default_priority=t.default_priority,
        parameters_schema_json=dumps(t.params_schema),
    )
