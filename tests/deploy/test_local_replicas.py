"""`make run` with <SERVICE>_REPLICAS: a port per replica, callers handed a round_robin multi-address."""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType

import pytest

from wie_common.grpc_client import normalise_target, service_config
from wie_common.settings import DEFAULT_PORTS

from .manifests import DEPLOY, GRPC_SERVICES


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wie_run_stack", DEPLOY / "local" / "run_stack.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in GRPC_SERVICES:
        monkeypatch.delenv(f"{name.upper()}_REPLICAS", raising=False)
    monkeypatch.delenv("WIE_FREE_PORTS", raising=False)


def test_one_process_per_service_on_the_default_ports(runner: ModuleType) -> None:
    assert runner.plan_ports() == {name: [port] for name, port in DEFAULT_PORTS.items()}


def test_replicas_get_distinct_ports_and_callers_get_them_all(
    runner: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANALYSIS_REPLICAS", "2")
    monkeypatch.setenv("RULES_REPLICAS", "3")
    ports = runner.plan_ports()
    assert ports["analysis"] == [50054, 50154]
    assert ports["rules"] == [50052, 50152, 50252]
    assert ports["auth"] == [50051]
    every = [p for replicas in ports.values() for p in replicas]
    assert len(every) == len(set(every))
    targets = runner.caller_targets(ports)
    assert targets["ANALYSIS_ADDR"] == "127.0.0.1:50054,127.0.0.1:50154"
    assert normalise_target(targets["ANALYSIS_ADDR"]) == "ipv4:127.0.0.1:50054,127.0.0.1:50154"
    assert normalise_target(targets["AUTH_ADDR"]) == "dns:///127.0.0.1:50051"
    config = json.loads(service_config("wie.analysis.v1.AnalysisService", []))
    assert config["loadBalancingConfig"] == [{"round_robin": {}}]


def test_free_ports_mode_keeps_replicas_apart(runner: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIE_FREE_PORTS", "1")
    for name in GRPC_SERVICES:
        monkeypatch.setenv(f"{name.upper()}_REPLICAS", "2")
    every = [p for replicas in runner.plan_ports().values() for p in replicas]
    assert len(every) == 8 and len(set(every)) == 8


@pytest.mark.parametrize("value", ["0", "-1", "two", "21"])
def test_a_bad_replica_count_is_refused(
    runner: ModuleType, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("ANALYSIS_REPLICAS", value)
    with pytest.raises(RuntimeError, match="ANALYSIS_REPLICAS"):
        runner.replica_counts()
