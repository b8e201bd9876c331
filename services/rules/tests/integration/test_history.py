"""Every change is a new version in the history, with who, when and what; history survives deletion."""

from __future__ import annotations

import json

import grpc

from wie.rules.v1 import rules_pb2

from .conftest import ADMIN_BOTH, ADMIN_W1, history, new_rule, rpc_error


def _update(stub, rule_id: str, md=ADMIN_BOTH, **values) -> rules_pb2.Rule:
    mask = list(values)
    if "conditions" in values:
        values["conditions_json"] = json.dumps(values.pop("conditions"))
    return stub.UpdateRule(rules_pb2.UpdateRuleRequest(id=rule_id, update_mask=mask, **values), metadata=md)


def test_create_update_delete_each_add_a_version(stub):
    rule = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)
    assert rule.version == 1

    lowered = _update(stub, rule.id, priority="LOW")
    assert (lowered.version, lowered.priority) == (2, "LOW")
    assert lowered.updated_at.ToDatetime() >= rule.updated_at.ToDatetime()
    tightened = _update(stub, rule.id, md=ADMIN_W1, conditions={"location_pattern": "dock*"})
    assert tightened.version == 3
    # Conditions are replaced as a whole; missing keys take the type's defaults, globs are upper-cased.
    assert json.loads(tightened.conditions_json) == {"location_pattern": "DOCK*", "time_threshold_hours": 4}

    stub.DeleteRule(rules_pb2.DeleteRuleRequest(id=rule.id), metadata=ADMIN_BOTH)

    versions = history(stub, rule.id, ADMIN_BOTH)
    assert [(v.version, v.change_type) for v in versions] == [
        (1, "CREATED"),
        (2, "UPDATED"),
        (3, "UPDATED"),
        (4, "DELETED"),
    ]
    assert [v.changed_by_name for v in versions] == ["alice", "alice", "ann", "alice"]
    assert all(v.changed_by and v.HasField("changed_at") for v in versions)
    assert json.loads(versions[1].changes_json) == {"priority": {"old": "MEDIUM", "new": "LOW"}}
    assert json.loads(versions[2].changes_json) == {
        "conditions": {
            "old": {"location_pattern": "DOCK*", "time_threshold_hours": 2},
            "new": {"location_pattern": "DOCK*", "time_threshold_hours": 4},
        }
    }
    assert json.loads(versions[2].snapshot_json)["version"] == 3
    assert json.loads(versions[0].changes_json)["name"] == {"old": None, "new": "Dock stragglers"}


def test_a_change_that_changes_nothing_adds_no_version(stub):
    rule = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)
    same = _update(stub, rule.id, priority="MEDIUM", name="Dock stragglers")
    empty = _update(stub, rule.id)
    assert same.version == empty.version == 1
    assert len(history(stub, rule.id, ADMIN_BOTH)) == 1


def test_a_deleted_rule_is_gone_but_its_history_stays(stub):
    rule = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)
    stub.DeleteRule(rules_pb2.DeleteRuleRequest(id=rule.id), metadata=ADMIN_BOTH)
    for call in (
        lambda: stub.GetRule(rules_pb2.GetRuleRequest(id=rule.id), metadata=ADMIN_BOTH),
        lambda: _update(stub, rule.id, priority="LOW"),
        lambda: stub.DeleteRule(rules_pb2.DeleteRuleRequest(id=rule.id), metadata=ADMIN_BOTH),
    ):
        assert rpc_error(call).code == grpc.StatusCode.NOT_FOUND
    assert [v.change_type for v in history(stub, rule.id, ADMIN_BOTH)] == ["CREATED", "DELETED"]


def test_is_active_and_precedence_are_versioned_too(stub):
    rule = stub.CreateRule(new_rule(), metadata=ADMIN_BOTH)
    off = _update(stub, rule.id, is_active=False, precedence=1)
    assert (off.is_active, off.precedence, off.version) == (False, 1, 2)
    changes = json.loads(history(stub, rule.id, ADMIN_BOTH)[1].changes_json)
    assert changes == {"is_active": {"old": True, "new": False}, "precedence": {"old": 3, "new": 1}}
