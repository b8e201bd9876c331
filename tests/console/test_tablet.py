"""The console on a 768-pixel-wide tablet (spec/console.md quality bar): the dashboard and a report fit the
width (no sideways scrolling of the page) and the navigation is reachable from the header's menu button."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from ..e2e.example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE
from .browser import TABLET, check_page
from .conftest import ADMIN, Console, sign_in

WIDTH = TABLET["width"]


@pytest.fixture(scope="module")
def uploaded(console: Console) -> tuple[dict, dict]:
    with console.api() as api:
        created = api.post("/warehouses", json={**EXAMPLE_WAREHOUSE, "name": "Tablet DC"})
        assert created.status_code == 201, created.text
        warehouse = created.json()
        files = {"file": ("stock.csv", io.BytesIO(EXAMPLE_CSV.encode()))}
        path = f"/warehouses/{warehouse['id']}/reports"
        report = api.post(path, files=files, data={"as_of": EXAMPLE_AS_OF})
        assert report.status_code == 201, report.text
    return warehouse, report.json()


def assert_fits(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    widths = page.evaluate("({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth})")
    wide = page.evaluate(
        f"""[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > {WIDTH} + 1 && !e.closest('[data-scroll-x]'))
            .slice(0, 8).map(e => e.tagName + '.' + e.className.toString().slice(0, 60))"""
    )
    assert widths["doc"] <= WIDTH and widths["body"] <= WIDTH, f"{name}: {widths}, too wide: {wide}"
    check_page(page, name)


@pytest.mark.parametrize("page", [TABLET], indirect=True)
def test_dashboard_and_report_fit_a_tablet(page: Page, uploaded: tuple[dict, dict]) -> None:
    warehouse, report = uploaded
    sign_in(page, ADMIN)
    page.goto(f"/w/{warehouse['id']}")
    expect(page.get_by_role("heading", name="Heatmap")).to_be_visible()
    assert_fits(page, "tablet-dashboard")

    # The side navigation is folded away at this width: the header's button opens it.
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/w/')[0]}/w/{warehouse['id']}/reports")
    assert_fits(page, "tablet-reports")

    page.goto(f"/w/{warehouse['id']}/reports/{report['id']}")
    expect(page.get_by_role("table", name="Anomalies")).to_be_visible()
    assert_fits(page, "tablet-report")
    cut = page.evaluate(
        """[...document.querySelectorAll('table .mantine-Badge-label')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not cut, f"badges cut short at {WIDTH} px: {cut}"
