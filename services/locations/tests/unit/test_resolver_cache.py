"""The per-warehouse resolver cache: version keys, newest wins, least recently used evicted."""

from __future__ import annotations

from datetime import UTC, datetime

from locations_service.domain import WarehouseModel
from locations_service.domain.resolver_cache import ResolverCache

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 2, tzinfo=UTC)


def test_hit_only_for_the_same_version(example_model: WarehouseModel):
    cache = ResolverCache()
    built = cache.put("w", (1, T0), example_model)
    assert cache.get("w", (1, T0)) is built
    assert cache.get("w", (2, T1)) is None
    assert cache.get("other", (1, T0)) is None
    assert built.resolver.resolve("1-1-1A").location.code == "01-01-001A"


def test_an_older_build_never_replaces_a_newer_one(example_model: WarehouseModel, rich_model: WarehouseModel):
    cache = ResolverCache()
    newer = cache.put("w", (2, T1), rich_model)
    older = cache.put("w", (1, T0), example_model)  # a slow reader finishing late
    assert cache.get("w", (2, T1)) is newer
    assert cache.get("w", (1, T0)) is None
    assert older.model is example_model  # still handed to the caller that built it
    assert newer.override_codes == {o.code for o in rich_model.overrides}


def test_least_recently_used_is_evicted(example_model: WarehouseModel):
    cache = ResolverCache(max_warehouses=2)
    cache.put("a", (1, T0), example_model)
    cache.put("b", (1, T0), example_model)
    assert cache.get("a", (1, T0)) is not None  # a is now the most recent
    cache.put("c", (1, T0), example_model)
    assert cache.get("b", (1, T0)) is None
    assert cache.get("a", (1, T0)) is not None and cache.get("c", (1, T0)) is not None
    cache.forget("a")
    assert cache.get("a", (1, T0)) is None
    assert cache.builds == 3
