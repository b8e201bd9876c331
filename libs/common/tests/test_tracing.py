"""Tracing is off without OTEL_EXPORTER_OTLP_ENDPOINT: a service process then loads none of the SDK, exporter
or instrumentations (the end-to-end test in tests/e2e/test_tracing.py covers it on)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from wie_common import service_main
from wie_common.tracing import configure_tracing
on = configure_tracing("locations")
heavy = sorted(m for m in sys.modules if m.startswith(("opentelemetry.sdk", "opentelemetry.instrumentation",
                                                        "opentelemetry.exporter")))
print(json.dumps({"on": on, "heavy": heavy}))
"""


def test_off_by_default_imports_nothing_of_the_sdk() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"on": False, "heavy": []}


def test_a_blank_endpoint_is_off() -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}}
    env["OTEL_EXPORTER_OTLP_ENDPOINT"] = " "
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1])["on"] is False
