"""The gateway serves the built console at / (SPA fallback, cache headers) and /docs, /redoc offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wie_gateway.app import create_app

INDEX = (
    '<!doctype html><html lang="en"><head><title>WIE</title></head><body><div id="root"></div></body></html>'
)


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path / "assets/index-AbC123.js").write_text("console.log(1)")
    for vendored in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/redoc/redoc.standalone.js"):
        (tmp_path / vendored).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / vendored).write_text("/* bundle */")
    (tmp_path.parent / "secret.txt").write_text("outside")
    monkeypatch.setenv("CONSOLE_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app())  # no lifespan: these routes need no backend


@pytest.mark.parametrize("path", ["/", "/sign-in", "/w/7/reports/12", "/warehouses/new"])
def test_client_routes_get_the_app_shell_uncached(built: Path, client: TestClient, path: str) -> None:
    reply = client.get(path)
    assert reply.status_code == 200
    assert reply.text == INDEX
    assert reply.headers["content-type"].startswith("text/html")
    assert reply.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_for_a_year(built: Path, client: TestClient) -> None:
    reply = client.get("/assets/index-AbC123.js")
    assert reply.status_code == 200
    assert reply.text == "console.log(1)"
    assert reply.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/favicon.svg").headers["cache-control"] == "no-cache"


def test_a_missing_asset_is_404_not_the_shell(built: Path, client: TestClient) -> None:
    assert client.get("/assets/index-gone.js").status_code == 404
    assert client.get("/vendor/swagger-ui/gone.js").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api", "/metricsx/../api/v1/x", "/openapi.json/x"])
def test_api_paths_never_fall_back_to_the_shell(built: Path, client: TestClient, path: str) -> None:
    reply = client.get(path)
    assert reply.status_code == 404
    assert reply.headers["content-type"].startswith("application/problem+json")


def test_a_wrong_method_on_an_api_route_stays_405(built: Path, client: TestClient) -> None:
    assert client.put("/api/v1/auth/me").status_code == 405
    assert client.post("/api/v1/nothing-here").status_code == 404


def test_no_file_outside_the_build_is_served(built: Path, client: TestClient) -> None:
    reply = client.get("/%2e%2e/secret.txt")
    assert "outside" not in reply.text


def test_operations_endpoints_are_not_shadowed(built: Path, client: TestClient) -> None:
    assert client.get("/metrics").text.startswith("# HELP")
    assert client.get("/openapi.json").json()["info"]["title"] == "Warehouse Intelligence Engine"


@pytest.mark.parametrize(
    ("path", "bundle"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")]
)
def test_docs_load_only_local_assets(built: Path, client: TestClient, path: str, bundle: str) -> None:
    reply = client.get(path)
    assert reply.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', reply.text)
    assert any(s.endswith(bundle) for s in sources)
    assert all(s.startswith("/") for s in sources), sources
    assert "fonts.googleapis" not in reply.text and "cdn" not in reply.text.lower()
    if path == "/docs":
        assert '"validatorUrl": null' in reply.text  # the validator badge would send the document away


def test_without_a_build_the_page_says_how_to_build_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client: TestClient
) -> None:
    monkeypatch.setenv("CONSOLE_DIR", str(tmp_path / "empty"))
    for path in ("/", "/docs"):
        reply = client.get(path)
        assert reply.status_code == 503
        assert "make console" in reply.text
