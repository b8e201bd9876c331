"""Rule categories, rule types, rules (effective set, CRUD, history); rule templates are
routers/rule_templates.py.

The rules service enforces access and validates everything; this router only translates JSON ⇄ gRPC.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from wie.rules.v1 import rules_pb2
from wie_common.proto_time import from_ts
from wie_gateway.deps import RulesStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.rules import (
    CategoryList,
    CategoryOut,
    RuleHistoryOut,
    RuleIn,
    RuleList,
    RuleOut,
    RulePatch,
    RuleTypeList,
    RuleTypeOut,
    RuleVersionOut,
    json_object,
)
from wie_gateway.security import CurrentCaller

router = APIRouter(tags=["rules"])


def _created(request: Request, response: Response, rule: rules_pb2.Rule) -> RuleOut:
    response.headers["Location"] = str(request.url_for("get_rule", rule_id=rule.id))
    return RuleOut.from_pb(rule)


@router.get(
    "/rule-categories",
    response_model=CategoryList,
    operation_id="list_rule_categories",
    summary="List the rule categories",
)
async def list_categories(request: Request, rules: RulesStub, caller: CurrentCaller) -> CategoryList:
    reply = await rules.ListCategories(rules_pb2.ListCategoriesRequest(), **opts(request, caller))
    return CategoryList(
        items=[
            CategoryOut(code=c.code, name=c.name, display_order=c.priority, description=c.description)
            for c in reply.categories
        ]
    )


@router.get(
    "/rule-types",
    response_model=RuleTypeList,
    operation_id="list_rule_types",
    summary="List the rule types with their condition schemas",
    responses=errors(404),
)
async def list_rule_types(
    request: Request,
    rules: RulesStub,
    caller: CurrentCaller,
    warehouse_id: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=64,
            description="also allow that warehouse's own location types (its special areas' types) in "
            "location_types / final_location_types",
        ),
    ] = None,
) -> RuleTypeList:
    reply = await rules.ListRuleTypes(
        rules_pb2.ListRuleTypesRequest(warehouse_id=warehouse_id or ""), **opts(request, caller)
    )
    return RuleTypeList(
        items=[
            RuleTypeOut(
                rule_type=t.code,
                description=t.description,
                default_category=t.default_category,
                default_precedence=t.default_precedence,
                conditions_schema=json_object(t.conditions_schema_json),
                defaults=json_object(t.defaults_json),
            )
            for t in reply.rule_types
        ]
    )


@router.get(
    "/rules",
    response_model=RuleList,
    operation_id="list_effective_rules",
    summary="A warehouse's effective rule set",
    responses=errors(404),
)
async def effective_rules(
    request: Request,
    rules: RulesStub,
    caller: CurrentCaller,
    warehouse_id: Annotated[str, Query(min_length=1, max_length=64)],
) -> RuleList:
    """The warehouse's effective rule set: system defaults, replaced by its overrides, plus its own rules."""
    reply = await rules.GetEffectiveRules(
        rules_pb2.GetEffectiveRulesRequest(warehouse_id=warehouse_id), **opts(request, caller)
    )
    return RuleList(items=[RuleOut.from_pb(r) for r in reply.rules])


@router.post(
    "/rules",
    status_code=201,
    response_model=RuleOut,
    operation_id="create_rule",
    summary="Create a rule or a default's override",
    responses=errors(403, 404, 409),
)
async def create_rule(
    body: RuleIn, request: Request, rules: RulesStub, response: Response, caller: CurrentCaller
) -> RuleOut:
    rule = await rules.CreateRule(
        rules_pb2.CreateRuleRequest(
            warehouse_id=body.warehouse_id,
            name=body.name,
            description=body.description,
            rule_type=body.rule_type,
            category=body.category or "",
            priority=body.priority,
            precedence=body.precedence or 0,
            conditions_json=json.dumps(body.conditions),
            is_active=body.is_active,
            overrides_rule_id=body.overrides_rule_id or "",
        ),
        **opts(request, caller),
    )
    return _created(request, response, rule)


@router.get("/rules/{rule_id}", response_model=RuleOut, operation_id="get_rule", summary="Get a rule")
async def get_rule(rule_id: str, request: Request, rules: RulesStub, caller: CurrentCaller) -> RuleOut:
    rule = await rules.GetRule(rules_pb2.GetRuleRequest(id=rule_id), **opts(request, caller))
    return RuleOut.from_pb(rule)


@router.patch(
    "/rules/{rule_id}",
    response_model=RuleOut,
    operation_id="update_rule",
    summary="Change a rule (a new version)",
    responses=errors(403, 409),
)
async def update_rule(
    rule_id: str, body: RulePatch, request: Request, rules: RulesStub, caller: CurrentCaller
) -> RuleOut:
    present = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    req = rules_pb2.UpdateRuleRequest(id=rule_id, update_mask=sorted(present))
    for key, value in present.items():
        if key == "conditions":
            req.conditions_json = json.dumps(value)
        else:
            setattr(req, key, value)
    rule = await rules.UpdateRule(req, **opts(request, caller))
    return RuleOut.from_pb(rule)


@router.delete(
    "/rules/{rule_id}",
    status_code=204,
    operation_id="delete_rule",
    summary="Delete a rule",
    responses=errors(403),
)
async def delete_rule(rule_id: str, request: Request, rules: RulesStub, caller: CurrentCaller) -> Response:
    await rules.DeleteRule(rules_pb2.DeleteRuleRequest(id=rule_id), **opts(request, caller))
    return Response(status_code=204)


@router.get(
    "/rules/{rule_id}/history",
    response_model=RuleHistoryOut,
    operation_id="get_rule_history",
    summary="A rule's versions",
)
async def rule_history(
    rule_id: str, request: Request, rules: RulesStub, caller: CurrentCaller
) -> RuleHistoryOut:
    reply = await rules.GetRuleHistory(rules_pb2.GetRuleHistoryRequest(id=rule_id), **opts(request, caller))
    return RuleHistoryOut(
        items=[
            RuleVersionOut(
                version=v.version,
                change_type=v.change_type,
                changed_by=v.changed_by,
                changed_by_username=v.changed_by_name,
                changed_at=from_ts(v, "changed_at"),
                changes=json_object(v.changes_json),
                snapshot=json_object(v.snapshot_json),
            )
            for v in reply.versions
        ]
    )
