"""Overrides: a warehouse replaces a default for itself only; one live override per default."""

from __future__ import annotations

import json

import grpc

from wie.rules.v1 import rules_pb2

from .conftest import ADMIN_BOTH, W1, W2, default_of, effective, fields, new_rule, rpc_error


def _override(stub, default: rules_pb2.Rule, **kw) -> rules_pb2.Rule:
    req = new_rule(
        name="Receiving over 2h",
        rule_type=default.rule_type,
        priority="VERY_HIGH",
        conditions_json=json.dumps({"time_threshold_hours": 2}),
        overrides_rule_id=default.id,
        **kw,
    )
    return stub.CreateRule(req, metadata=ADMIN_BOTH)


def test_an_override_changes_its_warehouse_and_not_another(stub):
    default = default_of(stub, "STAGNANT_PALLETS")
    override = _override(stub, default)
    assert (override.warehouse_id, override.overrides_rule_id, override.is_system) == (W1, default.id, False)
    # Omitted category and precedence come from the overridden default; omitted conditions from the type.
    assert (override.category, override.precedence) == (default.category, default.precedence)
    assert json.loads(override.conditions_json) == {
        "location_types": ["RECEIVING"],
        "time_threshold_hours": 2,
    }

    w1 = {r.id: r for r in effective(stub, W1, ADMIN_BOTH)}
    w2 = {r.id: r for r in effective(stub, W2, ADMIN_BOTH)}
    assert len(w1) == len(w2) == 8
    assert override.id in w1 and default.id not in w1
    assert default.id in w2 and override.id not in w2
    assert w2[default.id].priority == "HIGH"


def test_own_rules_join_only_their_warehouse(stub):
    own = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)
    assert own.id in {r.id for r in effective(stub, W1, ADMIN_BOTH)}
    assert own.id not in {r.id for r in effective(stub, W2, ADMIN_BOTH)}
    assert len(effective(stub, W1, ADMIN_BOTH)) == 9


def test_an_inactive_override_switches_the_default_off_for_that_warehouse(stub):
    default = default_of(stub, "STAGNANT_PALLETS")
    off = _override(stub, default, is_active=False)
    w1 = {r.id: r for r in effective(stub, W1, ADMIN_BOTH)}
    assert w1[off.id].is_active is False and default.id not in w1


def test_a_second_live_override_is_a_conflict(stub):
    default = default_of(stub, "STAGNANT_PALLETS")
    first = _override(stub, default)
    err = rpc_error(lambda: _override(stub, default))
    assert err.code == grpc.StatusCode.ALREADY_EXISTS
    assert fields(err) == {"overrides_rule_id"}
    assert first.id in err.detail
    # The other warehouse may still override the same default.
    assert _override(stub, default, warehouse_id=W2).warehouse_id == W2


def test_deleting_the_override_brings_the_default_back_and_frees_the_slot(stub):
    default = default_of(stub, "STAGNANT_PALLETS")
    override = _override(stub, default)
    stub.DeleteRule(rules_pb2.DeleteRuleRequest(id=override.id), metadata=ADMIN_BOTH)
    ids = {r.id for r in effective(stub, W1, ADMIN_BOTH)}
    assert default.id in ids and override.id not in ids
    again = _override(stub, default)
    assert again.id != override.id


def test_an_override_keeps_the_type_and_targets_only_defaults(stub):
    default = default_of(stub, "STAGNANT_PALLETS")
    wrong_type = rpc_error(
        lambda: stub.CreateRule(
            new_rule(overrides_rule_id=default.id, rule_type="OVERCAPACITY", conditions_json="{}"),
            metadata=ADMIN_BOTH,
        )
    )
    assert wrong_type.code == grpc.StatusCode.INVALID_ARGUMENT and fields(wrong_type) == {"rule_type"}

    own = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)
    of_own = rpc_error(lambda: stub.CreateRule(new_rule(overrides_rule_id=own.id), metadata=ADMIN_BOTH))
    assert of_own.code == grpc.StatusCode.INVALID_ARGUMENT and fields(of_own) == {"overrides_rule_id"}

    missing = rpc_error(lambda: stub.CreateRule(new_rule(overrides_rule_id="nope"), metadata=ADMIN_BOTH))
    assert missing.code == grpc.StatusCode.INVALID_ARGUMENT and fields(missing) == {"overrides_rule_id"}


def test_an_override_may_leave_out_its_type(stub):
    default = default_of(stub, "OVERCAPACITY")
    req = new_rule(rule_type="", conditions_json="", overrides_rule_id=default.id, name="Overcapacity (W1)")
    override = stub.CreateRule(req, metadata=ADMIN_BOTH)
    assert override.rule_type == "OVERCAPACITY"
