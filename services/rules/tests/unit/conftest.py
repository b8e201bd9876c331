"""Helpers shared by the rules domain unit tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest

from rules_service.domain import DEFAULT_RULES, Rule
from wie_common.errors import WieError

RuleFactory = Callable[..., Rule]


@contextmanager
def rejected(kind: type[WieError], reason: str) -> Iterator[pytest.ExceptionInfo[Any]]:
    """Like pytest.raises, and the error must carry `reason`: the name clients branch on."""
    with pytest.raises(kind) as info:
        yield info
    assert info.value.reason == reason


@pytest.fixture
def system_defaults() -> list[Rule]:
    """The eight defaults as the seeder would store them, ids 1..8 in table order."""
    return [spec.to_rule(i) for i, spec in enumerate(DEFAULT_RULES, start=1)]


@pytest.fixture
def make_rule(system_defaults: list[Rule]) -> RuleFactory:
    """A warehouse rule; ``overrides`` copies the default's identity like a real override would."""

    def factory(rule_id: int, warehouse_id: str = "W1", *, overrides: int | None = None, **kw: Any) -> Rule:
        if overrides is not None:
            base = next(d for d in system_defaults if d.id == overrides)
            rule = replace(
                base,
                id=rule_id,
                warehouse_id=warehouse_id,
                overrides_rule_id=overrides,
                is_system=False,
                name=f"{base.name} (W)",
            )
        else:
            rule = Rule(
                id=rule_id,
                warehouse_id=warehouse_id,
                name=f"Own rule {rule_id}",
                description="",
                rule_type=kw.pop("rule_type", "MISSING_LOCATION"),
                category=kw.pop("category", "SPACE"),
                priority=kw.pop("priority", "LOW"),
                precedence=kw.pop("precedence", 1),
            )
        return replace(rule, **kw)

    return factory
