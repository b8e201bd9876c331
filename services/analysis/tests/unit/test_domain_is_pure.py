"""The domain is pure: every module of it imports where grpc, sqlalchemy and fastapi do not exist, and
without the service's own api, db and clients layers."""

from __future__ import annotations

import subprocess
import sys

BLOCKED = (
    "grpc",
    "sqlalchemy",
    "fastapi",
    "analysis_service.api",
    "analysis_service.db",
    "analysis_service.clients",
)

# Run in a fresh interpreter: this one has long imported grpc and sqlalchemy.
PROBE = """
import importlib, importlib.abc, pkgutil, sys

BLOCKED = {blocked!r}


class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") or name.startswith(b + "_") for b in BLOCKED):
            raise ModuleNotFoundError(f"the domain imported {{name}}")
        return None


sys.meta_path.insert(0, Blocker())
import analysis_service.domain as domain

modules = list(pkgutil.walk_packages(domain.__path__, domain.__name__ + "."))
for module in modules:
    importlib.import_module(module.name)
print(len(modules))
"""


def test_every_domain_module_imports_without_grpc_sqlalchemy_fastapi_or_the_outer_layers() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(blocked=BLOCKED)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 40  # the walk found the modules (an empty walk would prove nothing)


def test_the_probe_does_block() -> None:
    probe = PROBE.format(blocked=BLOCKED).replace("import analysis_service.domain as domain", "import grpc")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert "the domain imported grpc" in result.stderr
