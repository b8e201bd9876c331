"""Drive Debian's chromium with Playwright (never a downloaded browser) and check every page the same way."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright, Request, Route

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ".artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
LOCAL_HOSTS = {"127.0.0.1"}
BAD_TEXT = re.compile(r"\bundefined\b|\bNaN\b|\[object Object\]")
SERIOUS = {"serious", "critical"}
_axe = Axe()


def launch(playwright: Playwright) -> Browser:
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(
            f"Debian's chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium) "
            "or set CHROMIUM to its path. The browser tests never download a browser."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@dataclass
class Watch:
    """What a page did that a test must fail on: script errors and requests leaving the machine."""

    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.page_errors, f"page errors: {self.page_errors}"
        assert not self.foreign_requests, f"requests that left 127.0.0.1: {self.foreign_requests}"


def new_context(
    browser: Browser, base_url: str, viewport: dict[str, int] = DESKTOP
) -> tuple[BrowserContext, Watch]:
    watch = Watch()
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="en-US", timezone_id="UTC")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)

    def guard(route: Route, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob") or url.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.foreign_requests.append(request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("page", lambda page: page.on("pageerror", lambda exc: watch.page_errors.append(str(exc))))
    return context, watch


def check_page(page: Page, name: str) -> None:
    """The quality bar on the page as it is now: no broken text, axe clean; then a screenshot to look at."""
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    text = page.locator("body").inner_text()
    found = BAD_TEXT.findall(text)
    assert not found, f"{name}: the page shows {found}"
    results = _axe.run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[(n['target'], n['html'][:120]) for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]
    assert not bad, f"{name}: axe found\n" + "\n".join(bad)


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def field(page: Page, label: str) -> Locator:
    """The form field with exactly this visible label (a required field's label ends with ' *')."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(?: \*)?$"))


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of the Select labelled `label`."""
    page.get_by_role("combobox", name=re.compile(rf"^{re.escape(label)}(?: \*)?$")).click()
    page.get_by_role("option", name=option, exact=True).click()
