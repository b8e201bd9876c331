"""deploy/compose.yaml validates against the Compose Specification schema and starts things in order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

from .manifests import DEPLOY, GRPC_SERVICES, ROOT

SCHEMA = Path(__file__).with_name("compose-spec.json")
COMPOSE = DEPLOY / "compose.yaml"


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_file_validates_against_the_compose_specification() -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(compose()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_schema_rejects_a_wrong_compose_file() -> None:
    schema = json.loads(SCHEMA.read_text())
    broken = compose()
    broken["services"]["gateway"]["depends_on"]["auth"]["condition"] = "service_ready"
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)


def test_only_the_gateway_publishes_a_port() -> None:
    services = compose()["services"]
    assert [name for name, s in services.items() if "ports" in s] == ["gateway"]
    assert services["gateway"]["ports"] == ["127.0.0.1:${WIE_PORT:-8000}:8000"]


def test_each_service_waits_for_its_one_shot_migration() -> None:
    services = compose()["services"]
    for name in GRPC_SERVICES:
        migrate, serve = services[f"{name}-migrate"], services[name]
        assert migrate["command"] == ["migrate"]
        assert migrate["restart"] == "no"
        assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
        assert serve["depends_on"] == {f"{name}-migrate": {"condition": "service_completed_successfully"}}
        assert migrate["image"] == serve["image"] and migrate["build"] == serve["build"]
        assert (ROOT / serve["build"]["dockerfile"]).is_file()
        assert serve["build"]["context"] == ".."  # the repository root, relative to deploy/
    gateway = services["gateway"]["depends_on"]
    assert gateway == {name: {"condition": "service_healthy"} for name in GRPC_SERVICES}


def test_long_running_containers_have_health_checks_and_can_scale() -> None:
    services = compose()["services"]
    for name, service in services.items():
        assert "container_name" not in service, f"{name}: a fixed name blocks --scale"
        if name.endswith("-migrate"):
            assert service["healthcheck"] == {"disable": True}
        else:
            assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name


def test_services_reach_each_other_by_name_and_only_services_get_the_database() -> None:
    services = compose()["services"]
    for name in (*GRPC_SERVICES, "gateway"):
        env = services[name]["environment"]
        for target, port in GRPC_SERVICES.items():
            assert env[f"{target.upper()}_ADDR"] == f"{target}:{port}"
        assert ("DATABASE_URL" in env) == (name != "gateway")
    assert services["gateway"]["environment"]["HTTP_HOST"] == "0.0.0.0"


def test_every_variable_has_a_default_so_a_bare_up_works() -> None:
    text = COMPOSE.read_text()
    variables = re.findall(r"\$\{([^}]*)\}", text)
    assert variables
    assert all(":-" in v for v in variables), [v for v in variables if ":-" not in v]


def test_every_process_serves_its_metrics_on_9100_inside_the_network() -> None:
    services = compose()["services"]
    for name in (*GRPC_SERVICES, "gateway"):
        env = services[name]["environment"]
        assert env["METRICS_PORT"] == "9100", name  # as in Kubernetes; not published on the host
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "${OTEL_EXPORTER_OTLP_ENDPOINT:-}", name  # empty: off
