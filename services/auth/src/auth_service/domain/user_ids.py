"""User ids as they arrive (text in metadata and requests) → UUIDs; a malformed one names no user."""

from __future__ import annotations

import uuid

from wie_common.errors import NotFound


def user_uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError) as exc:
        raise NotFound("user not found", reason="user_not_found") from exc
