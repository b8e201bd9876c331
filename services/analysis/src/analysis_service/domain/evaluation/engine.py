"""`evaluate`: run a warehouse's active rules over one prepared inventory file.

Order: rules run by precedence (1 first), ties broken by rule id; within a rule anomalies come in file order
(first row ascending). The same input always gives the same anomalies in the same order.

Cross-rule suppression: a rule whose conditions hold `exclude_if_flagged_by: [RULE_TYPE, ...]` does not report
a pallet that an already-run rule of a listed type with a strictly lower precedence number flagged. Pallets
are identified by id (a row without an id is a pallet of its own). Location-level anomalies (OVERCAPACITY)
name no pallet, so they suppress nothing; an OVERCAPACITY rule with `exclude_if_flagged_by` still counts
every pallet, since a location is full whatever else is wrong with its pallets. Suppression only hides
anomalies: a suppressed pallet still counts towards lot sizes and occupancy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

import numpy as np
import pandas as pd

from .context import RuleContext
from .inputs import ResolvedLocation, RuleSpec
from .location_counts import count_locations
from .patterns import as_upper_list
from .prepared_columns import Prepared
from .results import Anomaly, Evaluation, RuleRun
from .rules import LOCATION_LEVEL_TYPES, REGISTRY

log = logging.getLogger(__name__)


def ordered_rules(rules: Iterable[RuleSpec]) -> list[RuleSpec]:
    """The active rules in evaluation order."""
    return sorted((r for r in rules if r.is_active), key=lambda r: (r.precedence, r.id))


def evaluate(
    frame: pd.DataFrame,
    extras: pd.DataFrame | None,
    locations: Mapping[str, ResolvedLocation],
    rules: Iterable[RuleSpec],
    as_of: datetime,
    has_location_type: bool,
    on_rule: Callable[[int], None] | None = None,
) -> Evaluation:
    """Every anomaly of one file, plus each rule's run time.

    `frame` follows the intake contract (one row per data row, `row` 1-based), `extras` holds the file's other
    columns aligned to `frame`'s index, `locations` maps each upper-cased location text to its resolution,
    `rules` are the warehouse's effective rules (inactive ones are skipped), `as_of` is the reference time.
    `on_rule` hears how many rules have run after each one (an upload job's progress).
    """
    data = Prepared(frame, extras, locations, as_of)
    flagged: list[tuple[RuleSpec, np.ndarray]] = []
    anomalies: list[Anomaly] = []
    runs: list[RuleRun] = []
    for done, rule in enumerate(ordered_rules(rules), start=1):
        rule_type = rule.rule_type.upper()
        function = REGISTRY.get(rule_type)
        if function is None:
            log.warning("rule %s has unknown type %s; skipped", rule.id, rule.rule_type)
            continue
        started = time.perf_counter()
        ctx = RuleContext(rule, data, has_location_type, _suppressed(rule, flagged, data))
        found = function(ctx)
        ctx.attach_row_data()
        found.sort(key=lambda a: a.rows[0])
        elapsed_ms = (time.perf_counter() - started) * 1000.0
        if ctx.flagged and rule_type not in LOCATION_LEVEL_TYPES:
            flagged.append((rule, np.unique(np.concatenate(ctx.flagged))))
        anomalies.extend(found)
        runs.append(RuleRun(rule_id=rule.id, anomalies=len(found), elapsed_ms=elapsed_ms, rows=data.n))
        if on_rule is not None:
            on_rule(done)
    return Evaluation(anomalies=anomalies, runs=runs, locations=count_locations(data))


def _suppressed(rule: RuleSpec, flagged: list[tuple[RuleSpec, np.ndarray]], data: Prepared) -> np.ndarray:
    """Rows of the pallets this rule must not report."""
    types = set(as_upper_list((rule.conditions or {}).get("exclude_if_flagged_by")))
    keys = [
        pallets
        for earlier, pallets in flagged
        if earlier.rule_type.upper() in types and earlier.precedence < rule.precedence
    ]
    if not keys or rule.rule_type.upper() in LOCATION_LEVEL_TYPES:
        return np.zeros(data.n, dtype=bool)
    return np.isin(data.pkey, np.concatenate(keys))
