"""Errors of the locations domain.

Each error names the gRPC status the servicer should answer with (as a plain string, so this package stays
free of grpc imports). An unknown location code is *not* an error: it is a normal `Resolution`.
"""

from __future__ import annotations


class LocationsDomainError(Exception):
    """Base of every error this domain raises; `status` is a gRPC status code name."""

    status = "INTERNAL"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DomainValidationError(LocationsDomainError):
    """Input that breaks a rule of the location model; `field` is a dotted path such as `structure.aisles`."""

    status = "INVALID_ARGUMENT"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def under(self, prefix: str) -> DomainValidationError:
        """The same error with its field nested under `prefix` (e.g. `structure`)."""
        return DomainValidationError(f"{prefix}.{self.field}", self.message)


class LocationNotFoundError(LocationsDomainError):
    """A stored object (special area or override) asked for by code does not exist."""

    status = "NOT_FOUND"

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"location {code}: {reason}")
        self.code = code
        self.reason = reason
