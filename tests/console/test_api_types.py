"""The console's API types are generated from the gateway's current OpenAPI document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = ROOT / "console"
COMMITTED = CONSOLE / "src/api/schema.d.ts"
GENERATOR = CONSOLE / "node_modules/.bin/openapi-typescript"


def test_generated_api_types_are_current(tmp_path: Path) -> None:
    assert GENERATOR.exists(), "console dependencies are missing: run `make console`"
    document = tmp_path / "openapi.json"
    dumped = subprocess.run(
        [sys.executable, str(CONSOLE / "scripts/dump_openapi.py")], capture_output=True, text=True, check=True
    )
    document.write_text(dumped.stdout)
    fresh = tmp_path / "schema.d.ts"
    subprocess.run(
        [str(GENERATOR), str(document), "-o", str(fresh)],
        cwd=CONSOLE,
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert fresh.read_text() == COMMITTED.read_text(), (
        "console/src/api/schema.d.ts is stale: the gateway's API changed. Run `make console-types`, "
        "fix what the type checker then reports (`make console`), and commit both."
    )
