"""Input rules for accounts and invitations."""

from __future__ import annotations

import re

from wie_common.errors import FieldError, InvalidArgument

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
INVITATION_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # anything else is simply an unknown code
MIN_PASSWORD = 8
MAX_PASSWORD = 256


def validate_registration(username: str, password: str) -> None:
    errors = []
    if not USERNAME_RE.match(username or ""):
        errors.append(FieldError("username", "3-64 characters: letters, digits, '_', '.', '-'"))
    if not (MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD):
        errors.append(FieldError("password", f"must be {MIN_PASSWORD}-{MAX_PASSWORD} characters"))
    if errors:
        raise InvalidArgument("invalid registration", reason="invalid_registration", errors=errors)


def validate_invitation(max_uses: int, expires_in_days: int) -> None:
    errors = []
    if not 1 <= max_uses <= 100:
        errors.append(FieldError("max_uses", "must be between 1 and 100"))
    if not 0 <= expires_in_days <= 365:
        errors.append(FieldError("expires_in_days", "must be between 1 and 365 (or omitted)"))
    if errors:
        raise InvalidArgument("invalid invitation", reason="invalid_invitation", errors=errors)
