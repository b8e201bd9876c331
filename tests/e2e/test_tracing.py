"""With OTEL_EXPORTER_OTLP_ENDPOINT set, one request through the real stack is one trace: the gateway's HTTP
span, its gRPC client span, the called service's server span and that service's database statements share one
trace id, and each process names itself (service.name). The collector is an OTLP/HTTP receiver in the test."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from wie_common.testing.postgres import create_database, drop_database

from .example_data import EXAMPLE_WAREHOUSE
from .stack import Stack, start_stack


@dataclass(frozen=True)
class Received:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_id: str


class Collector(ThreadingHTTPServer):
    spans: list[Received]
    lock: threading.Lock


class OtlpHandler(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        if self.path != "/v1/traces" or self.headers.get("Content-Type") != "application/x-protobuf":
            self.send_error(404)
            return
        request = ExportTraceServiceRequest.FromString(body)
        with self.server.lock:
            for resource_spans in request.resource_spans:
                attrs = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                for scope in resource_spans.scope_spans:
                    self.server.spans.extend(
                        Received(
                            attrs.get("service.name", ""),
                            s.name,
                            s.kind,
                            s.trace_id.hex(),
                            s.span_id.hex(),
                            s.parent_span_id.hex(),
                        )
                        for s in scope.spans
                    )
        reply = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def collector() -> Iterator[Collector]:
    server = Collector(("127.0.0.1", 0), OtlpHandler)
    server.spans, server.lock = [], threading.Lock()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def traced_stack(pg_admin_url: str, collector: Collector) -> Iterator[Stack]:
    url = create_database(pg_admin_url)
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}"
    running = start_stack(
        url, extra_env={"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, "OTEL_BSP_SCHEDULE_DELAY": "200"}
    )
    try:
        yield running
    finally:
        running.stop()
        drop_database(pg_admin_url, url)


def test_one_request_is_one_trace_from_the_gateway_to_the_database(
    traced_stack: Stack, collector: Collector
) -> None:
    with traced_stack.user("tracing-owner") as client:
        # A warehouse of one's own, so listing them reads the locations schema.
        assert client.post("/warehouses", json=EXAMPLE_WAREHOUSE).status_code == 201
        reply = client.get("/warehouses")
    assert reply.status_code == 200, reply.text
    deadline = time.monotonic() + 20
    while True:
        with collector.lock:
            spans = list(collector.spans)
        gateway = [
            s
            for s in spans
            if s.service == "wie-gateway"
            and s.kind == Span.SPAN_KIND_SERVER
            and s.name == "GET /api/v1/warehouses"
        ]
        trace = {s.trace_id for s in gateway}
        mine = [s for s in spans if s.trace_id in trace]
        served = [s for s in mine if s.service == "wie-locations" and s.kind == Span.SPAN_KIND_SERVER]
        statements = [s for s in mine if s.service == "wie-locations" and s.kind == Span.SPAN_KIND_CLIENT]
        if (served and statements) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(gateway) == 1, [s for s in spans if s.service == "wie-gateway"]
    (root,) = gateway
    assert root.parent_id == ""  # the gateway starts the trace (no traceparent came in)
    calls = [s for s in mine if s.service == "wie-gateway" and s.kind == Span.SPAN_KIND_CLIENT]
    assert any(c.name.startswith("/wie.locations.v1.LocationsService/") for c in calls), calls
    assert served, {s.service for s in spans}
    # The service's server span is the child of the gateway's client span: the context crossed gRPC.
    assert {s.parent_id for s in served} <= {c.span_id for c in calls}
    assert statements, [s.name for s in mine]
    assert {s.parent_id for s in statements} <= {s.span_id for s in served}
