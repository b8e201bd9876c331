"""Start the real stack (run_stack.py: four service processes + gateway) against a test database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from wie_common.embedded_pg import free_port
from wie_common.testing.grpc import TEST_PRIVATE_KEY_PEM

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-password"


@dataclass
class Stack:
    base_url: str
    process: subprocess.Popen
    state_file: Path
    log_file: Path
    database_url: str = ""

    @property
    def api(self) -> str:
        return f"{self.base_url}/api/v1"

    def state(self) -> dict[str, list[dict[str, int]]]:
        return json.loads(self.state_file.read_text())

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.api, headers=headers, timeout=60)

    def register(self, username: str, code: str = "BOOTSTRAP2025") -> httpx.Response:
        with self.client() as c:
            return c.post(
                "/auth/register", json={"username": username, "password": PASSWORD, "invitation_code": code}
            )

    def login(self, username: str) -> dict:
        with self.client() as c:
            reply = c.post("/auth/token", data={"username": username, "password": PASSWORD})
        reply.raise_for_status()
        return reply.json()

    def user(self, username: str) -> httpx.Client:
        """Register (with the bootstrap code) and return a client signed in as that user."""
        assert self.register(username).status_code == 201
        return self.client(self.login(username)["access_token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_stack(database_url: str, extra_env: dict[str, str] | None = None, timeout: float = 90) -> Stack:
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="wie-e2e-"))
    state_file, log_file = workdir / "state.json", workdir / "stack.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "WIE_FREE_PORTS": "1",
        "STACK_STATE_FILE": str(state_file),
        "LOG_LEVEL": "WARNING",
        # The stack signs caller tokens with this session's test key, so tests may call a service directly.
        "INTERNAL_TOKEN_PRIVATE_KEY_PEM": TEST_PRIVATE_KEY_PEM,
        **(extra_env or {}),
    }
    with open(log_file, "w") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy/local/run_stack.py")],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    stack = Stack(f"http://127.0.0.1:{port}", process, state_file, log_file, database_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the stack exited early:\n{log_file.read_text()[-4000:]}")
        if state_file.exists():
            try:
                if httpx.get(f"{stack.api}/health", timeout=5).status_code == 200:
                    return stack
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    stack.stop()
    raise RuntimeError(f"the stack did not become healthy:\n{log_file.read_text()[-4000:]}")
