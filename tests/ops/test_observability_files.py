"""deploy/prometheus/alerts.yaml and deploy/grafana/*.json, checked offline: they parse, the alerts the
operations issue asks for exist (5xx rate, p95 latency, pool exhaustion, failed jobs), and every expression
names only metrics the code exports (imported here, read from the process's registry)."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parents[2]
ALERTS = ROOT / "deploy/prometheus/alerts.yaml"
DASHBOARDS = sorted((ROOT / "deploy/grafana").glob("*.json"))
METRIC = re.compile(r"\b(wie_[A-Za-z0-9_:]+)")
SUFFIXES = {
    "counter": ("_total", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("_count", "_sum", "_created"),
}


@pytest.fixture(scope="module")
def exported() -> set[str]:
    """Every series name the processes export: the modules that define metrics, then the registry."""
    # Every module that defines metrics (at import; the gateway's through its instrumentator).
    for module in ("wie_common.db_metrics", "wie_common.grpc_metrics", "wie_gateway.metrics"):
        importlib.import_module(module)
    analysis = importlib.import_module("analysis_service.metrics")

    families = list(REGISTRY.collect())
    families += analysis.JobsCollector(create_engine("postgresql+psycopg2://")).describe()
    return {f.name + suffix for f in families for suffix in SUFFIXES.get(f.type, ("",))}


def expressions() -> list[tuple[str, str]]:
    found = [
        (f"alert {rule['alert']}", rule["expr"])
        for group in yaml.safe_load(ALERTS.read_text())["groups"]
        for rule in group["rules"]
    ]
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            found += [(f"{path.name}: {panel['title']}", t["expr"]) for t in panel["targets"]]
    return found


def balanced(expr: str) -> bool:
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for char in re.sub(r'"[^"]*"', "", expr):
        if char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            return False
    return not stack


def test_every_expression_names_only_exported_metrics(exported: set[str]) -> None:
    problems = []
    for where, expr in expressions():
        names = set(METRIC.findall(expr))
        if not names:
            problems.append(f"{where}: names no wie_ metric")
        problems += [f"{where}: {name} is not exported by the code" for name in sorted(names - exported)]
        if not balanced(expr):
            problems.append(f"{where}: unbalanced brackets")
    assert problems == []


def test_the_alerts_cover_errors_latency_pool_and_failed_jobs() -> None:
    rules = [r for g in yaml.safe_load(ALERTS.read_text())["groups"] for r in g["rules"]]
    by_metric = " ".join(r["expr"] for r in rules)
    assert 'wie_gateway_http_requests_total{status=~"5.."}' in by_metric
    assert "histogram_quantile(0.95" in by_metric
    assert "wie_db_pool_checked_out / wie_db_pool_capacity" in by_metric
    assert 'wie_analysis_jobs{status="failed"}' in by_metric
    for rule in rules:
        assert rule["labels"]["severity"] in ("page", "ticket"), rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
    assert len({r["alert"] for r in rules}) == len(rules)


def test_the_dashboard_covers_every_figure_the_issue_lists() -> None:
    assert DASHBOARDS, "no dashboard under deploy/grafana"
    for path in DASHBOARDS:
        dashboard = json.loads(path.read_text())
        assert dashboard["uid"] and dashboard["title"]
        ids = [p["id"] for p in dashboard["panels"]]
        assert len(ids) == len(set(ids)), f"{path.name}: panel ids repeat"
        text = json.dumps(dashboard)
        for metric in (
            "wie_gateway_http_requests_total",
            "wie_grpc_server_handling_seconds_bucket",
            "wie_db_pool_checked_out",
            "wie_db_slow_queries_total",
            "wie_analysis_rows_total",
            "wie_analysis_anomalies_total",
            "wie_analysis_phase_seconds_bucket",
            "wie_analysis_jobs",
        ):
            assert metric in text, f"{path.name} shows no {metric}"
