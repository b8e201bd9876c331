"""Location types a rule may name: the built-in ones, plus the warehouse's own (rules.md §2.2).

A warehouse's own types are those of its special areas (QC, QUARANTINE, RETURNS …), which the locations
service owns: this service asks it over gRPC (`LocationTypesPort`, clients/locations_client.py) with the
caller's identity, and only when a rule names a type that is not built in — a rule using built-in types
never depends on the locations service being up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from .enums import LocationType

BUILT_IN = tuple(t.value for t in LocationType)
CONTEXT_KEY = "custom_location_types"  # pydantic validation context: a CustomTypes
TYPE_NAME_PATTERN = r"^[A-Z0-9_]{2,20}$"
LOCATION_TYPE_REF = "#/$defs/LocationType"  # how a conditions schema names the type of a location type
LOCATION_TYPE_SCHEMA: dict[str, Any] = {"enum": list(BUILT_IN), "title": "LocationType", "type": "string"}


class LocationTypesPort(Protocol):
    def custom_types(self, warehouse_id: str) -> frozenset[str]: ...


class CustomTypes:
    """The warehouse's own types, fetched at most once and only when first asked for."""

    def __init__(self, fetch: Callable[[], frozenset[str]] | None) -> None:
        self._fetch = fetch
        self._types: frozenset[str] | None = None

    def __call__(self) -> frozenset[str]:
        if self._types is None:
            self._types = self._fetch() if self._fetch is not None else frozenset()
        return self._types


NO_CUSTOM_TYPES = CustomTypes(None)


def with_location_type_def(schema: dict[str, Any]) -> dict[str, Any]:
    """A generated schema whose location types refer to one `$defs.LocationType` (as an enum of types did
    before the warehouses' own types existed, and as the console reads it)."""
    found = False

    def walk(node: Any) -> Any:
        nonlocal found
        if node == LOCATION_TYPE_SCHEMA:
            found = True
            return {"$ref": LOCATION_TYPE_REF}
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    walked: dict[str, Any] = walk(schema)
    if found:
        walked["$defs"] = {**walked.get("$defs", {}), "LocationType": dict(LOCATION_TYPE_SCHEMA)}
    return walked


def with_custom_types(schema: dict[str, Any], custom: tuple[str, ...]) -> dict[str, Any]:
    """A conditions JSON schema whose location-type enums also allow `custom` (a copy; the input stays)."""
    if not custom:
        return schema

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            if out.get("enum") == list(BUILT_IN):
                out["enum"] = [*BUILT_IN, *sorted(set(custom) - set(BUILT_IN))]
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    walked: dict[str, Any] = walk(schema)
    return walked
