"""The access-control matrix (issue 10 item 19), through the real gateway and services: every route that names
a warehouse or something in it (by path, query or body) × its method, tried by a user with no access (404),
with READ (reads 200, writes 403) and with WRITE (uploads and anomaly work succeed, ADMIN's writes 403).

Every refused write is one that succeeds for an ADMIN (valid body, real ids; the last test sends them as the
owner), among them a self-promotion to ADMIN; the owner's data is compared before and after all of them:
nothing changed. Every status seen is
one the OpenAPI document declares for that operation. A route added to the API that names a warehouse's object
must be added here (the first test fails until it is).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE

OWNER, NONE, READ, WRITE = "matrix-owner", "matrix-none", "matrix-read", "matrix-write"
LEVEL_OF = {NONE: 0, READ: 1, WRITE: 2}
RANK = {"READ": 1, "WRITE": 2, "ADMIN": 3}
ID_PARAMS = ("{warehouse_id}", "{report_id}", "{anomaly_id}", "{rule_id}", "{mapping_id}")
MAPPED_CSV = EXAMPLE_CSV.replace("Location", "Spot", 1)
COLUMN_MAP = '{"location": "Spot"}'


@dataclass(frozen=True)
class Cell:
    """One route × method: the least access that may do it, and the request an ADMIN would send."""

    method: str
    path: str
    needs: str
    ok: int = 200
    json: Callable[[dict[str, str], str], Any] | None = None
    params: Callable[[dict[str, str]], dict[str, str]] | None = None
    upload: bool = False
    form: dict[str, str] = field(default_factory=dict)

    @property
    def write(self) -> bool:
        return self.method != "GET" and not (self.method == "POST" and self.path.endswith("/suggest"))


def _rule(ids: dict[str, str], _user: str) -> dict[str, Any]:
    return {
        "warehouse_id": ids["warehouse_id"],
        "name": "Receiving over 2 h",
        "rule_type": "STAGNANT_PALLETS",
        "priority": "HIGH",
        "conditions": {"location_types": ["RECEIVING"], "time_threshold_hours": 2},
    }


W, R, A = "/warehouses/{warehouse_id}", "/reports/{report_id}", "/anomalies/{anomaly_id}"
MATRIX = [
    Cell("GET", W, "READ"),
    Cell("PATCH", W, "ADMIN", json=lambda ids, u: {"name": "taken over"}),
    Cell("DELETE", W, "ADMIN", ok=204),
    Cell("GET", f"{W}/locations", "READ"),
    Cell("GET", f"{W}/locations/{{code}}", "READ"),
    Cell("PUT", f"{W}/locations/{{code}}", "ADMIN", json=lambda ids, u: {"capacity": 99}),
    Cell("DELETE", f"{W}/locations/{{code}}", "ADMIN", ok=204),
    Cell("GET", f"{W}/access", "READ"),
    Cell(
        "PUT", f"{W}/access/{{username}}", "ADMIN", json=lambda ids, u: {"access": "ADMIN"}
    ),  # self-promotion
    Cell("DELETE", f"{W}/access/{{member}}", "ADMIN", ok=204),
    Cell("POST", f"{W}/reports", "WRITE", ok=201, upload=True),
    Cell("GET", f"{W}/reports", "READ"),
    Cell("GET", f"{W}/summary", "READ"),
    Cell("GET", f"{W}/column-mappings", "READ"),
    Cell("GET", f"{W}/format-proposals", "READ"),
    Cell("DELETE", f"{W}/column-mappings/{{mapping_id}}", "WRITE", ok=204),
    Cell("GET", R, "READ"),
    Cell("DELETE", R, "ADMIN", ok=204),  # a finished report (cancelling a running job is WRITE's)
    Cell("GET", f"{R}/anomalies", "READ"),
    Cell("GET", f"{R}/export", "READ"),
    Cell("GET", f"{R}/events", "READ"),
    Cell("GET", f"{R}/heatmap", "READ"),
    Cell(
        "POST",
        f"{R}/anomalies/bulk-status",
        "WRITE",
        json=lambda ids, u: {"status": "ACKNOWLEDGED", "rule_type": "OVERCAPACITY"},
    ),
    Cell("GET", A, "READ"),
    Cell("PATCH", A, "WRITE", json=lambda ids, u: {"status": "ACKNOWLEDGED", "comment": "seen"}),
    Cell("GET", f"{A}/trail", "READ"),
    Cell("GET", f"{A}/history", "READ"),
    Cell("GET", "/rules", "READ", params=lambda ids: {"warehouse_id": ids["warehouse_id"]}),
    Cell("POST", "/rules", "ADMIN", ok=201, json=_rule),
    Cell("GET", "/rules/{rule_id}", "READ"),
    Cell("PATCH", "/rules/{rule_id}", "ADMIN", json=lambda ids, u: {"priority": "LOW"}),
    Cell("DELETE", "/rules/{rule_id}", "ADMIN", ok=204),
    Cell("GET", "/rules/{rule_id}/history", "READ"),
    Cell(
        "POST",
        "/rule-templates/{template_id}/instantiate",
        "ADMIN",
        ok=201,
        json=lambda ids, u: {"warehouse_id": ids["warehouse_id"], "params": ids["template_params"]},
    ),
    Cell(
        "POST",
        "/warehouse-templates",
        "ADMIN",
        ok=201,
        json=lambda ids, u: {"name": "copied", "from_warehouse_id": ids["warehouse_id"], "is_public": True},
    ),
    Cell("POST", "/column-mapping/suggest", "READ", upload=True, form={"warehouse_id": "{warehouse_id}"}),
]
# Routes whose path names no warehouse object but whose query or body does (checked above all the same).
# Reviewing a format proposal needs a proposal, which only a drifting upload to a warehouse with a learned
# format leaves (tests/e2e/test_location_styles.py walks that); not yet in the matrix.
NEEDS_A_PROPOSAL = {
    ("POST", "/warehouses/{warehouse_id}/format-proposals/{proposal_id}/accept"),
    ("POST", "/warehouses/{warehouse_id}/format-proposals/{proposal_id}/reject"),
}
BY_QUERY_OR_BODY = {
    ("GET", "/rules"),
    ("POST", "/rules"),
    ("POST", "/rule-templates/{template_id}/instantiate"),
    ("POST", "/warehouse-templates"),
    ("POST", "/column-mapping/suggest"),
}


def _allowed(cell: Cell, user: str) -> bool:
    return LEVEL_OF[user] >= RANK[cell.needs]


# A stranger learns nothing about the warehouse; a member hears which level it lacks.
REFUSAL_TYPE = {404: "not-found", 403: "/access-too-low"}


def _expected_refusal(user: str) -> int:
    return 404 if user == NONE else 403


@pytest.fixture(scope="module")
def people(stack) -> dict[str, httpx.Client]:
    clients = {name: stack.user(name) for name in (OWNER, NONE, READ, WRITE)}
    yield clients
    for client in clients.values():
        client.close()


def _ok(reply: httpx.Response) -> Any:
    assert reply.status_code in (200, 201), reply.text
    return reply.json()


@pytest.fixture(scope="module")
def ids(people) -> dict[str, str]:
    owner = people[OWNER]
    wid = _ok(owner.post("/warehouses", json={**EXAMPLE_WAREHOUSE, "name": "Matrix"}))["id"]
    for name, level in ((READ, "READ"), (WRITE, "WRITE")):
        _ok(owner.put(f"/warehouses/{wid}/access/{name}", json={"access": level}))
    mapped = owner.post(
        f"/warehouses/{wid}/reports",
        files={"file": ("mapped.csv", io.BytesIO(MAPPED_CSV.encode()))},
        data={"as_of": EXAMPLE_AS_OF, "column_map": COLUMN_MAP},
    )
    report = _ok(mapped)
    anomalies = _ok(owner.get(f"/reports/{report['id']}/anomalies"))["items"]
    anomaly = next(a for a in anomalies if a["rule_type"] != "OVERCAPACITY")
    rule = _ok(owner.post("/rules", json=_rule({"warehouse_id": wid}, OWNER)))
    template = _ok(owner.get("/rule-templates"))["items"][0]
    return {
        "warehouse_id": wid,
        "report_id": report["id"],
        "anomaly_id": anomaly["id"],
        "rule_id": rule["id"],
        "mapping_id": _ok(owner.get(f"/warehouses/{wid}/column-mappings"))["items"][0]["id"],
        "code": "RECV-01",
        "member": READ,
        "template_id": template["id"],
        "template_params": _template_params(template),
    }


def _template_params(template: dict[str, Any]) -> dict[str, Any]:
    """Valid parameters for the template, from its params_schema (the first enum value, a small number …)."""
    schema = template["params_schema"]
    params: dict[str, Any] = {}
    for name in schema.get("required", []):
        prop = schema["properties"][name]
        if "$ref" in prop:
            prop = schema["$defs"][prop["$ref"].rsplit("/", 1)[-1]]
        if "enum" in prop:
            params[name] = prop["enum"][0]
        elif prop.get("type") == "array":
            params[name] = ["*FROZEN*"]
        elif prop.get("type") in ("number", "integer"):
            params[name] = 1
        else:
            params[name] = "AISLE*"
    return params


def _send(client: httpx.Client, cell: Cell, ids: dict[str, str], user: str) -> httpx.Response:
    path = cell.path.format(**{**ids, "username": user})
    if cell.upload:
        form = {k: v.format(**ids) for k, v in cell.form.items()}
        if cell.method == "POST" and path.endswith("/reports"):
            form.update({"as_of": EXAMPLE_AS_OF, "track": "false"})
        files = {"file": ("stock.csv", io.BytesIO(EXAMPLE_CSV.encode()))}
        return client.request(cell.method, path, files=files, data=form)
    body = cell.json(ids, user) if cell.json else None
    params = cell.params(ids) if cell.params else None
    return client.request(cell.method, path, json=body, params=params)


def _snapshot(owner: httpx.Client, ids: dict[str, str]) -> dict[str, Any]:
    """Everything of the warehouse its owner can read."""
    w, r, a = (
        f"/warehouses/{ids['warehouse_id']}",
        f"/reports/{ids['report_id']}",
        f"/anomalies/{ids['anomaly_id']}",
    )
    reads = [
        w,
        f"{w}/locations?limit=1000",
        f"{w}/locations/RECV-01",
        f"{w}/access",
        f"{w}/reports?limit=1000",
        f"{w}/column-mappings",
        f"{w}/summary",
        r,
        f"{r}/anomalies?limit=1000",
        f"{r}/heatmap",
        a,
        f"{a}/history",
        f"/rules?warehouse_id={ids['warehouse_id']}",
        f"/rules/{ids['rule_id']}",
        f"/rules/{ids['rule_id']}/history",
        "/warehouse-templates",
    ]
    snapshot = {}
    for url in reads:
        reply = owner.get(url)
        assert reply.status_code == 200, (url, reply.text)
        snapshot[url] = reply.json()
    snapshot["export"] = owner.get(f"{r}/export").text
    return snapshot


def _documented(spec: dict[str, Any], cell: Cell, status: int) -> bool:
    operation = spec["paths"]["/api/v1" + cell.path.replace("{member}", "{username}")][cell.method.lower()]
    return str(status) in operation["responses"]


def test_every_route_naming_a_warehouse_object_is_in_the_matrix(stack):
    spec = httpx.get(f"{stack.base_url}/openapi.json").json()
    served = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in spec["paths"].items()
        for method in operations
        if any(p in path for p in ID_PARAMS)
    }
    covered = {(c.method, c.path.replace("{member}", "{username}")) for c in MATRIX} | NEEDS_A_PROPOSAL
    gone = covered - served - BY_QUERY_OR_BODY
    assert served | BY_QUERY_OR_BODY == covered, (
        f"not in the matrix: {sorted(served - covered)}; gone: {sorted(gone)}"
    )


def test_no_access_is_404_read_reads_and_nobody_changes_what_they_may_not(stack, people, ids):
    spec = httpx.get(f"{stack.base_url}/openapi.json").json()
    owner = people[OWNER]
    before = _snapshot(owner, ids)
    wrong: list[str] = []
    for user in (NONE, READ, WRITE):
        for cell in MATRIX:
            allowed = _allowed(cell, user)
            if allowed and cell.write:
                continue  # done below, after the comparison
            reply = _send(people[user], cell, ids, user)
            expected = cell.ok if allowed else _expected_refusal(user)
            if reply.status_code != expected:
                seen = f"{reply.status_code}, not {expected}: {reply.text[:160]}"
                wrong.append(f"{user} {cell.method} {cell.path} → {seen}")
            elif not _documented(spec, cell, reply.status_code):
                wrong.append(
                    f"{user} {cell.method} {cell.path} → {reply.status_code}, not in the OpenAPI document"
                )
            elif not allowed and not reply.json()["type"].endswith(REFUSAL_TYPE[expected]):
                wrong.append(f"{user} {cell.method} {cell.path} → {reply.json()['type']}")
    assert not wrong, "\n".join(wrong)
    assert _snapshot(owner, ids) == before


def test_write_uploads_and_works_anomalies(stack, people, ids):
    spec = httpx.get(f"{stack.base_url}/openapi.json").json()
    writer, owner = people[WRITE], people[OWNER]
    for cell in MATRIX:
        if cell.write and _allowed(cell, WRITE):
            reply = _send(writer, cell, ids, WRITE)
            assert reply.status_code == cell.ok, (cell.method, cell.path, reply.text)
            assert _documented(spec, cell, reply.status_code)
    writer_id = writer.get("/auth/me").json()["id"]
    anomaly = owner.get(f"/anomalies/{ids['anomaly_id']}").json()
    assert anomaly["status"] == "ACKNOWLEDGED"
    assert owner.get(f"/anomalies/{ids['anomaly_id']}/history").json()["items"][-1]["changed_by"] == writer_id
    assert owner.get(f"/warehouses/{ids['warehouse_id']}/column-mappings").json()["items"] == []
    reports = owner.get(f"/warehouses/{ids['warehouse_id']}/reports").json()["items"]
    assert [r["created_by"] for r in reports].count(writer_id) == 1


def test_admin_may_do_every_write_refused_above(stack, people, ids):
    """The refusals were about access, not about the requests: the owner's same requests succeed."""
    spec = httpx.get(f"{stack.base_url}/openapi.json").json()
    admin_writes = [c for c in MATRIX if c.write and c.needs == "ADMIN"]
    # Deletions last, the warehouse's own at the very end.
    for cell in sorted(admin_writes, key=lambda c: (c.method == "DELETE", c.path == W)):
        reply = _send(people[OWNER], cell, ids, OWNER)
        assert reply.status_code == cell.ok, (cell.method, cell.path, reply.text)
        assert _documented(spec, cell, reply.status_code)
    assert people[OWNER].get(f"/warehouses/{ids['warehouse_id']}").status_code == 404
