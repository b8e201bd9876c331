"""Rule categories, rule types, rules (effective set, CRUD, history) and rule templates.

The rules service enforces access and validates everything; this router only translates JSON ⇄ gRPC.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from wie.rules.v1 import rules_pb2
from wie_common.proto_time import from_ts
from wie_gateway.deps import backends, opts
from wie_gateway.schemas.rules import (
    CategoryList,
    CategoryOut,
    InstantiateIn,
    RuleHistoryOut,
    RuleIn,
    RuleList,
    RuleOut,
    RulePatch,
    RuleTypeList,
    RuleTypeOut,
    RuleVersionOut,
    TemplateList,
    TemplateOut,
)
from wie_gateway.security import CurrentCaller

router = APIRouter(tags=["rules"])


def _json(text: str) -> dict[str, Any]:
    return json.loads(text) if text else {}


def _rule(r: rules_pb2.Rule) -> RuleOut:
    return RuleOut(
        id=r.id,
        warehouse_id=r.warehouse_id or None,
        name=r.name,
        description=r.description,
        rule_type=r.rule_type,
        category=r.category,
        priority=r.priority,
        precedence=r.precedence,
        conditions=_json(r.conditions_json),
        is_active=r.is_active,
        overrides_rule_id=r.overrides_rule_id or None,
        version=r.version,
        is_system=r.is_system,
        created_at=from_ts(r, "created_at"),
        updated_at=from_ts(r, "updated_at"),
    )


def _created(request: Request, response: Response, rule: rules_pb2.Rule) -> RuleOut:
    response.headers["Location"] = str(request.url_for("get_rule", rule_id=rule.id))
    return _rule(rule)


@router.get("/rule-categories", response_model=CategoryList)
async def list_categories(request: Request, caller: CurrentCaller) -> CategoryList:
    reply = await backends(request).rules.ListCategories(
        rules_pb2.ListCategoriesRequest(), **opts(request, caller)
    )
    return CategoryList(
        items=[
            CategoryOut(code=c.code, name=c.name, display_order=c.priority, description=c.description)
            for c in reply.categories
        ]
    )


@router.get("/rule-types", response_model=RuleTypeList)
async def list_rule_types(request: Request, caller: CurrentCaller) -> RuleTypeList:
    reply = await backends(request).rules.ListRuleTypes(
        rules_pb2.ListRuleTypesRequest(), **opts(request, caller)
    )
    return RuleTypeList(
        items=[
            RuleTypeOut(
                rule_type=t.code,
                description=t.description,
                default_category=t.default_category,
                default_precedence=t.default_precedence,
                conditions_schema=_json(t.conditions_schema_json),
                defaults=_json(t.defaults_json),
            )
            for t in reply.rule_types
        ]
    )


@router.get("/rules", response_model=RuleList)
async def effective_rules(
    request: Request,
    caller: CurrentCaller,
    warehouse_id: Annotated[str, Query(min_length=1, max_length=64)],
) -> RuleList:
    """The warehouse's effective rule set: system defaults, replaced by its overrides, plus its own rules."""
    reply = await backends(request).rules.GetEffectiveRules(
        rules_pb2.GetEffectiveRulesRequest(warehouse_id=warehouse_id), **opts(request, caller)
    )
    return RuleList(items=[_rule(r) for r in reply.rules])


@router.post("/rules", status_code=201, response_model=RuleOut)
async def create_rule(body: RuleIn, request: Request, response: Response, caller: CurrentCaller) -> RuleOut:
    rule = await backends(request).rules.CreateRule(
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


@router.get("/rules/{rule_id}", response_model=RuleOut)
async def get_rule(rule_id: str, request: Request, caller: CurrentCaller) -> RuleOut:
    rule = await backends(request).rules.GetRule(
        rules_pb2.GetRuleRequest(id=rule_id), **opts(request, caller)
    )
    return _rule(rule)


@router.patch("/rules/{rule_id}", response_model=RuleOut)
async def update_rule(rule_id: str, body: RulePatch, request: Request, caller: CurrentCaller) -> RuleOut:
    present = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    req = rules_pb2.UpdateRuleRequest(id=rule_id, update_mask=sorted(present))
    for key, value in present.items():
        if key == "conditions":
            req.conditions_json = json.dumps(value)
        else:
            setattr(req, key, value)
    rule = await backends(request).rules.UpdateRule(req, **opts(request, caller))
    return _rule(rule)


@router.delete("/rules/{rule_id}", status_code=204)
async def delete_rule(rule_id: str, request: Request, caller: CurrentCaller) -> Response:
    await backends(request).rules.DeleteRule(rules_pb2.DeleteRuleRequest(id=rule_id), **opts(request, caller))
    return Response(status_code=204)


@router.get("/rules/{rule_id}/history", response_model=RuleHistoryOut)
async def rule_history(rule_id: str, request: Request, caller: CurrentCaller) -> RuleHistoryOut:
    reply = await backends(request).rules.GetRuleHistory(
        rules_pb2.GetRuleHistoryRequest(id=rule_id), **opts(request, caller)
    )
    return RuleHistoryOut(
        items=[
            RuleVersionOut(
                version=v.version,
                change_type=v.change_type,
                changed_by=v.changed_by,
                changed_by_username=v.changed_by_name,
                changed_at=from_ts(v, "changed_at"),
                changes=_json(v.changes_json),
                snapshot=_json(v.snapshot_json),
            )
            for v in reply.versions
        ]
    )


@router.get("/rule-templates", response_model=TemplateList)
async def list_templates(request: Request, caller: CurrentCaller) -> TemplateList:
    reply = await backends(request).rules.ListTemplates(
        rules_pb2.ListTemplatesRequest(), **opts(request, caller)
    )
    return TemplateList(
        items=[
            TemplateOut(
                id=t.id,
                name=t.name,
                description=t.description,
                rule_type=t.rule_type,
                category=t.category,
                default_priority=t.default_priority,
                params_schema=_json(t.parameters_schema_json),
            )
            for t in reply.templates
        ]
    )


@router.post("/rule-templates/{template_id}/instantiate", status_code=201, response_model=RuleOut)
async def instantiate_template(
    template_id: str, body: InstantiateIn, request: Request, response: Response, caller: CurrentCaller
) -> RuleOut:
    rule = await backends(request).rules.InstantiateTemplate(
        rules_pb2.InstantiateTemplateRequest(
            template_id=template_id,
            warehouse_id=body.warehouse_id,
            parameters_json=json.dumps(body.params),
            name=body.name or "",
            priority=body.priority or "",
        ),
        **opts(request, caller),
    )
    return _created(request, response, rule)
