"""`make verify`: check every service's schema in the database `make run` uses.

DATABASE_URL when set, else the embedded PostgreSQL under .data (started for the check when it is not running,
and stopped again afterwards). Runs `python -m <svc>_service verify` for each service; exit 0 only when every
schema is as its code expects, else 1 with one line per problem.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_stack import PY, ROOT, SERVICES, _ensure_database, say

from wie_common.embedded_pg import EmbeddedPostgres, free_port


def main() -> int:
    url = os.environ.get("DATABASE_URL")
    started: EmbeddedPostgres | None = None
    if not url:
        data = Path(os.environ.get("WIE_DATA_DIR", ROOT / ".data")).resolve()
        if not (data / "pg" / "PG_VERSION").exists():
            say(f"no embedded PostgreSQL under {data / 'pg'}: run `make run` first, or set DATABASE_URL")
            return 1
        pg = EmbeddedPostgres(data / "pg", free_port())
        was_running = pg.running()
        pg.start()
        started = None if was_running else pg
        _ensure_database(pg.url, "wie")
        url = pg.url.rsplit("/", 1)[0] + "/wie"
    failed = []
    try:
        for name in SERVICES:
            env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
            if subprocess.run([PY, "-m", f"{name}_service", "verify"], env=env, check=False).returncode:
                failed.append(name)
    finally:
        if started is not None:
            started.stop()
    say(f"verify: {'problems in ' + ', '.join(failed) if failed else 'every schema as the code expects'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
