"""Access: no access is NOT_FOUND, too little is PERMISSION_DENIED, defaults are read-only, no caller is
UNAUTHENTICATED, or NOT_FOUND where a warehouse is named (like a caller without access to it)."""

from __future__ import annotations

import json

import grpc
import pytest

from wie.rules.v1 import rules_pb2

from .conftest import (
    ADMIN_BOTH,
    ADMIN_W1,
    NOBODY,
    READ_W1,
    W1,
    W2,
    WRITE_W1,
    default_of,
    effective,
    history,
    new_rule,
    rpc_error,
)

NOT_FOUND, DENIED = grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED


@pytest.fixture
def w2_rule(stub) -> rules_pb2.Rule:
    return stub.CreateRule(new_rule(warehouse_id=W2), metadata=ADMIN_BOTH)


def test_reading_a_warehouse_needs_access_to_it(stub, w2_rule):
    assert len(effective(stub, W1, READ_W1)) == 8
    assert rpc_error(lambda: effective(stub, W2, READ_W1)).code == NOT_FOUND
    assert rpc_error(lambda: effective(stub, W1, NOBODY)).code == NOT_FOUND
    get = lambda md: stub.GetRule(rules_pb2.GetRuleRequest(id=w2_rule.id), metadata=md)  # noqa: E731
    assert get(ADMIN_BOTH).id == w2_rule.id
    err = rpc_error(lambda: get(ADMIN_W1))
    assert err.code == NOT_FOUND and err.reason == "rule_not_found"
    assert rpc_error(lambda: history(stub, w2_rule.id, ADMIN_W1)).code == NOT_FOUND


def test_defaults_are_readable_by_anyone_signed_in(stub):
    default = default_of(stub, "OVERCAPACITY")
    assert stub.GetRule(rules_pb2.GetRuleRequest(id=default.id), metadata=NOBODY).name == "Overcapacity Alert"
    assert len(history(stub, default.id, NOBODY)) == 1


@pytest.mark.parametrize(("md", "code"), [(READ_W1, DENIED), (WRITE_W1, DENIED), (NOBODY, NOT_FOUND)])
def test_creating_rules_needs_admin(stub, md, code):
    err = rpc_error(lambda: stub.CreateRule(new_rule(), metadata=md))
    assert err.code == code
    if code == DENIED:
        assert err.reason == "access_too_low" and "ADMIN" in err.detail
    template = rules_pb2.InstantiateTemplateRequest(
        template_id="stuck_in_pattern",
        warehouse_id=W1,
        parameters_json=json.dumps({"pattern": "X*", "hours": 1}),
    )
    assert rpc_error(lambda: stub.InstantiateTemplate(template, metadata=md)).code == code


def test_changing_a_warehouse_rule_needs_admin_on_its_warehouse(stub, w2_rule):
    own = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)
    update = rules_pb2.UpdateRuleRequest(id=own.id, update_mask=["priority"], priority="LOW")
    delete = rules_pb2.DeleteRuleRequest(id=own.id)
    for md, code in ((READ_W1, DENIED), (WRITE_W1, DENIED), (NOBODY, NOT_FOUND)):
        assert rpc_error(lambda md=md: stub.UpdateRule(update, metadata=md)).code == code
        assert rpc_error(lambda md=md: stub.DeleteRule(delete, metadata=md)).code == code
    foreign = rules_pb2.UpdateRuleRequest(id=w2_rule.id, update_mask=["priority"], priority="LOW")
    assert rpc_error(lambda: stub.UpdateRule(foreign, metadata=ADMIN_W1)).code == NOT_FOUND
    assert stub.UpdateRule(update, metadata=ADMIN_W1).version == 2


def test_system_defaults_are_read_only_even_for_admins(stub):
    default = default_of(stub, "OVERCAPACITY")
    update = rules_pb2.UpdateRuleRequest(id=default.id, update_mask=["priority"], priority="LOW")
    for call in (
        lambda: stub.UpdateRule(update, metadata=ADMIN_BOTH),
        lambda: stub.DeleteRule(rules_pb2.DeleteRuleRequest(id=default.id), metadata=ADMIN_BOTH),
    ):
        err = rpc_error(call)
        assert err.code == DENIED and err.reason == "system_rule_read_only"
        assert "override it per warehouse" in err.detail
    assert default_of(stub, "OVERCAPACITY").version == 1


def test_no_caller_is_unauthenticated_or_does_not_see_the_warehouse(stub):
    calls = [
        lambda: stub.ListCategories(rules_pb2.ListCategoriesRequest()),
        lambda: stub.ListRuleTypes(rules_pb2.ListRuleTypesRequest()),
        lambda: stub.ListTemplates(rules_pb2.ListTemplatesRequest()),
        lambda: stub.GetRule(rules_pb2.GetRuleRequest(id="x")),
        lambda: stub.CreateRule(new_rule()),
        lambda: stub.GetRuleHistory(rules_pb2.GetRuleHistoryRequest(id="x")),
    ]
    for call in calls:
        assert rpc_error(call).code == grpc.StatusCode.UNAUTHENTICATED
    # No call is trusted without a caller, not even another service's: it forwards its user's metadata.
    anonymous = rpc_error(lambda: stub.GetEffectiveRules(rules_pb2.GetEffectiveRulesRequest(warehouse_id=W1)))
    assert (anonymous.code, anonymous.reason) == (NOT_FOUND, "warehouse_not_found")
    perf = rules_pb2.RecordPerformanceRequest(report_id="r1", warehouse_id=W1)
    assert rpc_error(lambda: stub.RecordPerformance(perf)).code == NOT_FOUND


def test_malformed_ids_are_simply_not_found(stub):
    err = rpc_error(lambda: stub.GetRule(rules_pb2.GetRuleRequest(id="not-a-uuid"), metadata=ADMIN_BOTH))
    assert err.code == NOT_FOUND
