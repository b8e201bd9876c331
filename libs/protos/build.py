"""Compile protos/ into importable stubs under libs/protos (git-ignored) and put them on the venv's path.

The proto package path equals the Python import path (wie.auth.v1 → wie/auth/v1/auth_pb2.py), so the
generated imports work without rewriting. mypy-protobuf (a dev requirement) writes the `.pyi` stubs of the
messages and of the gRPC stubs/servicers, so typed code (and `make lint`'s mypy) sees every field and RPC;
where it is not installed (the container images) protoc's own message stubs are written instead.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "protos"
OUT = ROOT / "libs" / "protos"


def _plugin(name: str) -> str | None:
    """A protoc plugin beside this interpreter (the venv's bin/ need not be on PATH), else on PATH."""
    script = Path(sysconfig.get_path("scripts")) / name
    return str(script) if script.exists() else shutil.which(name)


def _stub_args() -> list[str]:
    mypy, mypy_grpc = _plugin("protoc-gen-mypy"), _plugin("protoc-gen-mypy_grpc")
    if mypy is None or mypy_grpc is None:
        print("protos: mypy-protobuf not installed, writing protoc's message stubs only", file=sys.stderr)
        return [f"--pyi_out={OUT}"]
    return [
        f"--plugin=protoc-gen-mypy={mypy}",
        f"--plugin=protoc-gen-mypy_grpc={mypy_grpc}",
        f"--mypy_out=quiet:{OUT}",
        f"--mypy_grpc_out=quiet:{OUT}",
    ]


def main() -> int:
    files = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.proto"))
    include = str(Path(protoc.__file__).parent / "_proto")
    rc = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{SRC}",
            f"-I{include}",
            f"--python_out={OUT}",
            f"--grpc_python_out={OUT}",
            *_stub_args(),
            *files,
        ]
    )
    if rc != 0:
        return rc
    for pkg_dir in {p.parent for p in OUT.joinpath("wie").rglob("*_pb2.py")} | {OUT / "wie"}:
        while pkg_dir != OUT:
            (pkg_dir / "__init__.py").touch()
            pkg_dir = pkg_dir.parent
    Path(sysconfig.get_paths()["purelib"], "wie_protos.pth").write_text(str(OUT) + "\n")
    print(f"protos: {len(files)} files compiled into {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
