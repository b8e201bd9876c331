"""LocationsPort over gRPC: the warehouse's settings, every distinct code resolved in streamed batches (with
the format drift the locations service found in them), and that drift recorded once the report is saved."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import grpc
import numpy as np

from analysis_service.domain.evaluation import ResolvedLocation
from analysis_service.domain.format_drift import FormatDrift, ResolvedUpload
from analysis_service.domain.occupancy import AreaSpec, WarehouseLayout
from analysis_service.domain.upload_ports import WarehouseSettings
from wie.locations.v1 import locations_pb2, locations_pb2_grpc
from wie_common.context import current_metadata
from wie_common.errors import Unavailable
from wie_common.grpc_client import sync_channel
from wie_common.grpc_errors import reraise_remote

SERVICE = "wie.locations.v1.LocationsService"
# Codes per message: ~100k distinct codes travel as 5 requests of ~250 KB and 5 columnar answers of ~300 KB,
# far below the 16 MiB limit, while the server can still resolve one batch as the client reads the previous.
BATCH = 20_000


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while building one object per code.

    ~100,000 new long-lived objects make the collector run full passes over the whole heap, which cost
    more than building them (measured 0.2 s vs 0.1 s). They hold no cycles, so nothing is lost by waiting;
    reference counting still frees everything. GC is switched back on only if this call switched it off,
    so concurrent or nested calls can never leave it disabled.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _from_columns(batch: list[str], cols: locations_pb2.ResolutionColumns) -> dict[str, ResolvedLocation]:
    """A columnar answer (see locations.proto) as the same ResolvedLocations `_resolved` gives.

    Every per-code attribute is one array operation over the batch (location facts are taken from the
    short table of kinds), so the only per-code Python work left is the ResolvedLocation constructor.
    """
    n = len(batch)
    kind = np.fromiter(cols.kind, np.int64, len(cols.kind))
    if not len(cols.known) == len(cols.code) == len(kind) == len(cols.reason) == len(cols.excluded) == n:
        raise Unavailable("the locations service answered a batch of the wrong size")
    kinds = cols.kinds
    if n and int(kind.max()) >= len(kinds):
        raise Unavailable("the locations service answered an unknown location kind")
    # An unknown code (even an inactive location the resolver still names) carries no location facts:
    # such rows take the extra last entry of each kind column, which holds the "no location" values.
    located = np.fromiter(cols.known, bool, n) & (kind >= 0)
    take = np.where(located, kind, len(kinds))

    def per_row(values: list[object], missing: object) -> list[object]:
        column = np.empty(len(values) + 1, dtype=object)
        for i, value in enumerate([*values, missing]):  # item by item: tuples must stay single items
            column[i] = value
        return column[take].tolist()

    code = np.array(cols.code, dtype=object)
    code[~located | (code == "")] = None
    reason = np.array(cols.reason, dtype=object)
    reason[located | (reason == "")] = None
    # The warehouse's spelling (an empty column: no learned format); "" where it is the canonical code.
    spelling = np.full(n, None, dtype=object)
    if len(cols.spelling) == n:
        spelling = np.array(cols.spelling, dtype=object)
        spelling[~located | (spelling == "")] = None
    rows = map(
        ResolvedLocation,
        located.tolist(),
        code.tolist(),
        per_row([k.type or None for k in kinds], None),
        per_row([k.capacity for k in kinds], None),
        per_row([k.zone or None for k in kinds], None),
        per_row([tuple(k.allowed_products) for k in kinds], ()),
        reason.tolist(),
        list(cols.excluded),
        spelling.tolist(),
    )
    with _gc_paused():
        return dict(zip(batch, rows, strict=True))


def _resolved(r: locations_pb2.Resolution) -> ResolvedLocation:
    # An unknown code (even an inactive location the resolver still names) carries no location facts.
    loc = r.location if r.known and r.HasField("location") else None
    if loc is None:
        return ResolvedLocation(known=False, reason=r.reason or None, excluded=r.excluded)
    return ResolvedLocation(
        known=True,
        code=loc.code or None,
        type=loc.type or None,
        capacity=loc.capacity,
        zone=loc.zone or None,
        allowed_products=tuple(loc.allowed_products),
        reason=None,
        excluded=r.excluded,
        spelling=loc.spelling or None,
    )


def _drift(check: locations_pb2.DriftCheck) -> FormatDrift | None:
    if not check.HasField("drift"):
        return None
    d = check.drift
    return FormatDrift(d.message, tuple(d.samples), d.affected, d.storage_codes)


def _layout(w: locations_pb2.Warehouse) -> WarehouseLayout | None:
    s = w.structure
    if not w.HasField("structure") or s.aisles <= 0:
        return None
    return WarehouseLayout(
        aisles=s.aisles,
        racks_per_aisle=s.racks_per_aisle,
        positions_per_rack=s.positions_per_rack,
        levels=s.levels,
        default_pallet_capacity=s.default_pallet_capacity,
        default_zone=s.default_zone,
        zones=tuple((tuple(z.aisles), z.zone) for z in s.zones),
        areas=tuple(
            AreaSpec(a.code, a.type, a.capacity, a.zone)
            for a in w.special_areas
            if not a.HasField("is_active") or a.is_active
        ),
    )


class GrpcLocations:
    def __init__(self, target: str, deadline_s: float) -> None:
        self.stub = locations_pb2_grpc.LocationsServiceStub(sync_channel(target, SERVICE, ["GetWarehouse"]))
        self.deadline_s = deadline_s

    def warehouse_settings(self, warehouse_id: str) -> WarehouseSettings:
        try:
            w = self.stub.GetWarehouse(
                locations_pb2.GetWarehouseRequest(id=warehouse_id),
                timeout=self.deadline_s,
                metadata=current_metadata(),
            )
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc
        return WarehouseSettings(
            timezone=w.timezone or "UTC", date_order=w.date_order or "MDY", layout=_layout(w)
        )

    def resolve(self, warehouse_id: str, codes: Sequence[str]) -> dict[str, ResolvedLocation]:
        return self._resolve(warehouse_id, codes, watch_drift=False)[0]

    def resolve_upload(self, warehouse_id: str, codes: Sequence[str]) -> ResolvedUpload:
        """An upload's distinct codes resolved, with the format drift the locations service found in them."""
        locations, drift = self._resolve(warehouse_id, codes, watch_drift=True)
        return ResolvedUpload(locations, drift)

    def record_format_drift(self, warehouse_id: str, report_id: str, drift: FormatDrift) -> None:
        try:
            self.stub.RecordFormatDrift(
                locations_pb2.RecordFormatDriftRequest(
                    warehouse_id=warehouse_id,
                    report_id=report_id,
                    sample_codes=list(drift.samples),
                    affected=drift.affected,
                    storage_codes=drift.storage_codes,
                ),
                timeout=self.deadline_s,
                metadata=current_metadata(),
            )
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc

    def _resolve(
        self, warehouse_id: str, codes: Sequence[str], *, watch_drift: bool
    ) -> tuple[dict[str, ResolvedLocation], FormatDrift | None]:
        batches = [list(codes[i : i + BATCH]) for i in range(0, len(codes), BATCH)]

        def requests() -> Iterator[locations_pb2.ResolveBatch]:
            for i, batch in enumerate(batches):
                yield locations_pb2.ResolveBatch(
                    warehouse_id=warehouse_id,
                    codes=batch,
                    columnar=True,
                    watch_format_drift=watch_drift and i == 0,
                )

        out: dict[str, ResolvedLocation] = {}
        drift: FormatDrift | None = None
        if not batches:
            return out, None
        try:
            replies = self.stub.ResolveLocations(
                requests(), timeout=self.deadline_s * 6, metadata=current_metadata()
            )
            # Read to the end of the stream (not just one reply per batch) so the call finishes with the
            # server's status instead of being cancelled under a server still reading requests.
            for i, reply in enumerate(replies):
                if reply.HasField("drift_check"):  # after the last batch, when the upload was watched
                    drift = _drift(reply.drift_check)
                    continue
                if i >= len(batches):
                    raise Unavailable("the locations service answered more batches than were sent")
                batch = batches[i]
                if reply.HasField("columns"):
                    out.update(_from_columns(batch, reply.columns))
                    continue
                # A server that predates `columnar` answers one Resolution message per code.
                if len(reply.resolutions) != len(batch):
                    raise Unavailable("the locations service answered a batch of the wrong size")
                for code, resolution in zip(batch, reply.resolutions, strict=True):
                    out[code] = _resolved(resolution)
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc
        if len(out) != len(codes):
            raise Unavailable("the locations service did not resolve every code")
        return out, drift
