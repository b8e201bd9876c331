"""Integration fixtures: the rules service on a fresh migrated + seeded PostgreSQL database per test, called
in-process (use cases) or through a real gRPC server with the production interceptor (RPC round trips)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Sequence

import grpc
import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from rules_service.api.servicer import RulesServicer
from rules_service.db.repository import SqlRulesRepository
from rules_service.domain.service import RulesService
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.db import make_session_factory, unit_of_work
from wie_common.grpc_errors import RemoteError, from_rpc_error
from wie_common.testing.grpc import as_caller, grpc_server

W1 = str(uuid.uuid4())
W2 = str(uuid.uuid4())

Metadata = Sequence[tuple[str, str]]


def caller_md(name: str, warehouses: dict[str, str] | None = None) -> Metadata:
    """Metadata of a signed-in user; the user id is derived from the name so that it is stable."""
    return as_caller(str(uuid.uuid5(uuid.NAMESPACE_DNS, name)), username=name, warehouses=warehouses)


ADMIN_BOTH = caller_md("alice", {W1: "ADMIN", W2: "ADMIN"})
ADMIN_W1 = caller_md("ann", {W1: "ADMIN"})
READ_W1 = caller_md("rita", {W1: "READ"})
WRITE_W1 = caller_md("walt", {W1: "WRITE"})
NOBODY = caller_md("nora", {})


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url, poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def service(engine: Engine) -> RulesService:
    return RulesService(unit_of_work(make_session_factory(engine), SqlRulesRepository))


@pytest.fixture
def stub(service: RulesService) -> Iterator[rules_pb2_grpc.RulesServiceStub]:
    servicer = RulesServicer(service)
    with grpc_server(
        lambda server: rules_pb2_grpc.add_RulesServiceServicer_to_server(servicer, server)
    ) as ch:
        yield rules_pb2_grpc.RulesServiceStub(ch)


def rpc_error(call: Callable[[], object]) -> RemoteError:
    """Run a call expected to fail; return what a client learns (code, reason, field errors)."""
    with pytest.raises(grpc.RpcError) as info:
        call()
    return from_rpc_error(info.value)


def fields(err: RemoteError) -> set[str]:
    return {e.field for e in err.errors}


def new_rule(**fields: object) -> rules_pb2.CreateRuleRequest:
    """A valid own rule of W1 unless fields say otherwise."""
    values: dict[str, object] = {
        "warehouse_id": W1,
        "name": "Dock stragglers",
        "rule_type": "LOCATION_SPECIFIC_STAGNANT",
        "priority": "MEDIUM",
        "conditions_json": json.dumps({"location_pattern": "DOCK*", "time_threshold_hours": 2}),
    }
    values.update(fields)
    return rules_pb2.CreateRuleRequest(**values)


def effective(stub: rules_pb2_grpc.RulesServiceStub, warehouse_id: str, md: Metadata) -> list[rules_pb2.Rule]:
    reply = stub.GetEffectiveRules(rules_pb2.GetEffectiveRulesRequest(warehouse_id=warehouse_id), metadata=md)
    return list(reply.rules)


def default_of(stub: rules_pb2_grpc.RulesServiceStub, rule_type: str) -> rules_pb2.Rule:
    return next(r for r in effective(stub, W1, ADMIN_BOTH) if r.rule_type == rule_type and r.is_system)


def history(stub: rules_pb2_grpc.RulesServiceStub, rule_id: str, md: Metadata) -> list[rules_pb2.RuleVersion]:
    return list(stub.GetRuleHistory(rules_pb2.GetRuleHistoryRequest(id=rule_id), metadata=md).versions)
