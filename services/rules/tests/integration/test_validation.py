"""Bad input is INVALID_ARGUMENT with BadRequest field violations naming every offending field."""

from __future__ import annotations

import json

import grpc

from wie.rules.v1 import rules_pb2

from .conftest import ADMIN_BOTH, fields, new_rule, rpc_error


def _create_error(stub, **kw):
    return rpc_error(lambda: stub.CreateRule(new_rule(**kw), metadata=ADMIN_BOTH))


def test_unknown_and_bad_condition_keys_are_named(stub):
    err = _create_error(stub, conditions_json=json.dumps({"time_threshold_hours": -1, "colour": "red"}))
    assert err.code == grpc.StatusCode.INVALID_ARGUMENT
    assert err.reason == "conditions_invalid"
    assert fields(err) == {"conditions.time_threshold_hours", "conditions.colour"}


def test_priority_spellings_are_exact(stub):
    for spelling in ("high", "URGENT", "Very High", ""):
        err = _create_error(stub, priority=spelling)
        assert err.code == grpc.StatusCode.INVALID_ARGUMENT and fields(err) == {"priority"}, spelling


def test_every_bad_field_is_reported_at_once(stub):
    err = _create_error(
        stub, name="", rule_type="TELEPORTED_PALLETS", precedence=9, category="KITCHEN", conditions_json="[1]"
    )
    assert fields(err) >= {"name", "rule_type", "precedence", "category"}


def test_conditions_must_be_json_and_an_object(stub):
    assert fields(_create_error(stub, conditions_json="{not json")) == {"conditions"}
    assert fields(_create_error(stub, conditions_json="[1, 2]")) == {"conditions"}


def test_missing_warehouse_is_named(stub):
    assert fields(_create_error(stub, warehouse_id="  ")) == {"warehouse_id"}


def test_updates_are_validated_the_same_way(stub):
    rule = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)

    def update(mask, **values):
        req = rules_pb2.UpdateRuleRequest(id=rule.id, update_mask=mask, **values)
        return rpc_error(lambda: stub.UpdateRule(req, metadata=ADMIN_BOTH))

    bad_conditions = update(["conditions"], conditions_json=json.dumps({"location_pattern": ""}))
    assert fields(bad_conditions) == {"conditions.location_pattern"}
    assert fields(update(["priority"], priority="low")) == {"priority"}
    assert fields(update(["precedence"], precedence=0)) == {"precedence"}
    unknown = update(["rule_type", "warehouse_id"])
    assert unknown.code == grpc.StatusCode.INVALID_ARGUMENT and fields(unknown) == {
        "rule_type",
        "warehouse_id",
    }
    # Nothing above was stored.
    assert stub.GetRule(rules_pb2.GetRuleRequest(id=rule.id), metadata=ADMIN_BOTH).version == 1
