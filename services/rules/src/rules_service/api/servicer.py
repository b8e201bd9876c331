"""gRPC servicer of the rules service: messages ⇄ use-case calls, nothing else."""

from __future__ import annotations

import grpc

from rules_service.api import parse
from rules_service.api.convert import category_msg, rule_msg, rule_type_msg, template_msg, version_msg
from rules_service.api.errors import domain_errors
from rules_service.domain.service import RulesService
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.context import Caller, caller_var
from wie_common.errors import Unauthenticated


def _caller() -> Caller:
    caller = caller_var.get()
    if caller is None:
        raise Unauthenticated("this call needs a signed-in caller", reason="no_caller")
    return caller


class RulesServicer(rules_pb2_grpc.RulesServiceServicer):
    def __init__(self, service: RulesService) -> None:
        self.svc = service

    @domain_errors
    def ListCategories(self, request, context: grpc.ServicerContext):
        _caller()
        return rules_pb2.ListCategoriesResponse(categories=[category_msg(c) for c in self.svc.categories()])

    @domain_errors
    def ListRuleTypes(self, request, context):
        _caller()
        return rules_pb2.ListRuleTypesResponse(rule_types=[rule_type_msg(t) for t in self.svc.rule_types()])

    @domain_errors
    def GetEffectiveRules(self, request, context):
        # No caller: the analysis service asking for the rules it must evaluate (a trusted internal call).
        rules = self.svc.effective_rules(caller_var.get(), request.warehouse_id)
        return rules_pb2.RuleList(rules=[rule_msg(r) for r in rules])

    @domain_errors
    def GetRule(self, request, context):
        return rule_msg(self.svc.get_rule(_caller(), request.id))

    @domain_errors
    def CreateRule(self, request, context):
        return rule_msg(self.svc.create_rule(_caller(), parse.new_rule(request)))

    @domain_errors
    def UpdateRule(self, request, context):
        return rule_msg(self.svc.update_rule(_caller(), request.id, parse.patch(request)))

    @domain_errors
    def DeleteRule(self, request, context):
        self.svc.delete_rule(_caller(), request.id)
        return rules_pb2.DeleteRuleResponse()

    @domain_errors
    def GetRuleHistory(self, request, context):
        versions = self.svc.history(_caller(), request.id)
        return rules_pb2.RuleHistory(versions=[version_msg(v) for v in versions])

    @domain_errors
    def ListTemplates(self, request, context):
        _caller()
        return rules_pb2.ListTemplatesResponse(templates=[template_msg(t) for t in self.svc.templates()])

    @domain_errors
    def InstantiateTemplate(self, request, context):
        stored = self.svc.instantiate_template(
            _caller(),
            request.template_id,
            request.warehouse_id,
            parse.json_field(request.parameters_json, "params"),
            name=request.name,
            priority=request.priority,
        )
        return rule_msg(stored)

    @domain_errors
    def RecordPerformance(self, request, context):
        # Called by the analysis service, with or without the uploader's metadata.
        self.svc.record_performance(
            caller_var.get(), request.report_id, request.warehouse_id, parse.performance(request)
        )
        return rules_pb2.RecordPerformanceResponse()
