"""Every path and method of spec/api.md is served, under /api/v1, and documented in the OpenAPI schema."""

from __future__ import annotations

import pytest

from wie_gateway.app import create_app

# (method, path) exactly as spec/api.md lists them.
CONTRACT = [
    ("post", "/auth/register"),
    ("post", "/auth/token"),
    ("post", "/auth/refresh"),
    ("post", "/auth/logout"),
    ("get", "/auth/me"),
    ("post", "/invitations"),
    ("get", "/invitations"),
    ("delete", "/invitations/{code}"),
    ("post", "/warehouses"),
    ("get", "/warehouses"),
    ("get", "/warehouses/{warehouse_id}"),
    ("patch", "/warehouses/{warehouse_id}"),
    ("delete", "/warehouses/{warehouse_id}"),
    ("get", "/warehouses/{warehouse_id}/locations"),
    ("get", "/warehouses/{warehouse_id}/locations/{code}"),
    ("put", "/warehouses/{warehouse_id}/locations/{code}"),
    ("delete", "/warehouses/{warehouse_id}/locations/{code}"),
    ("get", "/warehouses/{warehouse_id}/access"),
    ("put", "/warehouses/{warehouse_id}/access/{username}"),
    ("delete", "/warehouses/{warehouse_id}/access/{username}"),
    ("post", "/location-formats/detect"),
    ("post", "/warehouse-templates"),
    ("get", "/warehouse-templates"),
    ("get", "/warehouse-templates/{code}"),
    ("get", "/rule-categories"),
    ("get", "/rule-types"),
    ("get", "/rules"),
    ("post", "/rules"),
    ("get", "/rules/{rule_id}"),
    ("patch", "/rules/{rule_id}"),
    ("delete", "/rules/{rule_id}"),
    ("get", "/rules/{rule_id}/history"),
    ("get", "/rule-templates"),
    ("post", "/rule-templates/{template_id}/instantiate"),
    ("post", "/warehouses/{warehouse_id}/reports"),
    ("post", "/column-mapping/suggest"),
    ("get", "/warehouses/{warehouse_id}/reports"),
    ("get", "/reports/{report_id}"),
    ("delete", "/reports/{report_id}"),
    ("get", "/reports/{report_id}/anomalies"),
    ("get", "/reports/{report_id}/export"),
    ("get", "/anomalies/{anomaly_id}"),
    ("patch", "/anomalies/{anomaly_id}"),
    ("get", "/anomalies/{anomaly_id}/history"),
    ("post", "/reports/{report_id}/anomalies/bulk-status"),
    ("get", "/warehouses/{warehouse_id}/summary"),
    ("get", "/reports/{report_id}/heatmap"),
    ("get", "/anomalies/{anomaly_id}/trail"),
    ("get", "/health"),
]


@pytest.fixture(scope="module")
def spec() -> dict:
    return create_app().openapi()


def _normalise(path: str) -> str:
    """Path parameter names are ours to choose; compare the shape only."""
    return "/".join("{}" if part.startswith("{") else part for part in path.split("/"))


@pytest.mark.parametrize(("method", "path"), CONTRACT)
def test_contract_route_is_served(spec, method, path):
    served = {_normalise(p): ops for p, ops in spec["paths"].items()}
    assert method in served.get(_normalise("/api/v1" + path), {}), (
        f"{method.upper()} /api/v1{path} is missing"
    )


def test_upload_documents_its_multipart_fields(spec):
    body = spec["paths"]["/api/v1/warehouses/{warehouse_id}/reports"]["post"]["requestBody"]
    fields = body["content"]["multipart/form-data"]["schema"]["properties"]
    assert {"file", "as_of", "column_map", "sheet", "clear_previous", "track"} <= set(fields)


def _properties(spec: dict, schema: str) -> set[str]:
    return set(spec["components"]["schemas"][schema]["properties"])


def test_across_uploads_fields_are_documented(spec):
    """api.md "Across uploads, dashboards": the field names clients and the console rely on."""
    assert {"previous_report_id", "tracked", "continuity", "warnings"} <= _properties(spec, "ReportOut")
    assert {"first_seen_at", "seen_count", "previous_id", "recurred"} <= _properties(spec, "AnomalyOut")
    assert _properties(spec, "ContinuityOut") == {"new", "carried", "recurred", "resolved"}
    assert {"latest_report", "open", "oldest_open", "trend", "resolution", "hotspots", "occupancy"} == (
        _properties(spec, "SummaryOut")
    )
    assert _properties(spec, "ResolutionOut") == {"resolved_last_30_days", "median_hours_to_resolve"}
    assert _properties(spec, "OccupancyOut") == {"by_zone", "by_aisle"}
    assert _properties(spec, "HeatmapOut") == {"cells", "areas"}
    assert {"aisle", "rack", "pallets", "capacity", "anomalies"} == _properties(spec, "HeatmapCellOut")
    assert {"report_id", "as_of", "anomaly_count", "new", "carried", "recurred", "resolved"} == (
        _properties(spec, "TrendPointOut")
    )
    params = spec["paths"]["/api/v1/reports/{report_id}/anomalies"]["get"]["parameters"]
    since = next(p for p in params if p["name"] == "since")
    assert set(since["schema"]["anyOf"][0]["enum"]) == {"new", "carried", "recurred"}
