"""Run the gateway: `python -m wie_gateway` (HTTP_HOST, PORT)."""

from __future__ import annotations

import uvicorn

from wie_common.logging import configure_logging
from wie_common.settings import load_settings
from wie_gateway.app import create_app
from wie_gateway.settings import GatewaySettings


def main() -> None:
    settings = load_settings(GatewaySettings, "gateway")
    configure_logging("gateway", settings.log_level, settings.log_json)
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,  # request_context writes one JSON line per request, with its request id
        log_config=None,  # uvicorn's lines go through configure_logging's JSON handler
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
