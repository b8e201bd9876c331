"""The servicer called in-process with a caller in the context, and concurrent writers on the database."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest

from rules_service.api.servicer import RulesServicer
from rules_service.domain.service import RulesService
from wie_common.context import Caller, caller_var
from wie_common.errors import InvalidArgument, PermissionDenied, Unauthenticated
from wie_common.grpc_errors import from_rpc_error

from .conftest import ADMIN_BOTH, W1, default_of, effective, new_rule


@pytest.fixture
def as_reader():
    token = caller_var.set(Caller("u-reader", "rita", "member", {W1: "READ"}))
    yield
    caller_var.reset(token)


def test_domain_errors_leave_the_servicer_as_platform_errors(service: RulesService, as_reader):
    servicer = RulesServicer(service)
    with pytest.raises(PermissionDenied) as denied:
        servicer.CreateRule(new_rule(), None)
    assert denied.value.reason == "access_too_low"
    with pytest.raises(InvalidArgument) as invalid:
        servicer.GetEffectiveRules(type("Req", (), {"warehouse_id": ""})(), None)
    assert [e.field for e in invalid.value.errors] == ["warehouse_id"]
    caller_var.set(None)
    with pytest.raises(Unauthenticated):
        servicer.CreateRule(new_rule(), None)


@pytest.mark.parametrize("rule_type", ["STAGNANT_PALLETS", "OVERCAPACITY", "DATA_INTEGRITY"])
def test_racing_overrides_leave_exactly_one(stub, rule_type: str):
    # Several writers pass the pre-check together; the live-override index decides, and the losers get a
    # proper ALREADY_EXISTS naming the winner (never an internal error).
    default = default_of(stub, rule_type)
    req = new_rule(
        rule_type=rule_type, conditions_json=json.dumps({}), overrides_rule_id=default.id, name="Mine"
    )

    def attempt(_: int) -> tuple[str, str]:
        try:
            rule = stub.CreateRule(req, metadata=ADMIN_BOTH)
        except grpc.RpcError as exc:
            err = from_rpc_error(exc)
            return err.code.name, err.detail
        return "OK", rule.id

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(attempt, range(8)))
    [winner] = [rule_id for code, rule_id in outcomes if code == "OK"]
    losers = [detail for code, detail in outcomes if code != "OK"]
    assert {code for code, _ in outcomes} == {"OK", "ALREADY_EXISTS"}
    assert all(winner in detail for detail in losers)
    assert sum(1 for r in effective(stub, W1, ADMIN_BOTH) if r.overrides_rule_id == default.id) == 1
