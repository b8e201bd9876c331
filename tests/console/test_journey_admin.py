"""Journeys 7 and 8: a warehouse's rules (on/off, override with a schema-generated form, add, history) and its
people (grant and revoke access, invitation codes)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import check_page, choose, field
from .conftest import ADMIN, Console, sign_in


@pytest.fixture(scope="module")
def warehouse(console: Console) -> dict:
    body = {
        "name": "Rules DC",
        "structure": {
            "aisles": 2,
            "racks_per_aisle": 2,
            "positions_per_rack": 5,
            "levels": "AB",
            "default_pallet_capacity": 1,
            "default_zone": "GENERAL",
        },
        "special_areas": [{"code": "RECV-01", "type": "RECEIVING", "capacity": 4, "is_active": True}],
    }
    with console.api() as api:
        created = api.post("/warehouses", json=body)
        assert created.status_code == 201, created.text
    return created.json()


def test_rules_override_toggle_add_and_history(page: Page, console: Console, warehouse: dict) -> None:
    sign_in(page, ADMIN)
    page.goto(f"/w/{warehouse['id']}/rules")
    table = page.get_by_role("table", name="Effective rules")
    expect(table.locator("tbody tr")).not_to_have_count(0)
    check_page(page, "journey7-rules")

    # Override a system default: the conditions form comes from the type's JSON schema.
    first = table.locator("tbody tr").filter(has_text="System default").first
    name = first.locator("td").nth(1).locator("p").first.inner_text()
    first.get_by_role("button", name=f"Edit {name}").click()
    editor = page.get_by_role("dialog")
    expect(editor).to_contain_text("Saving creates this warehouse's own version")
    choose(page, "Priority", "Low")
    check_page(page, "journey7-override-form")
    editor.get_by_role("button", name="Save override").click()
    row = table.locator("tbody tr").filter(has_text=name).first
    expect(row).to_contain_text("Override")
    expect(row).to_contain_text("Low")

    # Off, then the history lists the versions with what changed.
    row.get_by_role("switch").focus()
    page.keyboard.press("Space")
    expect(page.get_by_text(f"“{name}” is now off.")).to_be_visible()
    row.get_by_role("button", name=f"History of {name}").click()
    history = page.get_by_role("dialog", name=f"History of “{name}”")
    expect(history).to_contain_text("Version 2")
    expect(history).to_contain_text("Is active")
    check_page(page, "journey7-history")
    page.get_by_role("button", name="Close the history").click()

    # A new rule of any type, with its default conditions.
    page.get_by_role("button", name="Add a rule").click()
    choose(page, "Rule type", "Overcapacity")
    field(page, "Name").fill("Tight locations")
    page.get_by_role("button", name="Add rule", exact=True).click()
    expect(table.locator("tbody tr").filter(has_text="Tight locations")).to_contain_text("This warehouse")
    check_page(page, "journey7-added")


def test_people_access_and_invitations(page: Page, console: Console, warehouse: dict) -> None:
    console.user("picker-pat")
    sign_in(page, ADMIN)
    page.goto(f"/w/{warehouse['id']}/people")
    field(page, "Username").fill("picker-pat")
    choose(page, "Access", "WRITE — also uploads and works anomalies")
    page.get_by_role("button", name="Grant access").click()
    people = page.get_by_role("table", name="People with access")
    expect(people.locator("tbody tr").filter(has_text="picker-pat")).to_contain_text("WRITE")
    check_page(page, "journey8-granted")
    people.get_by_role("button", name="Revoke access of picker-pat").click()
    expect(people.locator("tbody tr").filter(has_text="picker-pat")).to_have_count(0)

    field(page, "Uses").fill("3")
    field(page, "Note").fill("new night shift")
    page.get_by_role("button", name="Create invitation").click()
    invitations = page.get_by_role("table", name="Invitation codes")
    row = invitations.locator("tbody tr").filter(has_text="new night shift")
    expect(row).to_contain_text("0 of 3")
    code = row.locator("code").inner_text()
    row.get_by_role("button", name=f"Copy code {code}").click()
    assert page.evaluate("navigator.clipboard.readText()") == code
    row.get_by_role("button", name=f"Deactivate {code}").click()
    expect(row).to_contain_text("Deactivated")
    check_page(page, "journey8-invitations")
    assert re.fullmatch(r"\S+", code)
