"""Journey 1: sign in, register with an invitation code, sign out; silent refresh; a revoked session."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from ..e2e.stack import PASSWORD
from .browser import check_page, field
from .conftest import ACCESS_TOKEN_TTL_S, Console, sign_in


def test_register_sign_in_reload_refresh_sign_out(page: Page, console: Console) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    check_page(page, "journey1-sign-in")

    page.get_by_role("link", name="Create an account").click()
    field(page, "Invitation code").fill("BOOTSTRAP2025")
    field(page, "Username").fill("supervisor-ana")
    field(page, "Password").fill(PASSWORD)
    field(page, "Repeat the password").fill(PASSWORD)
    check_page(page, "journey1-register")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_text("Account supervisor-ana created")).to_be_visible()
    expect(field(page, "Username")).to_have_value("supervisor-ana")
    field(page, "Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("username or password is wrong")
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="No warehouse yet")).to_be_visible()

    page.reload()
    expect(page.get_by_role("button", name="Account menu for supervisor-ana")).to_be_visible()

    # Past the access token's lifetime the console refreshes silently: the next page still loads.
    time.sleep(ACCESS_TOKEN_TTL_S + 2)
    page.get_by_role("link", name="Set up a warehouse").first.click()
    page.get_by_role("link", name="All warehouses").click()
    expect(page.get_by_role("heading", name="No warehouse yet")).to_be_visible()
    check_page(page, "journey1-signed-in")

    page.get_by_role("button", name="Account menu for supervisor-ana").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("status")).to_contain_text("You have signed out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def test_a_revoked_session_returns_to_sign_in_with_a_message(page: Page, console: Console) -> None:
    console.user("floor-lead")
    sign_in(page, "floor-lead")
    refresh_token = page.evaluate("localStorage.getItem('wie.refresh_token')")
    with console.api() as api:
        assert api.post("/auth/logout", json={"refresh_token": refresh_token}).status_code == 204

    # The stored access token works until it expires; the refresh after that finds the session revoked.
    time.sleep(ACCESS_TOKEN_TTL_S + 1)
    page.reload()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("status")).to_contain_text("Your session has ended")
    check_page(page, "journey1-session-revoked")


def test_reloads_keep_the_session_even_right_after_the_access_token_expired(
    page: Page, console: Console
) -> None:
    """A reload racing a token refresh must never reuse a used refresh token (that revokes the session)."""
    console.user("reload-rita")
    sign_in(page, "reload-rita")
    menu = page.get_by_role("button", name="Account menu for reload-rita")
    for _ in range(4):
        page.reload()
        expect(menu).to_be_visible()
    first_refresh_token = page.evaluate("localStorage.getItem('wie.refresh_token')")

    # Past the access token's lifetime: each reload refreshes once (or takes the pair the last one stored).
    time.sleep(ACCESS_TOKEN_TTL_S + 1)
    page.reload()
    expect(menu).to_be_visible()
    page.reload()
    page.reload()
    expect(menu).to_be_visible()
    assert page.evaluate("localStorage.getItem('wie.refresh_token')") != first_refresh_token

    # Two tabs reloading at once after the expiry: one refresh between them, both stay signed in.
    other = page.context.new_page()
    other.goto("/")
    expect(other.get_by_role("button", name="Account menu for reload-rita")).to_be_visible()
    time.sleep(ACCESS_TOKEN_TTL_S + 1)
    page.reload(wait_until="commit")
    other.reload(wait_until="commit")
    for tab in (page, other):
        expect(tab.get_by_role("button", name="Account menu for reload-rita")).to_be_visible()
        expect(tab).not_to_have_url(re.compile(r"/sign-in"))
    expect(page.get_by_role("heading", name="No warehouse yet")).to_be_visible()
    check_page(page, "journey1-after-reloads")
