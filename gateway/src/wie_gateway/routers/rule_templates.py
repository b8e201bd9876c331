"""/rule-templates: parameterised rules, listed and turned into a warehouse's rule.

The rules service validates the parameters and enforces access; this router only translates JSON ⇄ gRPC.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response

from wie.rules.v1 import rules_pb2
from wie_gateway.deps import RulesStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.rule_templates import InstantiateIn, RuleTemplateList, RuleTemplateOut
from wie_gateway.schemas.rules import RuleOut
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/rule-templates", tags=["rules"])


@router.get(
    "", response_model=RuleTemplateList, operation_id="list_rule_templates", summary="List the rule templates"
)
async def list_templates(request: Request, caller: CurrentCaller, rules: RulesStub) -> RuleTemplateList:
    reply = await rules.ListTemplates(rules_pb2.ListTemplatesRequest(), **opts(request, caller))
    return RuleTemplateList(items=[RuleTemplateOut.from_pb(t) for t in reply.templates])


@router.post(
    "/{template_id}/instantiate",
    status_code=201,
    response_model=RuleOut,
    operation_id="instantiate_rule_template",
    summary="Create a warehouse rule from a template",
    responses=errors(403, 409),
)
async def instantiate_template(
    template_id: str,
    body: InstantiateIn,
    request: Request,
    response: Response,
    caller: CurrentCaller,
    rules: RulesStub,
) -> RuleOut:
    rule = await rules.InstantiateTemplate(
        rules_pb2.InstantiateTemplateRequest(
            template_id=template_id,
            warehouse_id=body.warehouse_id,
            parameters_json=json.dumps(body.params),
            name=body.name or "",
            priority=body.priority or "",
        ),
        **opts(request, caller),
    )
    # Location points at the new rule, as POST /rules does.
    response.headers["Location"] = str(request.url_for("get_rule", rule_id=rule.id))
    return RuleOut.from_pb(rule)
