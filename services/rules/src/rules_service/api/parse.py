"""Protobuf requests → use-case inputs: JSON text fields and update masks."""

from __future__ import annotations

import json
from typing import Any

from rules_service.domain.ports import PerformanceEntry
from rules_service.domain.service import NewRule
from wie.rules.v1 import rules_pb2
from wie_common.errors import FieldError, InvalidArgument

# update_mask path → how to read its value from an UpdateRuleRequest.
_MASK = {
    "name": lambda r: r.name,
    "description": lambda r: r.description,
    "priority": lambda r: r.priority,
    "precedence": lambda r: r.precedence,
    "category": lambda r: r.category,
    "is_active": lambda r: r.is_active,
    "conditions": lambda r: json_field(r.conditions_json, "conditions"),
}
_MASK_ALIASES = {"conditions_json": "conditions"}


def json_field(text: str, field: str) -> Any:
    """Empty text is "not given" (None); anything else must be valid JSON."""
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InvalidArgument(
            f"{field} is not valid JSON",
            reason="invalid_json",
            errors=[FieldError(field, f"invalid JSON: {exc}")],
        ) from exc


def new_rule(req: rules_pb2.CreateRuleRequest) -> NewRule:
    return NewRule(
        warehouse_id=req.warehouse_id,
        name=req.name,
        rule_type=req.rule_type,
        priority=req.priority,
        conditions=json_field(req.conditions_json, "conditions"),
        category=req.category or None,
        precedence=req.precedence or None,  # 0: the type's (or the overridden default's) precedence
        description=req.description,
        is_active=req.is_active if req.HasField("is_active") else True,
        overrides_rule_id=req.overrides_rule_id or None,
    )


def patch(req: rules_pb2.UpdateRuleRequest) -> dict[str, Any]:
    """Only the fields named in update_mask; an unknown path is a field error, not silently ignored."""
    out: dict[str, Any] = {}
    unknown = []
    for raw in req.update_mask:
        path = _MASK_ALIASES.get(raw, raw)
        if path not in _MASK:
            unknown.append(raw)
            continue
        out[path] = _MASK[path](req)
    if unknown:
        allowed = ", ".join(_MASK)
        raise InvalidArgument(
            f"update_mask names fields that cannot be changed: {', '.join(unknown)}",
            reason="invalid_update_mask",
            errors=[FieldError(u, f"cannot be changed; changeable fields: {allowed}") for u in unknown],
        )
    return out


def performance(req: rules_pb2.RecordPerformanceRequest) -> list[PerformanceEntry]:
    return [
        PerformanceEntry(e.rule_id, e.rule_version, e.anomalies, e.elapsed_ms, e.rows) for e in req.entries
    ]
