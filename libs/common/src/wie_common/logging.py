"""Structured logs: every line of the process (ours, SQLAlchemy's, gRPC's, uvicorn's) one JSON object on
standard output, carrying `service` and the `request_id` of the call being served.

structlog renders through the standard library (`ProcessorFormatter`), so lines from other libraries' stdlib
loggers pass the same processors. `service` is added by a processor rather than bound to a contextvar:
gRPC worker threads start with an empty context, and the request id is set on them by the interceptor.
"""

from __future__ import annotations

import logging
import sys

import structlog
from structlog.typing import EventDict, FilteringBoundLogger, Processor, WrappedLogger

from wie_common.context import request_id_var

# Libraries whose INFO lines are noise next to our own access lines (each request is logged once by us).
QUIET_LOGGERS = {"uvicorn.access": logging.WARNING, "httpx": logging.WARNING, "httpcore": logging.WARNING}


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stdout` is now (a test capture, a redirection), not the one at start."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


def _add_request_id(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    rid = request_id_var.get()
    if rid:
        event.setdefault("request_id", rid)
    return event


def _add_service(service: str) -> Processor:
    def add(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
        event.setdefault("service", service)
        return event

    return add


def configure_logging(service: str, level: str = "INFO", json_output: bool = True) -> None:
    numeric_level = logging.getLevelName(level.upper())
    if not isinstance(numeric_level, int):
        numeric_level = logging.INFO
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        _add_service(service),
        _add_request_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer() if json_output else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        logger_factory=structlog.stdlib.LoggerFactory(),
        # Not cached: module-level loggers used before configure_logging (tests) follow a later configuration.
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = _StdoutHandler(sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    logging.captureWarnings(True)  # Python warnings become log lines (py.warnings), JSON like the rest
    root.setLevel(numeric_level)
    for name, quiet_level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(quiet_level, numeric_level))
    # uvicorn's own loggers: no handlers of their own, so their lines reach ours above.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True


def get_logger(name: str = "wie") -> FilteringBoundLogger:
    """A logger of the kind `configure_logging` sets up (structlog's filtering bound logger)."""
    logger: FilteringBoundLogger = structlog.get_logger(name)
    return logger
