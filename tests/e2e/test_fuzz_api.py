"""Schema-driven fuzzing of every documented operation (schemathesis + hypothesis): no input gives a 5xx."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from .example_data import EXAMPLE_WAREHOUSE

EXAMPLES_PER_OPERATION = 8


def test_no_input_gives_a_server_error(stack):
    client = stack.user("e2e-fuzzer")
    client.post("/warehouses", json=EXAMPLE_WAREHOUSE).raise_for_status()
    bearer = client.headers["Authorization"]
    client.close()
    schema = schemathesis.openapi.from_url(f"{stack.base_url}/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            response = case.call(headers={"Authorization": bearer}, timeout=30)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
                )

        run()
    assert operations >= 40
    assert not failures, "\n".join(sorted(set(failures))[:20])
