"""Deployments, Services, HPAs, migration Jobs, config and Secrets, as the deployment design asks for them."""

from __future__ import annotations

import json
import re

from wie_common.grpc_client import normalise_target, service_config
from wie_common.grpc_server import LIVENESS

from .manifests import GRPC_SERVICES, ROOT, WORKLOADS, Manifest, Rendered, containers, effective_env

UID = 10001
SERVICE_STOP_GRACE_DEFAULT_S = 10.0  # ServiceSettings.grpc_stop_grace_s


def quantity(value: str | int | float) -> float:
    """Kubernetes quantity → float (cores or bytes)."""
    text = str(value)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 1e3, "M": 1e6, "G": 1e9}
    for suffix, factor in sorted(units.items(), key=lambda kv: -len(kv[0])):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)


def gateway_stop_grace_s() -> float:
    source = (ROOT / "gateway/src/wie_gateway/__main__.py").read_text()
    found = re.search(r"timeout_graceful_shutdown=(\d+(?:\.\d+)?)", source)
    assert found, "the gateway's graceful-shutdown timeout moved: update this test"
    return float(found.group(1))


def pod_labels(rendered: Rendered, kind: str, name: str) -> dict[str, str]:
    return rendered.get(kind, name)["spec"]["template"]["metadata"]["labels"]


def matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def check_pod_security(owner: Manifest, template: Manifest) -> None:
    where = f"{owner['kind']}/{owner['metadata']['name']}"
    spec = template["spec"]
    pod = spec["securityContext"]
    assert pod["runAsNonRoot"] is True, where
    assert pod["runAsUser"] == UID and pod["runAsGroup"] == UID, where
    assert pod["seccompProfile"]["type"] == "RuntimeDefault", where
    assert spec["automountServiceAccountToken"] is False, where
    for container in containers(template):
        ctx = container["securityContext"]
        assert ctx["runAsNonRoot"] is True, where
        assert ctx["readOnlyRootFilesystem"] is True, where
        assert ctx["allowPrivilegeEscalation"] is False, where
        assert ctx["capabilities"]["drop"] == ["ALL"], where
        mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
        assert "/tmp" in mounts, f"{where}: a read-only root needs a writable /tmp"


def check_resources(owner: Manifest, template: Manifest) -> None:
    for container in containers(template):
        resources = container["resources"]
        for key in ("cpu", "memory"):
            request, limit = resources["requests"][key], resources["limits"][key]
            assert quantity(request) <= quantity(limit), (
                f"{owner['metadata']['name']}: {key} {request} > {limit}"
            )


def test_each_workload_has_a_deployment_with_probes_resources_and_security(rendered: Rendered) -> None:
    assert {d["metadata"]["name"] for d in rendered.of_kind("Deployment")} == set(WORKLOADS)
    for deployment in rendered.of_kind("Deployment"):
        name = deployment["metadata"]["name"]
        template = deployment["spec"]["template"]
        assert "replicas" not in deployment["spec"], f"{name}: the HPA owns the replica count"
        assert matches(deployment["spec"]["selector"]["matchLabels"], template["metadata"]["labels"])
        check_pod_security(deployment, template)
        check_resources(deployment, template)
        (container,) = template["spec"]["containers"]
        probes = [container[p] for p in ("startupProbe", "readinessProbe", "livenessProbe")]
        if name == "gateway":
            assert [p["httpGet"]["path"] for p in probes] == ["/healthz", "/readyz", "/healthz"]
            assert {p["httpGet"]["port"] for p in probes} == {"http"}
            assert container["ports"] == [
                {"name": "http", "containerPort": 8000, "protocol": "TCP"},
                {"name": "metrics", "containerPort": 9100, "protocol": "TCP"},  # Prometheus, METRICS_PORT
            ]
            assert effective_env(rendered, container, "METRICS_PORT") == "9100"
            assert effective_env(rendered, container, "HTTP_HOST") == "0.0.0.0"
        else:
            port = GRPC_SERVICES[name]
            # startup and readiness follow the database (""); liveness asks only "is the process serving".
            assert [p["grpc"] for p in probes] == [
                {"port": port},
                {"port": port},
                {"port": port, "service": LIVENESS},
            ], f"{name}: native gRPC probes"
            assert container["ports"] == [
                {"name": "grpc", "containerPort": port, "protocol": "TCP"},
                {"name": "metrics", "containerPort": 9100, "protocol": "TCP"},  # Prometheus, METRICS_PORT
            ]
            assert effective_env(rendered, container, "GRPC_HOST") == "0.0.0.0"
            assert effective_env(rendered, container, "GRPC_PORT") == str(port)
            assert container["args"] == ["serve"]


def test_termination_grace_outlasts_the_servers_own_stop_grace(rendered: Rendered) -> None:
    for deployment in rendered.of_kind("Deployment"):
        name = deployment["metadata"]["name"]
        spec = deployment["spec"]["template"]["spec"]
        if name == "gateway":
            stop_grace = gateway_stop_grace_s()
        else:
            value = effective_env(rendered, spec["containers"][0], "GRPC_STOP_GRACE_S")
            stop_grace = float(value) if value is not None else SERVICE_STOP_GRACE_DEFAULT_S
        assert spec["terminationGracePeriodSeconds"] > stop_grace, name


def test_each_deployment_has_an_autoscaler_and_analysis_the_widest_range(rendered: Rendered) -> None:
    ranges = {}
    for hpa in rendered.of_kind("HorizontalPodAutoscaler"):
        assert hpa["apiVersion"] == "autoscaling/v2"
        target = hpa["spec"]["scaleTargetRef"]
        assert (target["apiVersion"], target["kind"]) == ("apps/v1", "Deployment")
        assert rendered.has("Deployment", target["name"])
        assert hpa["spec"]["metrics"], target["name"]
        ranges[target["name"]] = (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"])
    assert set(ranges) == set(WORKLOADS)
    for name, (low, high) in ranges.items():
        assert 1 <= low < high, name
    widest = max(high - low for low, high in ranges.values())
    analysis_low, analysis_high = ranges.pop("analysis")
    assert analysis_high - analysis_low == widest
    assert all(analysis_high > high for _, high in ranges.values())


def test_each_grpc_service_has_a_service_and_a_headless_service(rendered: Rendered) -> None:
    for name, port in GRPC_SERVICES.items():
        deployment = rendered.get("Deployment", name)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        plain, headless = rendered.get("Service", name), rendered.get("Service", f"{name}-headless")
        assert plain["spec"].get("clusterIP") != "None"
        assert headless["spec"]["clusterIP"] == "None"
        grpc_port = {
            "name": "grpc",
            "port": port,
            "targetPort": "grpc",
            "protocol": "TCP",
            "appProtocol": "grpc",
        }
        metrics_port = {
            "name": "metrics",
            "port": 9100,
            "targetPort": "metrics",
            "protocol": "TCP",
            "appProtocol": "http",
        }
        assert plain["spec"]["ports"] == [
            grpc_port,
            metrics_port,
        ]  # the headless one is for gRPC clients only
        assert headless["spec"]["ports"] == [grpc_port]
        for service in (plain, headless):
            selector = service["spec"]["selector"]
            assert matches(selector, labels), f"{service['metadata']['name']} selects no {name} pod"
            strays = [
                f"{owner['kind']}/{owner['metadata']['name']}"
                for owner, template in rendered.pod_templates()
                if owner is not deployment and matches(selector, template["metadata"]["labels"])
            ]
            assert not strays, f"{service['metadata']['name']} also selects the pods of {strays}"


def test_callers_dial_the_headless_services_round_robin(rendered: Rendered) -> None:
    for name, port in GRPC_SERVICES.items():
        target = rendered.config_value("wie-config", f"{name.upper()}_ADDR")
        assert target == f"dns:///{name}-headless:{port}"
        assert normalise_target(target) == target  # handed to gRPC's DNS resolver as it is
    assert json.loads(service_config("wie.x.v1.X", []))["loadBalancingConfig"] == [{"round_robin": {}}]
    for deployment in rendered.of_kind("Deployment"):
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert {"configMapRef": {"name": "wie-config"}} in container["envFrom"]
    gateway = rendered.get("Service", "gateway")
    assert gateway["spec"]["ports"][0]["targetPort"] == "http"


def test_each_service_has_a_migration_job_on_the_same_image(rendered: Rendered) -> None:
    assert {j["metadata"]["name"] for j in rendered.of_kind("Job")} == {f"{n}-migrate" for n in GRPC_SERVICES}
    for name in GRPC_SERVICES:
        job = rendered.get("Job", f"{name}-migrate")
        template = job["spec"]["template"]
        (container,) = template["spec"]["containers"]
        (serving,) = rendered.get("Deployment", name)["spec"]["template"]["spec"]["containers"]
        assert container["image"] == serving["image"], f"{name}: migrations must match the code they serve"
        assert container["args"] == ["migrate"]
        assert template["spec"]["restartPolicy"] in ("Never", "OnFailure")
        assert job["spec"]["backoffLimit"] >= 1
        database = [e for e in container["env"] if e["name"] == "DATABASE_URL"]
        assert database == [e for e in serving["env"] if e["name"] == "DATABASE_URL"]
        check_pod_security(job, template)
        check_resources(job, template)


def test_images_are_pinned(rendered: Rendered) -> None:
    for owner, template in rendered.pod_templates():
        for container in containers(template):
            image = container["image"]
            assert re.fullmatch(r"[\w./-]+:[\w.-]+", image), (
                f"{owner['metadata']['name']}: {image} has no tag"
            )
            assert not image.endswith(":latest")


def references(rendered: Rendered) -> tuple[set[tuple[str, str, bool]], set[tuple[str, str, bool]]]:
    """(name, key or '*', optional) of every ConfigMap and Secret the pods read."""
    configmaps, secrets = set(), set()
    for _, template in rendered.pod_templates():
        for container in containers(template):
            for source in container.get("envFrom", []):
                for field, bucket in (("configMapRef", configmaps), ("secretRef", secrets)):
                    if field in source:
                        bucket.add((source[field]["name"], "*", source[field].get("optional", False)))
            for item in container.get("env", []):
                ref = item.get("valueFrom", {})
                for field, bucket in (("configMapKeyRef", configmaps), ("secretKeyRef", secrets)):
                    if field in ref:
                        bucket.add((ref[field]["name"], ref[field]["key"], ref[field].get("optional", False)))
    return configmaps, secrets


# The Secrets the README tells an operator to create (prod) and the dev overlay ships with throwaway values.
EXPECTED_SECRETS = {
    ("wie-database", "DATABASE_URL", False),
    ("wie-auth", "JWT_PRIVATE_KEY_PEM", False),
    ("wie-auth", "BOOTSTRAP_INVITATION_CODE", False),
    ("wie-internal-token", "GATEWAY_PRIVATE_KEY_PEM", False),
    ("wie-internal-token", "ANALYSIS_PRIVATE_KEY_PEM", False),
    ("wie-internal-token", "PUBLIC_KEYS_PEM", False),
}


def secret_keys(secret: Manifest) -> set[str]:
    return set(secret.get("data", {})) | set(secret.get("stringData", {}))


def test_config_and_secret_references_resolve(rendered: Rendered) -> None:
    configmaps, secrets = references(rendered)
    for name, key, _ in configmaps:
        assert key == "*" or rendered.config_value(name, key) is not None, f"ConfigMap {name}: {key}"
    app_secrets = {ref for ref in secrets if ref[0] != "postgresql"}
    assert app_secrets == EXPECTED_SECRETS
    if rendered.name == "dev":
        for name, key, optional in secrets:
            if not optional:
                assert key in secret_keys(rendered.get("Secret", name)), f"Secret {name}: {key}"
    else:
        assert not rendered.of_kind("Secret"), "no credentials in the base or prod manifests"
    readme = (ROOT / "README.md").read_text()
    for name, key, _ in EXPECTED_SECRETS:
        assert name in readme and key in readme, f"README must tell how to create {name}/{key}"


def test_dev_postgres_can_take_every_connection_the_autoscaled_services_may_open(rendered_all: dict) -> None:
    dev = rendered_all["dev"]
    per_process = sum(int(dev.config_value("wie-config", k)) for k in ("DB_POOL_SIZE", "DB_MAX_OVERFLOW"))
    hpas = {h["metadata"]["name"]: h["spec"]["maxReplicas"] for h in dev.of_kind("HorizontalPodAutoscaler")}
    worst = sum(hpas[name] * per_process for name in GRPC_SERVICES) + len(GRPC_SERVICES)  # + migration Jobs
    args = dev.get("StatefulSet", "postgresql")["spec"]["template"]["spec"]["containers"][0]["args"]
    max_connections = int(next(a.split("=")[1] for a in args if a.startswith("max_connections=")))
    assert worst <= max_connections - 3  # superuser_reserved_connections


def test_readme_states_the_prod_connection_budget(rendered_all: dict) -> None:
    prod = rendered_all["prod"]
    per_process = sum(int(prod.config_value("wie-config", k)) for k in ("DB_POOL_SIZE", "DB_MAX_OVERFLOW"))
    hpas = {h["metadata"]["name"]: h["spec"]["maxReplicas"] for h in prod.of_kind("HorizontalPodAutoscaler")}
    worst = sum(hpas[name] * per_process for name in GRPC_SERVICES)
    assert f"{worst} connections" in (ROOT / "README.md").read_text()


def test_the_ingress_reaches_the_gateway(rendered: Rendered) -> None:
    ingress = rendered.get("Ingress", "gateway")
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["pathType"] in ("Prefix", "Exact", "ImplementationSpecific")  # no enum in the schema
    backend = path["backend"]["service"]
    gateway = rendered.get("Service", backend["name"])
    assert backend["port"]["name"] in {p["name"] for p in gateway["spec"]["ports"]}
    body = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert quantity(body.rstrip("m") + "M") >= 100e6, "uploads of MAX_UPLOAD_MB must pass the Ingress"
    if rendered.name == "prod":
        assert ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]


def test_the_ingress_never_reaches_the_gateways_metrics(rendered: Rendered) -> None:
    # The gateway answers /metrics only on METRICS_PORT; the Ingress (`/`) must route to another port.
    (rule,) = rendered.get("Ingress", "gateway")["spec"]["rules"]
    ports = {p["name"]: p for p in rendered.get("Service", "gateway")["spec"]["ports"]}
    (path,) = rule["http"]["paths"]
    target = ports[path["backend"]["service"]["port"]["name"]]["targetPort"]
    (container,) = rendered.get("Deployment", "gateway")["spec"]["template"]["spec"]["containers"]
    published = {p["name"]: p["containerPort"] for p in container["ports"]}[target]
    metrics_port = effective_env(rendered, container, "METRICS_PORT")
    assert metrics_port is not None and int(metrics_port) != published


def test_prod_limits_voluntary_disruptions(rendered_all: dict) -> None:
    prod = rendered_all["prod"]
    for name in WORKLOADS:
        pdb = prod.get("PodDisruptionBudget", name)
        assert matches(pdb["spec"]["selector"]["matchLabels"], pod_labels(prod, "Deployment", name))


def test_readme_states_the_autoscaling_ranges(rendered: Rendered) -> None:
    hpas = {h["metadata"]["name"]: h["spec"] for h in rendered.of_kind("HorizontalPodAutoscaler")}
    cells = " | ".join(f"{hpas[n]['minReplicas']}–{hpas[n]['maxReplicas']}" for n in WORKLOADS)
    assert f"| {rendered.name} | {cells} |" in (ROOT / "README.md").read_text()
