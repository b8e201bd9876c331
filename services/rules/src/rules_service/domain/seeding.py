"""Seed the catalog: the three categories and the eight system defaults of spec/rules.md §3.

Idempotent by key (category code, default_key). A default whose stored content differs from the spec (a
release changed it) is updated as a new version, so the history tells when and why it moved.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from .defaults import CATEGORIES, DEFAULT_RULES
from .history import creation_change, update_change
from .model import snapshot
from .ports import SYSTEM_ACTOR, RulesRepository

# Fixed namespace: a default has the same id in every installation, so ids in docs and anomalies stay valid
# across a fresh database.
_DEFAULTS_NAMESPACE = uuid.UUID("6f1c3a52-4d0e-4c8e-9a57-2b8e61d0c0de")


def default_rule_id(default_key: str) -> str:
    return str(uuid.uuid5(_DEFAULTS_NAMESPACE, default_key))


def seed_catalog(repo: RulesRepository) -> None:
    for category in CATEGORIES:
        repo.upsert_category(category)
    for spec in DEFAULT_RULES:
        stored = repo.get_default(spec.default_key, for_update=True)
        if stored is None:
            rule = spec.to_rule(default_rule_id(spec.default_key))
            repo.add_rule(rule, default_key=spec.default_key)
            repo.add_history(
                creation_change(rule, changed_by=SYSTEM_ACTOR.user_id), snapshot(rule), SYSTEM_ACTOR
            )
            continue
        current = stored.rule
        wanted = spec.to_rule(current.id, version=current.version)
        if wanted != current:
            new = replace(wanted, version=current.version + 1)
            repo.save_rule(new)
            change = update_change(current, new, changed_by=SYSTEM_ACTOR.user_id)
            repo.add_history(change, snapshot(new), SYSTEM_ACTOR)
