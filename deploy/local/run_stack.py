"""Local runner behind `make run`: PostgreSQL, migrations and seeds, four services, the gateway.

Environment:
  PORT                 gateway port (default 8000) on 127.0.0.1
  DATABASE_URL         use this PostgreSQL instead of the embedded one under .data/pg
  <SERVICE>_REPLICAS   processes per service, 1-20 (AUTH_REPLICAS, RULES_REPLICAS, LOCATIONS_REPLICAS,
                       ANALYSIS_REPLICAS; default 1); callers balance round_robin over all of them
  WIE_FREE_PORTS=1     pick free gRPC ports instead of the fixed 50051-50054 (+100 per replica)
  STACK_STATE_FILE     write {service: [{pid, port, metrics_port}]} there once everything is up, and again
                       after every restart (used by tests)
  WIE_DATA_DIR         where the embedded PostgreSQL keeps its data (default .data)
A service or the gateway that exits unexpectedly is restarted with back-off (1 s doubling to 30 s; a process
that ran for a minute starts again from 1 s), and each restart is logged. PostgreSQL is not supervised.
Ctrl-C or SIGTERM stops every process it started, then the embedded PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from wie_common.caller_tokens import generate_private_pem, public_pem
from wie_common.embedded_pg import EmbeddedPostgres, free_port
from wie_common.settings import DEFAULT_PORTS

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("auth", "rules", "locations", "analysis")
PY = sys.executable


def say(msg: str) -> None:
    print(f"[wie] {msg}", flush=True)


BACKOFF_FIRST_S, BACKOFF_MAX_S, STABLE_AFTER_S = 1.0, 30.0, 60.0


@dataclass
class Proc:
    """One supervised process: how to start it again, and its restart state."""

    name: str
    port: int
    metrics_port: int
    argv: list[str]
    env: dict[str, str]
    popen: subprocess.Popen = field(init=False)
    started_at: float = 0.0
    backoff_s: float = BACKOFF_FIRST_S
    restart_at: float | None = None
    restarts: int = 0

    def start(self) -> None:
        self.popen = subprocess.Popen(self.argv, env=self.env)
        self.started_at = time.monotonic()

    def supervise(self, now: float) -> bool:
        """Restart the process once its back-off has passed; True when it was (re)started."""
        if self.restart_at is None:
            code = self.popen.poll()
            if code is None:
                return False
            if now - self.started_at >= STABLE_AFTER_S:
                self.backoff_s = BACKOFF_FIRST_S
            self.restart_at = now + self.backoff_s
            say(f"{self.name} on port {self.port} exited with {code}; restarting in {self.backoff_s:.0f} s")
            self.backoff_s = min(self.backoff_s * 2, BACKOFF_MAX_S)
            return False
        if now < self.restart_at:
            return False
        self.restart_at = None
        self.restarts += 1
        self.start()
        say(f"{self.name} on port {self.port} restarted (pid {self.popen.pid}, restart {self.restarts})")
        return True


@dataclass
class Stack:
    procs: list[Proc] = field(default_factory=list)
    pg: EmbeddedPostgres | None = None
    stopping: bool = False

    def stop(self) -> None:
        self.stopping = True
        for proc in reversed(self.procs):
            if proc.popen.poll() is None:
                proc.popen.terminate()
        deadline = time.monotonic() + 20
        for proc in self.procs:
            try:
                proc.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.popen.kill()
        if self.pg is not None:
            say("stopping embedded PostgreSQL")
            self.pg.stop()


def database_url(stack: Stack) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    data = Path(os.environ.get("WIE_DATA_DIR", ROOT / ".data")).resolve()
    data.mkdir(parents=True, exist_ok=True)
    stack.pg = EmbeddedPostgres(data / "pg", int(os.environ.get("PG_PORT", free_port()))).start()
    say(f"embedded PostgreSQL on 127.0.0.1:{stack.pg.port} (data in {data / 'pg'})")
    with_db = stack.pg.url.rsplit("/", 1)[0] + "/wie"
    _ensure_database(stack.pg.url, "wie")
    return with_db


def _ensure_database(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg2://"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def replica_counts() -> dict[str, int]:
    """<SERVICE>_REPLICAS per service (default 1); a bad value stops the runner before it starts anything."""
    counts = {}
    for name in SERVICES:
        var = f"{name.upper()}_REPLICAS"
        raw = os.environ.get(var, "1").strip() or "1"
        if not raw.isdigit() or not 1 <= int(raw) <= 20:
            raise RuntimeError(f"{var}={raw!r}: expected a whole number from 1 to 20")
        counts[name] = int(raw)
    return counts


def plan_ports() -> dict[str, list[int]]:
    free = os.environ.get("WIE_FREE_PORTS") == "1"
    plan = {}
    for name, replicas in replica_counts().items():
        plan[name] = [free_port() if free else DEFAULT_PORTS[name] + 100 * i for i in range(replicas)]
    return plan


def caller_targets(ports: dict[str, list[int]]) -> dict[str, str]:
    """<SERVICE>_ADDR for every caller: a comma list of all replicas, balanced round_robin by the clients."""
    return {f"{n.upper()}_ADDR": ",".join(f"127.0.0.1:{p}" for p in ports[n]) for n in SERVICES}


def write_state(stack: Stack) -> None:
    state_file = os.environ.get("STACK_STATE_FILE")
    if not state_file:
        return
    state: dict[str, list[dict[str, int]]] = {}
    for proc in stack.procs:
        state.setdefault(proc.name, []).append(
            {"pid": proc.popen.pid, "port": proc.port, "metrics_port": proc.metrics_port}
        )
    tmp = Path(state_file + ".tmp")
    tmp.write_text(json.dumps(state))
    tmp.replace(state_file)  # readers never see half a file


def caller_token_keys() -> dict[str, dict[str, str]]:
    """Per process, the caller-token settings (README, Decisions): fresh keys for each start, never written
    to disk; the gateway and analysis each sign with their own, every service trusts both. A key given in
    INTERNAL_TOKEN_PRIVATE_KEY_PEM signs for both instead, and INTERNAL_TOKEN_PUBLIC_KEYS_PEM adds trusted
    keys (the e2e tests sign their own calls)."""
    given = os.environ.get("INTERNAL_TOKEN_PRIVATE_KEY_PEM", "")
    private = {signer: given or generate_private_pem() for signer in ("gateway", "analysis")}
    trusted = "\n".join(
        [os.environ.get("INTERNAL_TOKEN_PUBLIC_KEYS_PEM", ""), *(public_pem(k) for k in private.values())]
    ).strip()
    keys = {  # a private key inherited from this environment goes to no service but analysis
        name: {"INTERNAL_TOKEN_PUBLIC_KEYS_PEM": trusted, "INTERNAL_TOKEN_PRIVATE_KEY_PEM": ""}
        for name in SERVICES
    }
    keys["analysis"]["INTERNAL_TOKEN_PRIVATE_KEY_PEM"] = private["analysis"]
    keys["gateway"] = {"INTERNAL_TOKEN_PRIVATE_KEY_PEM": private["gateway"]}
    return keys


def wait_serving(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            try:
                if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.2)
    raise RuntimeError(f"nothing SERVING on port {port} after {timeout}s")


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:  # noqa: S310 - our own loopback URL
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer after {timeout}s")


def main() -> int:
    stack = Stack()

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        replica_counts()  # fail on a bad <SERVICE>_REPLICAS before starting anything
        url = database_url(stack)
        base_env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
        for name in SERVICES:
            say(f"migrating and seeding {name}")
            subprocess.run([PY, "-m", f"{name}_service", "migrate"], env=base_env, check=True)
        ports = plan_ports()
        env = {**base_env, **caller_targets(ports)}
        keys = caller_token_keys()
        for name in SERVICES:
            if len(ports[name]) > 1:
                say(f"{name}: {len(ports[name])} replicas on ports {', '.join(map(str, ports[name]))}")
            for port in ports[name]:
                metrics_port = free_port()
                proc = Proc(
                    name,
                    port,
                    metrics_port,
                    [PY, "-m", f"{name}_service", "serve"],
                    {
                        **env,
                        **keys[name],
                        "GRPC_PORT": str(port),
                        "GRPC_HOST": "127.0.0.1",
                        "METRICS_PORT": str(metrics_port),
                    },
                )
                proc.start()
                stack.procs.append(proc)
        for proc in stack.procs:
            wait_serving(proc.port)
        http_port = int(os.environ.get("PORT", "8000"))
        gateway = Proc(
            "gateway",
            http_port,
            http_port,
            [PY, "-m", "wie_gateway"],
            {**env, **keys["gateway"], "PORT": str(http_port)},
        )
        gateway.start()
        stack.procs.append(gateway)
        base = f"http://127.0.0.1:{http_port}"
        wait_http(f"{base}/healthz")
        write_state(stack)
        if os.environ.get("WIE_DEMO") == "1":
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from demo import seed_demo

            say(seed_demo(f"{base}/api/v1"))
        say(f"gateway  {base}   API {base}/api/v1   docs {base}/docs   health {base}/api/v1/health")
        say("Ctrl-C stops everything")
        while True:
            now = time.monotonic()
            if any([proc.supervise(now) for proc in stack.procs]):
                write_state(stack)
            time.sleep(0.5)
    except KeyboardInterrupt:
        say("stopping")
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        say(f"failed to start: {exc}")
        return 1
    finally:
        stack.stop()


if __name__ == "__main__":
    raise SystemExit(main())
