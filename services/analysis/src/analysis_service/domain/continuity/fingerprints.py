"""The identity of an anomaly across uploads: fingerprint = (rule lineage, key), spec/rules.md §5.

The rule lineage is the rule's `overrides_rule_id` when it overrides another rule, else its own id, so
editing or overriding a rule keeps it. The key names what the anomaly is about:

- OVERCAPACITY: the canonical location (`details.canonical` when the warehouse spells codes its own way);
- DATA_INTEGRITY: `details.check` + the pallet id; `missing_pallet_id` (and any check on a row without a
  pallet id): the check + the location as written;
- every other rule: the pallet id; a pallet without an id (a row of its own) is known by the location as
  written — the only thing that identifies it from one export to the next.

Within one report a fingerprint can repeat only for rows without pallet ids at one location; the n-th repeat
(n ≥ 2) gets the suffix "\\x1f<n>", so the second such row of yesterday pairs with the second of today and a
fingerprint names at most one anomaly of a report. Migration analysis_0002 computes the same in SQL for
anomalies stored before it; tests/integration/test_continuity_migration.py checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from analysis_service.domain.evaluation import Anomaly

REPEAT_MARK = "\x1f"


def rule_lineage(rule_id: str, overrides_rule_id: str | None) -> str:
    return overrides_rule_id or rule_id


def _written(location: str | None, details: Mapping[str, Any]) -> str:
    return details.get("location_as_written") or location or ""


def anomaly_key(
    rule_type: str, pallet_id: str | None, location: str | None, details: Mapping[str, Any]
) -> str:
    if rule_type == "OVERCAPACITY":
        return "location:" + (details.get("canonical") or location or "")
    if rule_type == "DATA_INTEGRITY":
        check = str(details.get("check") or "")
        if check == "missing_pallet_id" or pallet_id is None:
            return f"{check}:row@{_written(location, details)}"
        return f"{check}:pallet:{pallet_id}"
    if pallet_id is None:
        return "row@" + _written(location, details)
    return "pallet:" + pallet_id


def fingerprints(anomalies: Sequence[Anomaly], lineages: Mapping[str, str]) -> list[str]:
    """One fingerprint per anomaly, in order; `lineages` maps a rule id to its lineage (default: itself)."""
    seen: dict[str, int] = {}
    out = []
    for a in anomalies:
        key = anomaly_key(a.rule_type, a.pallet_id, a.location, a.details)
        base = f"{lineages.get(a.rule_id, a.rule_id)}|{key}"
        n = seen[base] = seen.get(base, 0) + 1
        out.append(base if n == 1 else f"{base}{REPEAT_MARK}{n}")
    return out
