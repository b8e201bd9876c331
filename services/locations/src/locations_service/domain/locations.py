"""Location use cases: list, resolve (one code or a stream of batches), edit, delete, detect a format.

Reads go through the resolver cache: one cheap version query per call, and the model is loaded and the
resolver built only when the warehouse changed since. A stream resolves every batch with the model it
found at its first batch, so one analysis sees one consistent model even if an admin edits meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from wie_common.access import require_access
from wie_common.context import Caller

from .columns import ResolutionColumns
from .detection import DetectedFormat, detect_format
from .drift import DriftWatch, FormatDrift
from .editing import LocationChange, plan_delete, plan_put
from .errors import invalid, warehouse_not_found
from .listing import DEFAULT_LIMIT, LocationPage, list_locations
from .model import Resolution, SpecialArea, WarehouseModel
from .ports import LocationsRepository, UnitOfWork
from .resolver_cache import CachedModel, ResolverCache

# Module-level names: inside the class, `list` is the method of that name, not the builtin.
Codes = list[str]
Batch = tuple[str, Codes, bool, bool]  # (warehouse_id, codes, columnar, watch for format drift)


@dataclass(frozen=True)
class DriftAnswer:
    """After the last batch of a stream that asked for it: the upload's format drift, if any."""

    drift: FormatDrift | None


BatchAnswer = list[Resolution] | ResolutionColumns | DriftAnswer

MAX_BATCH = 50_000  # codes in one stream message; the analysis service sends 5,000


class LocationService:
    def __init__(self, uow: UnitOfWork, cache: ResolverCache) -> None:
        self.uow = uow
        self.cache = cache

    def current(self, caller: Caller | None, warehouse_id: str) -> CachedModel:
        """The warehouse's model and resolver as stored now (READ access)."""
        require_access(caller, warehouse_id, "READ")
        with self.uow() as repo:
            version = repo.warehouse_version(warehouse_id)
            if version is None:
                raise warehouse_not_found(warehouse_id)
            hit = self.cache.get(warehouse_id, version)
            if hit is not None:
                return hit
            record = repo.get_warehouse(warehouse_id)
        if record is None:  # deleted between the two reads
            raise warehouse_not_found(warehouse_id)
        return self.cache.put(warehouse_id, record.version, record.model())

    def list(
        self,
        caller: Caller | None,
        warehouse_id: str,
        *,
        type: str | None = None,  # the API's filter name
        zone: str | None = None,
        q: str | None = None,
        limit: int = DEFAULT_LIMIT,
        cursor: str | None = None,
    ) -> tuple[LocationPage, CachedModel]:
        cached = self.current(caller, warehouse_id)
        page = list_locations(cached.model, type=type, zone=zone, q=q, limit=limit, cursor=cursor)
        return page, cached

    def resolve(self, caller: Caller | None, warehouse_id: str, code: str) -> tuple[Resolution, CachedModel]:
        cached = self.current(caller, warehouse_id)
        return cached.resolver.resolve(code), cached

    def resolve_batches(
        self, caller: Caller | None, batches: Iterable[Batch]
    ) -> Iterator[tuple[BatchAnswer, CachedModel]]:
        """One answer per (warehouse_id, codes, columnar, watch) batch; the id is needed on the first batch
        only. A columnar batch is answered as ResolutionColumns (same answers, much cheaper for many codes).
        When the first batch asks to watch for format drift (the codes of one upload), one DriftAnswer
        follows the last batch (drift.py)."""
        cached: CachedModel | None = None
        watch: DriftWatch | None = None
        warehouse_id = ""
        for batch_warehouse, codes, columnar, watch_drift in batches:
            if cached is None:
                if not batch_warehouse:
                    raise invalid("warehouse_id", "the first batch must name the warehouse")
                warehouse_id = batch_warehouse
                cached = self.current(caller, warehouse_id)
                watch = DriftWatch(cached.resolver) if watch_drift else None
            elif batch_warehouse and batch_warehouse != warehouse_id:
                raise invalid("warehouse_id", "one stream resolves codes of one warehouse")
            if len(codes) > MAX_BATCH:
                raise invalid("codes", f"at most {MAX_BATCH} codes per batch")
            resolver = cached.resolver
            yield (resolver.resolve_columns(codes) if columnar else resolver.resolve_many(codes)), cached
            if watch is not None:
                watch.add(codes)
        if watch is not None and cached is not None:
            yield DriftAnswer(watch.drift()), cached

    def put(
        self, caller: Caller | None, warehouse_id: str, code: str, change: LocationChange
    ) -> tuple[Resolution, CachedModel]:
        """Edit a special area or a storage location's override, or create a special area (ADMIN)."""
        require_access(caller, warehouse_id, "ADMIN")
        with self.uow() as repo:
            model = self._locked_model(repo, warehouse_id)
            planned = plan_put(model, code, change)
            if isinstance(planned, SpecialArea):
                repo.save_special_area(warehouse_id, planned)
            elif planned.is_empty:  # an override that changes nothing is no override
                repo.delete_override(warehouse_id, planned.code)
            else:
                repo.save_override(warehouse_id, planned)
            if change.type is not None:  # the latest decision wins over a recorded type correction
                repo.delete_correction(warehouse_id, planned.code)
            repo.touch(warehouse_id)
            record = repo.get_warehouse(warehouse_id)
        assert record is not None
        cached = self.cache.put(warehouse_id, record.version, record.model())
        return cached.resolver.resolve(planned.code), cached

    def delete(self, caller: Caller | None, warehouse_id: str, code: str) -> None:
        """Remove a special area, or a storage location's override (the location itself stays: it is
        generated from the structure)."""
        require_access(caller, warehouse_id, "ADMIN")
        with self.uow() as repo:
            model = self._locked_model(repo, warehouse_id)
            target = plan_delete(model, code)
            if isinstance(target, SpecialArea):
                repo.delete_special_area(warehouse_id, target.code)
            else:
                repo.delete_override(warehouse_id, target.code)
            repo.delete_correction(warehouse_id, target.code)
            repo.touch(warehouse_id)

    @staticmethod
    def detect(examples: Codes) -> DetectedFormat:
        return detect_format(examples)

    @staticmethod
    def _locked_model(repo: LocationsRepository, warehouse_id: str) -> WarehouseModel:
        record = repo.get_warehouse(warehouse_id, lock=True)  # serialises concurrent edits
        if record is None:
            raise warehouse_not_found(warehouse_id)
        # Edits work on what is stored; corrections are folded in only when resolving.
        return record.model(with_corrections=False)
