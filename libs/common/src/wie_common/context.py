"""Who is calling and which request this is, carried in gRPC metadata from the gateway to every service.

The caller travels only inside a signed token (`wie_common.caller_tokens`), which every service verifies;
metadata that merely names a user grants nothing."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

REQUEST_ID = "x-request-id"
# The signed proof of the caller (wie_common.caller_tokens): services read the caller from it alone.
CALLER_TOKEN = "x-wie-caller-token"  # noqa: S105 - a metadata key, not a secret
REFRESH_BELOW_S = 15.0  # a forwarded token with less life left is re-signed, when this process can sign

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


@dataclass(frozen=True)
class ReceivedToken:
    """The verified caller token of the call being served, forwarded on the calls it makes."""

    token: str
    expires_at: float  # epoch seconds


request_id_var: ContextVar[str] = ContextVar("request_id", default="")
caller_var: ContextVar[Caller | None] = ContextVar("caller", default=None)
received_token_var: ContextVar[ReceivedToken | None] = ContextVar("received_token", default=None)
# Set by a process that holds a private key (wie_common.caller_tokens.TokenSigner.sign).
_outgoing_signer: Callable[[Caller | None], str] | None = None


def new_request_id() -> str:
    return uuid.uuid4().hex


def sign_outgoing_calls_with(sign: Callable[[Caller | None], str] | None) -> None:
    """Let `current_metadata` sign a fresh token for the verified caller when the received one runs out."""
    global _outgoing_signer
    _outgoing_signer = sign


def call_metadata(request_id: str, token: str) -> Metadata:
    """The metadata of one call: its request id and the caller token that proves who is calling."""
    return ((REQUEST_ID, request_id or new_request_id()), (CALLER_TOKEN, token))


def _text(metadata: Iterable[tuple[str, str | bytes]] | None, key: str) -> str:
    for k, v in metadata or ():
        if k == key:
            return v if isinstance(v, str) else v.decode(errors="replace")
    return ""


def request_id_of(metadata: Iterable[tuple[str, str | bytes]] | None) -> str:
    return _text(metadata, REQUEST_ID) or new_request_id()


def caller_token_of(metadata: Iterable[tuple[str, str | bytes]] | None) -> str:
    return _text(metadata, CALLER_TOKEN)


def current_metadata() -> Metadata:
    """Metadata to forward on an outgoing call made while serving a request (or a job it started): the
    token it received, or a fresh one for the same verified caller when that one has (nearly) run out."""
    received = received_token_var.get()
    token = received.token if received is not None else ""
    running_out = received is None or received.expires_at - time.time() < REFRESH_BELOW_S
    if running_out and _outgoing_signer is not None:
        token = _outgoing_signer(caller_var.get())
    return call_metadata(request_id_var.get(), token)
