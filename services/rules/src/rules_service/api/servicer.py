"""gRPC servicer of the rules service: messages ⇄ use-case calls, nothing else."""

from __future__ import annotations

import grpc

from rules_service.api import parse
from rules_service.api.convert import category_msg, rule_msg, rule_type_msg, template_msg, version_msg
from rules_service.domain.service import RulesService
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.access import require_caller
from wie_common.context import caller_var


class RulesServicer(rules_pb2_grpc.RulesServiceServicer):
    def __init__(self, service: RulesService) -> None:
        self.svc = service

    def ListCategories(self, request, context: grpc.ServicerContext):
        require_caller()
        return rules_pb2.ListCategoriesResponse(categories=[category_msg(c) for c in self.svc.categories()])

    def ListRuleTypes(self, request, context):
        caller = require_caller()
        # With a warehouse: its own location types join the allowed values (READ access needed).
        custom = self.svc.custom_types_of(caller, request.warehouse_id) if request.warehouse_id else ()
        return rules_pb2.ListRuleTypesResponse(
            rule_types=[rule_type_msg(t, custom) for t in self.svc.rule_types()]
        )

    def GetEffectiveRules(self, request, context):
        # Warehouse-scoped: a call without a caller is NOT_FOUND like one without access (the analysis
        # service forwards its uploader's metadata).
        rules = self.svc.effective_rules(caller_var.get(), request.warehouse_id)
        return rules_pb2.RuleList(rules=[rule_msg(r) for r in rules])

    def GetRule(self, request, context):
        return rule_msg(self.svc.get_rule(require_caller(), request.id))

    def CreateRule(self, request, context):
        return rule_msg(self.svc.create_rule(require_caller(), parse.new_rule(request)))

    def UpdateRule(self, request, context):
        return rule_msg(self.svc.update_rule(require_caller(), request.id, parse.patch(request)))

    def DeleteRule(self, request, context):
        self.svc.delete_rule(require_caller(), request.id)
        return rules_pb2.DeleteRuleResponse()

    def GetRuleHistory(self, request, context):
        versions = self.svc.history(require_caller(), request.id)
        return rules_pb2.RuleHistory(versions=[version_msg(v) for v in versions])

    def ListTemplates(self, request, context):
        require_caller()
        return rules_pb2.ListTemplatesResponse(templates=[template_msg(t) for t in self.svc.templates()])

    def InstantiateTemplate(self, request, context):
        stored = self.svc.instantiate_template(
            require_caller(),
            request.template_id,
            request.warehouse_id,
            parse.json_field(request.parameters_json, "params"),
            name=request.name,
            priority=request.priority,
        )
        return rule_msg(stored)

    def RecordPerformance(self, request, context):
        # Called by the analysis service on behalf of the uploader, whose metadata it forwards.
        self.svc.record_performance(
            caller_var.get(), request.report_id, request.warehouse_id, parse.performance(request)
        )
        return rules_pb2.RecordPerformanceResponse()
