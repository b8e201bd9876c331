"""The domain is pure: every module of it imports in a Python where grpc, sqlalchemy and fastapi do not
exist, and without the service's own api and db layers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import locations_service.domain

BLOCKED = ("grpc", "sqlalchemy", "fastapi", "locations_service.api", "locations_service.db")

# A fresh interpreter: this one has long imported grpc and sqlalchemy. It prints the modules it imported.
PROBE = """
import importlib, importlib.abc, pkgutil, sys

BLOCKED = {blocked!r}


class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") or name.startswith(b + "_") for b in BLOCKED):
            raise ModuleNotFoundError(f"the domain imported {{name}}")
        return None


sys.meta_path.insert(0, Blocker())
import locations_service.domain as domain

for module in pkgutil.walk_packages(domain.__path__, domain.__name__ + "."):
    importlib.import_module(module.name)
    print(module.name)
"""


def _run(probe: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)


def test_every_domain_module_imports_without_grpc_sqlalchemy_fastapi_or_the_outer_layers() -> None:
    result = _run(PROBE.format(blocked=BLOCKED))
    assert result.returncode == 0, result.stderr
    folder = Path(locations_service.domain.__file__).parent
    expected = {f"locations_service.domain.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}
    assert set(result.stdout.split()) == expected  # every module, so an empty walk cannot pass


def test_the_probe_does_block() -> None:
    for blocked in ("grpc", "sqlalchemy.orm", "fastapi", "locations_service.db.repository"):
        probe = PROBE.format(blocked=BLOCKED).replace(
            "import locations_service.domain as domain", f"import {blocked}"
        )
        assert f"the domain imported {blocked.split('.')[0]}" in _run(probe).stderr
