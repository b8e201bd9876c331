"""Journey 2: set up a warehouse with the wizard (live preview, special areas, learned format, API field
errors), or from a template code."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .browser import check_page, field
from .conftest import ADMIN, Console, sign_in


def test_setup_wizard_creates_a_warehouse(page: Page, console: Console) -> None:
    sign_in(page, ADMIN)
    page.get_by_role("link", name="Set up a warehouse").first.click()
    field(page, "Warehouse name").fill("North DC")
    page.get_by_role("button", name="Next").click()

    field(page, "Aisles").fill("2")
    field(page, "Racks per aisle").fill("1")
    field(page, "Positions per rack").fill("10")
    field(page, "Levels").fill("AB")
    field(page, "Default zone").fill("AMBIENT")
    page.get_by_role("button", name="Add a zone range").click()
    field(page, "From aisle").fill("2")
    field(page, "To aisle").fill("2")
    field(page, "Zone").fill("FREEZER")
    expect(page.get_by_test_id("preview-count")).to_have_text(
        "40 storage locations, from 01-01-001A to 02-01-010B"
    )
    check_page(page, "journey2-structure")
    page.get_by_role("button", name="Next").click()

    # RECV-1 is RECV-01 for the engine (padding ignored): only the API knows, and says so next to the field.
    page.get_by_role("button", name="Add a special area").click()
    page.get_by_label(re.compile(r"^Area code")).nth(1).fill("RECV-1")
    page.get_by_role("button", name="Next").click()
    field(page, "Example location codes (one per line)").fill(
        "01-01-001A\n01-01-002B\n02-01-010A\n01-01-005A"
    )
    page.get_by_role("button", name="Detect the format").click()
    expect(page.get_by_test_id("detected-format")).to_contain_text("Detected pattern")
    expect(page.get_by_test_id("detected-format")).to_contain_text("01-01-001A")
    check_page(page, "journey2-format")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("40 locations, 01-01-001A to 02-01-010B")).to_be_visible()
    page.get_by_role("button", name="Create warehouse").click()

    area_code = page.get_by_label(re.compile(r"^Area code")).nth(1)
    expect(area_code).to_be_visible()
    expect(page.get_by_text("is the same code as RECV-01").first).to_be_visible()
    area_code.fill("STAGE-01")
    page.get_by_label(re.compile(r"^Type")).nth(1).fill("STAGING")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create warehouse").click()

    expect(page.get_by_role("heading", name="North DC", level=1)).to_be_visible()
    heatmap = page.get_by_role("region", name="Heatmap")
    expect(heatmap).to_contain_text("No upload yet")
    expect(page.get_by_role("heading", name="No uploads yet — upload an export")).to_be_visible()
    check_page(page, "journey2-dashboard")
    with console.api() as api:
        (created,) = [w for w in api.get("/warehouses").json()["items"] if w["name"] == "North DC"]
    assert created["structure"]["zones"] == [{"aisles": [2], "zone": "FREEZER"}]
    assert {a["code"] for a in created["special_areas"]} >= {"RECV-01", "STAGE-01"}
    assert created["location_format"]


def test_setup_from_a_template_code(page: Page, console: Console) -> None:
    with console.api() as api:
        template = api.post(
            "/warehouse-templates",
            json={
                "name": "Two-aisle layout",
                "description": "for the console test",
                "is_public": True,
                "structure": {
                    "aisles": 2,
                    "racks_per_aisle": 2,
                    "positions_per_rack": 5,
                    "levels": "A",
                    "default_pallet_capacity": 1,
                    "default_zone": "GENERAL",
                },
                "special_areas": [{"code": "DOCK-01", "type": "DOCK", "capacity": 6, "is_active": True}],
            },
        )
        assert template.status_code == 201, template.text
        code = template.json()["code"]
    sign_in(page, ADMIN)
    page.get_by_role("link", name="Set up a warehouse").first.click()
    field(page, "Warehouse name").fill("From template")
    page.get_by_label("Start from a template code (a colleague's warehouse layout)").check()
    field(page, "Template code").fill(code)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Two-aisle layout")).to_be_visible()
    expect(page.get_by_text("DOCK-01")).to_be_visible()
    page.get_by_role("button", name="Create warehouse").click()
    expect(page.get_by_role("heading", name="From template", level=1)).to_be_visible()
    check_page(page, "journey2-from-template")
