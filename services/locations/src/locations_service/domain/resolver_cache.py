"""Built resolvers kept per warehouse, keyed by the warehouse's version (revision, updated_at).

Every analysis resolves all its codes, and repeated analyses of the same warehouse would otherwise rebuild
the model from the database and recompile its formats each time. A resolver also keeps its per-code answers,
so a re-analysis of a similar file is mostly cache hits. Any change to the model bumps the version, so a
stale entry is simply never asked for again; entries are evicted least-recently-used.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from .model import WarehouseModel
from .resolver import Resolver

Version = tuple[int, datetime]
DEFAULT_MAX_WAREHOUSES = 64


@dataclass(frozen=True)
class CachedModel:
    version: Version
    resolver: Resolver
    override_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def model(self) -> WarehouseModel:
        return self.resolver.model

    @classmethod
    def build(cls, version: Version, model: WarehouseModel) -> CachedModel:
        return cls(version, Resolver(model), frozenset(o.code for o in model.overrides))


class ResolverCache:
    def __init__(self, max_warehouses: int = DEFAULT_MAX_WAREHOUSES) -> None:
        self.max_warehouses = max_warehouses
        self._entries: OrderedDict[str, CachedModel] = OrderedDict()
        self._lock = threading.Lock()  # the gRPC server runs calls on a thread pool
        self.builds = 0  # how many resolvers were built (tests check the cache is used)

    def get(self, warehouse_id: str, version: Version) -> CachedModel | None:
        with self._lock:
            entry = self._entries.get(warehouse_id)
            if entry is None or entry.version != version:
                return None
            self._entries.move_to_end(warehouse_id)
            return entry

    def put(self, warehouse_id: str, version: Version, model: WarehouseModel) -> CachedModel:
        entry = CachedModel.build(version, model)  # built outside the lock: it is the slow part
        with self._lock:
            self.builds += 1
            current = self._entries.get(warehouse_id)
            # Two threads may build concurrently; never replace a newer version with an older one.
            if current is None or current.version < version:
                self._entries[warehouse_id] = entry
                self._entries.move_to_end(warehouse_id)
            while len(self._entries) > self.max_warehouses:
                self._entries.popitem(last=False)
        return entry

    def forget(self, warehouse_id: str) -> None:
        with self._lock:
            self._entries.pop(warehouse_id, None)
