"""Browser tests of the web console: one real stack and one chromium per session, a fresh context per test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from wie_common.testing.postgres import create_database, drop_database

from ..e2e.stack import PASSWORD, Stack, start_stack
from .browser import DESKTOP, ROOT, field, launch, new_context

ADMIN = "console-admin"
# Short access tokens, so every journey also runs through silent refreshes.
ACCESS_TOKEN_TTL_S = 10


@dataclass
class Console:
    stack: Stack

    @property
    def base_url(self) -> str:
        return self.stack.base_url

    def api(self, token: str | None = None) -> httpx.Client:
        """A client signed in as the admin (a fresh token: they live only ACCESS_TOKEN_TTL_S here)."""
        return self.stack.client(token or self.stack.login(ADMIN)["access_token"])

    def user(self, username: str) -> str:
        """Register a user with the bootstrap code; its access token."""
        assert self.stack.register(username).status_code == 201
        return self.stack.login(username)["access_token"]


@pytest.fixture(scope="session")
def console(pg_admin_url: str) -> Iterator[Console]:
    if not (ROOT / "console/dist/index.html").is_file():
        pytest.fail("the console is not built: run `make console` (make test does)")
    url = create_database(pg_admin_url)
    running = start_stack(url, extra_env={"ACCESS_TOKEN_TTL_S": str(ACCESS_TOKEN_TTL_S)})
    try:
        assert running.register(ADMIN).json()["role"] == "admin"
        yield Console(running)
    finally:
        running.stop()
        drop_database(pg_admin_url, url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, console: Console, request: pytest.FixtureRequest) -> Iterator[Page]:
    viewport = getattr(request, "param", DESKTOP)
    context, watch = new_context(browser, console.base_url, viewport)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
    watch.assert_clean()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in")
    field(page, "Username").fill(username)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=f"Account menu for {username}").wait_for()
