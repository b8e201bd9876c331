"""Journeys 3–6: upload an export, review the report, work its anomalies (and a READ user cannot), and the
warehouse dashboard with its heatmap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from ..e2e.example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_EXPECTED, EXAMPLE_WAREHOUSE
from .browser import check_page, choose, field
from .conftest import ADMIN, Console, sign_in

READER = "console-reader"


@pytest.fixture(scope="module")
def warehouse(console: Console) -> dict:
    with console.api() as api:
        created = api.post("/warehouses", json={**EXAMPLE_WAREHOUSE, "name": "Example DC"})
        assert created.status_code == 201, created.text
        console.user(READER)
        granted = api.put(f"/warehouses/{created.json()['id']}/access/{READER}", json={"access": "READ"})
        assert granted.status_code in (200, 201, 204), granted.text
    return created.json()


# The labels of the job's phases (console/src/pages/upload/job.ts), and its state before the first event.
PHASE_LABELS = {
    "Waiting for the analysis to start",
    "Receiving the file",
    "Reading the rows",
    "Resolving the location codes",
    "Checking the rules",
    "Saving the anomalies",
}


def record_analysis_phases(page: Page) -> None:
    """Collect every phase label the upload shows (a small file's job may pass them in a blink)."""
    page.evaluate(
        """() => {
            window.__phases = [];
            new MutationObserver(() => {
                const phase = document.querySelector('[data-testid=analysis-phase]');
                const label = phase && phase.textContent;
                if (label && !window.__phases.includes(label)) window.__phases.push(label);
            }).observe(document.body, {subtree: true, childList: true, characterData: true});
        }"""
    )


def two_sheet_workbook(path: Path) -> Path:
    import csv
    import io

    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["exported from the WMS"])
    inventory = wb.create_sheet("Inventory")
    for row in csv.reader(io.StringIO(EXAMPLE_CSV)):
        inventory.append(row)
    wb.save(path)
    return path


def test_upload_review_and_work_anomalies(
    page: Page, console: Console, warehouse: dict, tmp_path: Path
) -> None:
    sign_in(page, ADMIN)
    page.goto(f"/w/{warehouse['id']}")
    expect(page.get_by_role("heading", name="No uploads yet — upload an export")).to_be_visible()
    page.get_by_role("link", name="Upload an export").first.click()
    check_page(page, "journey3-upload-empty")

    # Journey 3: pick the file, choose the sheet, check the suggested mapping, upload.
    page.locator("input[type=file]").set_input_files(str(two_sheet_workbook(tmp_path / "stock.xlsx")))
    expect(page.get_by_role("combobox", name="Sheet")).to_have_value("Notes")
    choose(page, "Sheet", "Inventory")
    mapping = page.get_by_role("table", name="Column mapping")
    expect(mapping).to_contain_text("% match")
    expect(page.get_by_role("combobox", name="Header for Pallet id")).to_have_value("Pallet ID")
    field(page, "Data as of").fill(EXAMPLE_AS_OF[:16])
    check_page(page, "journey3-upload-mapped")
    record_analysis_phases(page)
    page.get_by_role("button", name="Upload and analyse").click()

    # Journey 4: the report (opened when the job's final event arrives).
    expect(page.get_by_role("heading", name="Report: stock.xlsx")).to_be_visible(timeout=60_000)
    assert set(page.evaluate("window.__phases")) & PHASE_LABELS, page.evaluate("window.__phases")
    table = page.get_by_role("table", name="Anomalies")
    expect(table.locator("tbody tr")).to_have_count(len(EXAMPLE_EXPECTED))
    expect(page.get_by_text("This is the first tracked upload")).to_be_visible()
    check_page(page, "journey4-report")
    choose(page, "Rule", "Stagnant pallets")
    stagnant = sum(1 for key in EXAMPLE_EXPECTED if key[0] == "STAGNANT_PALLETS")
    expect(table.locator("tbody tr")).to_have_count(stagnant)
    page.get_by_role("button", name="Clear filters").click()
    field(page, "Pallet id or location").fill("p013")  # a pallet id prefix, any case
    page.get_by_role("button", name="Find").click()
    expect(table.locator("tbody tr")).to_have_count(sum(1 for k in EXAMPLE_EXPECTED if k[2] == "P013"))
    expect(table.locator("tbody tr").filter(has_text="P013")).to_have_count(1)
    field(page, "Pallet id or location").fill("RECV-01")
    page.get_by_role("button", name="Find").click()
    expect(table.locator("tbody tr").first).to_contain_text("RECV-01")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
        page.get_by_role("menuitem", name="Anomalies as CSV").click()
    assert download.value.suggested_filename == "stock-anomalies.csv"

    # Journey 5: one anomaly's status, with a comment; the panel shows details, rows and history.
    table.get_by_role("button", name=re.compile("^Open:")).first.click()
    panel = page.get_by_role("dialog", name="Anomaly")
    expect(panel).to_contain_text("Rows in the file")
    expect(panel.get_by_role("button", name="Reopen")).to_have_count(0)
    panel.get_by_label("Comment (optional)").fill("moving it today")
    panel.get_by_role("button", name="Acknowledge").click()
    expect(panel).to_contain_text("New → Acknowledged")
    expect(panel).to_contain_text("moving it today")
    expect(panel.get_by_role("button", name="Start work")).to_be_visible()
    check_page(page, "journey5-panel")
    page.get_by_role("button", name="Close the anomaly panel").click()

    # Bulk: everything on the page to In progress.
    page.get_by_role("button", name="Clear filters").click()
    page.get_by_label("Select every anomaly on this page").check()
    choose(page, "New status", "In progress")
    page.get_by_role("button", name=re.compile(r"^Apply to \d+ selected")).click()
    expect(page.get_by_text(re.compile(r"anomalies now In progress"))).to_be_visible()
    expect(table.locator("tbody tr").filter(has_text="In progress")).to_have_count(len(EXAMPLE_EXPECTED))
    check_page(page, "journey5-bulk")

    # Journey 6: the dashboard after the upload.
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("region", name="Hotspots")).to_contain_text("RECV-01")
    heatmap = page.get_by_role("region", name="Heatmap")
    expect(heatmap.get_by_role("table", name="Heatmap of aisles by racks")).to_be_visible()
    expect(heatmap.get_by_role("button", name=re.compile("^RECV-01"))).to_be_visible()
    expect(page.get_by_role("region", name="Oldest open problems")).to_contain_text("RECV-01")
    check_page(page, "journey6-dashboard")
    heatmap.get_by_role("button", name=re.compile("^RECV-01")).click()
    expect(page.get_by_role("table", name="Anomalies").locator("tbody tr").first).to_contain_text("RECV-01")

    # A rack cell opens the anomalies of that aisle and rack.
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("region", name="Heatmap").get_by_role(
        "button", name=re.compile("^Aisle 1, rack 1:")
    ).click()
    expect(page.get_by_text("Aisle 01, rack 01")).to_be_visible()
    in_cell = sum(1 for k in EXAMPLE_EXPECTED if (k[3] or "").startswith("01-01-"))
    rows = page.get_by_role("table", name="Anomalies").locator("tbody tr")
    expect(rows).to_have_count(in_cell)
    for i in range(in_cell):
        expect(rows.nth(i)).to_contain_text("01-01-")
    check_page(page, "journey6-heatmap-cell")


def test_a_bad_file_shows_the_problem(page: Page, console: Console, warehouse: dict, tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"\x00\x01\x02PK binary, not a csv" * 50)
    sign_in(page, ADMIN)
    page.goto(f"/w/{warehouse['id']}/upload")
    page.locator("input[type=file]").set_input_files(str(bad))
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("export.csv")
    check_page(page, "journey3-bad-file")


def test_a_read_user_sees_why_the_buttons_are_disabled(page: Page, console: Console, warehouse: dict) -> None:
    with console.api() as api:
        reports = api.get(f"/warehouses/{warehouse['id']}/reports").json()["items"]
    assert reports, "runs after the upload test"
    sign_in(page, READER)
    page.goto(f"/w/{warehouse['id']}/reports/{reports[0]['id']}")
    table = page.get_by_role("table", name="Anomalies")
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(page.get_by_text("You have READ access to this warehouse").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Apply to"))).to_be_disabled()
    table.get_by_role("button", name=re.compile("^Open:")).first.click()
    panel = page.get_by_role("dialog", name="Anomaly")
    for button in panel.get_by_role(
        "button", name=re.compile("Start work|Resolve|Back to acknowledged")
    ).all():
        expect(button).to_be_disabled()
    check_page(page, "journey5-read-only")
    page.get_by_role("button", name="Close the anomaly panel").click()
    page.get_by_role("link", name="Upload", exact=True).click()
    expect(page.get_by_role("heading", name="You cannot upload to this warehouse")).to_be_visible()
