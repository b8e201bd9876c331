"""Who is calling and which request this is, carried in gRPC metadata from the gateway to every service."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

REQUEST_ID = "x-request-id"
USER_ID = "x-user-id"
USER_NAME = "x-user-name"
USER_ROLE = "x-user-role"
USER_WAREHOUSES = "x-user-warehouses"  # JSON {warehouse_id: READ|WRITE|ADMIN}

ACCESS_RANK = {"READ": 1, "WRITE": 2, "ADMIN": 3}

# The shape gRPC takes for call metadata: a tuple of (key, value) pairs.
Metadata = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Caller:
    user_id: str
    username: str = ""
    role: str = "member"
    warehouses: dict[str, str] = field(default_factory=dict)

    def access_to(self, warehouse_id: str) -> str | None:
        return self.warehouses.get(warehouse_id)

    def can(self, warehouse_id: str, required: str) -> bool:
        held = self.warehouses.get(warehouse_id)
        return held is not None and ACCESS_RANK[held] >= ACCESS_RANK[required]


request_id_var: ContextVar[str] = ContextVar("request_id", default="")
caller_var: ContextVar[Caller | None] = ContextVar("caller", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def caller_to_metadata(caller: Caller | None, request_id: str) -> Metadata:
    md: Metadata = ((REQUEST_ID, request_id or new_request_id()),)
    if caller is not None:
        md += (
            (USER_ID, caller.user_id),
            (USER_NAME, caller.username),
            (USER_ROLE, caller.role),
            (USER_WAREHOUSES, json.dumps(caller.warehouses, separators=(",", ":"))),
        )
    return md


def metadata_to_context(metadata: Iterable[tuple[str, str | bytes]] | None) -> tuple[str, Caller | None]:
    values = {k: v if isinstance(v, str) else v.decode(errors="replace") for k, v in (metadata or ())}
    request_id = values.get(REQUEST_ID) or new_request_id()
    user_id = values.get(USER_ID)
    if not user_id:
        return request_id, None
    caller = Caller(
        user_id=user_id,
        username=values.get(USER_NAME, ""),
        role=values.get(USER_ROLE, "member"),
        warehouses=_parse_warehouses(values.get(USER_WAREHOUSES)),
    )
    return request_id, caller


def _parse_warehouses(raw: str | None) -> dict[str, str]:
    """The caller's access map; anything but a JSON object of known levels grants nothing (never a crash)."""
    try:
        parsed = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(parsed, dict):
        return {}
    return {str(k): v for k, v in parsed.items() if isinstance(v, str) and v in ACCESS_RANK}


def current_metadata() -> Metadata:
    """Metadata to forward on an outgoing call made while serving a request."""
    return caller_to_metadata(caller_var.get(), request_id_var.get())
