"""Every object kustomize renders from deploy/k8s validates against the Kubernetes OpenAPI schemas, strictly.

kubernetes-validate ships the schemas of each Kubernetes release offline; strict mode rejects unknown fields
(a misspelt `readinessProbe` key fails here rather than being dropped by the API server).
"""

from __future__ import annotations

import copy

import kubernetes_validate
import pytest

from .manifests import NAMESPACES, Rendered

OLDEST_SUPPORTED = "1.30"  # native gRPC probes, autoscaling/v2, matchLabelKeys: all GA or on by default
VERSIONS = [OLDEST_SUPPORTED, kubernetes_validate.latest_version()]
CLUSTER_SCOPED = {"Namespace"}


@pytest.mark.parametrize("version", VERSIONS)
def test_every_rendered_object_validates_strictly(rendered: Rendered, version: str) -> None:
    problems = []
    for doc in rendered.docs:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except (kubernetes_validate.ValidationError, kubernetes_validate.SchemaNotFoundError) as exc:
            problems.append(f"{doc['kind']}/{doc['metadata']['name']}: {str(exc).splitlines()[0]}")
    assert not problems, f"{rendered.name} on Kubernetes {version}:\n" + "\n".join(problems)


def test_the_validator_rejects_unknown_fields(rendered_all: dict[str, Rendered]) -> None:
    deployment = copy.deepcopy(rendered_all["prod"].get("Deployment", "analysis"))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["grpcc"] = {"port": 1}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, OLDEST_SUPPORTED, strict=True)


def test_names_are_unique_per_kind(rendered: Rendered) -> None:
    keys = [(d["kind"], d["metadata"]["name"]) for d in rendered.docs]
    assert len(keys) == len(set(keys))


def test_overlays_put_everything_in_their_namespace(overlay: Rendered) -> None:
    namespace = NAMESPACES[overlay.name]
    labels = overlay.get("Namespace", namespace)["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    for doc in overlay.docs:
        if doc["kind"] not in CLUSTER_SCOPED:
            assert doc["metadata"].get("namespace") == namespace, f"{doc['kind']}/{doc['metadata']['name']}"


def test_every_object_is_labelled_part_of_wie(rendered_all: dict[str, Rendered]) -> None:
    for doc in rendered_all["base"].docs:
        assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "wie", doc["metadata"]["name"]
