"""Real rule and location logic behind the upload ports, for integration tests of the analysis service.

The locations resolver and the default rules are the other services' own pure domain code, so these tests
exercise the real semantics without starting those processes (the e2e tests do that)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis_service.domain.evaluation import ResolvedLocation, RuleRun, RuleSpec
from analysis_service.domain.format_drift import FormatDrift, ResolvedUpload
from analysis_service.domain.occupancy import AreaSpec, WarehouseLayout
from analysis_service.domain.upload_ports import WarehouseSettings
from locations_service.domain import (
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    ZoneRange,
    auto_aisle_areas,
)
from locations_service.domain.drift import DriftWatch
from rules_service.domain import DEFAULT_RULES

EXAMPLE_STRUCTURE = Structure(
    aisles=2,
    racks_per_aisle=1,
    positions_per_rack=10,
    levels="AB",
    default_pallet_capacity=1,
    default_zone="AMBIENT",
    zones=(ZoneRange(aisles=(2,), zone="FREEZER"),),
)
EXAMPLE_AREAS = (
    SpecialArea("RECV-01", "RECEIVING", 4, "DOCK"),
    SpecialArea("STAGE-01", "STAGING", 2, "AMBIENT"),
)


class DomainLocations:
    def __init__(
        self, model: WarehouseModel | None = None, timezone: str = "UTC", date_order: str = "MDY"
    ) -> None:
        model = model or WarehouseModel(
            EXAMPLE_STRUCTURE, special_areas=(*EXAMPLE_AREAS, *auto_aisle_areas(EXAMPLE_STRUCTURE))
        )
        self.resolver = Resolver(model)
        self.settings = WarehouseSettings(timezone, date_order, layout=layout_of(model))
        self.calls = 0
        self.drifts: list[tuple[str, FormatDrift]] = []  # (report id, drift) recorded after saving

    def warehouse_settings(self, warehouse_id: str) -> WarehouseSettings:
        return self.settings

    def resolve(self, warehouse_id: str, codes: Sequence[str]) -> dict[str, ResolvedLocation]:
        self.calls += 1
        out = {}
        for code, r in zip(codes, self.resolver.resolve_many(codes), strict=True):
            loc = r.location if r.known else None
            out[code] = ResolvedLocation(
                known=r.known,
                code=loc.code if loc else None,
                type=loc.type if loc else None,
                capacity=loc.capacity if loc else None,
                zone=loc.zone if loc else None,
                allowed_products=tuple(loc.allowed_products) if loc else (),
                reason=r.reason,
                excluded=r.excluded,
                spelling=(loc.spelling or None) if loc else None,
            )
        return out

    def resolve_upload(self, warehouse_id: str, codes: Sequence[str]) -> ResolvedUpload:
        watch = DriftWatch(self.resolver)  # what the ResolveLocations stream does when asked to watch
        watch.add(codes)
        found = watch.drift()
        drift = (
            FormatDrift(found.message, found.samples, found.affected, found.storage_codes) if found else None
        )
        return ResolvedUpload(self.resolve(warehouse_id, codes), drift)

    def record_format_drift(self, warehouse_id: str, report_id: str, drift: FormatDrift) -> None:
        self.drifts.append((report_id, drift))


def layout_of(model: WarehouseModel) -> WarehouseLayout:
    """The layout the locations client builds from GetWarehouse, for the occupancy aggregate."""
    s = model.structure
    return WarehouseLayout(
        aisles=s.aisles,
        racks_per_aisle=s.racks_per_aisle,
        positions_per_rack=s.positions_per_rack,
        levels=s.levels,
        default_pallet_capacity=s.default_pallet_capacity,
        default_zone=s.default_zone,
        zones=tuple((tuple(z.aisles), z.zone) for z in s.zones),
        areas=tuple(
            AreaSpec(a.code, a.type, a.capacity, a.zone or s.default_zone) for a in model.special_areas
        ),
    )


class DefaultRules:
    def __init__(self) -> None:
        self.recorded: list[tuple[str, list[RuleRun]]] = []

    def effective_rules(self, warehouse_id: str) -> list[RuleSpec]:
        return [
            RuleSpec(
                id=f"default-{i}",
                version=1,
                name=d.name,
                rule_type=str(d.rule_type),
                category=str(d.category),
                priority=str(d.priority),
                precedence=d.precedence,
                conditions=dict(d.conditions),
            )
            for i, d in enumerate(DEFAULT_RULES, start=1)
        ]

    def record_performance(
        self, report_id: str, warehouse_id: str, runs: Sequence[RuleRun], versions: dict[str, int]
    ) -> None:
        self.recorded.append((report_id, list(runs)))


EXAMPLE_CSV = (Path(__file__).resolve().parents[1] / "data" / "example.csv").read_text()
EXAMPLE_AS_OF = "2026-01-10T08:00:00Z"
# (rule_type, check, pallet_id, location, rows, priority) — spec/example.md, exactly.
EXAMPLE_EXPECTED = {
    ("STAGNANT_PALLETS", None, "P001", "RECV-01", (1,), "HIGH"),
    ("UNCOORDINATED_LOTS", None, "P007", "RECV-01", (7,), "VERY_HIGH"),
    ("OVERCAPACITY", None, None, "01-01-005A", (8, 9), "VERY_HIGH"),
    ("INVALID_LOCATION", None, "P010", "03-01-001A", (10,), "HIGH"),
    ("LOCATION_SPECIFIC_STAGNANT", None, "P011", "AISLE-01", (11,), "HIGH"),
    ("TEMPERATURE_ZONE_MISMATCH", None, "P013", "01-01-006B", (13,), "VERY_HIGH"),
    ("DATA_INTEGRITY", "duplicate_scan", "P016", "01-01-007A", (16, 17), "MEDIUM"),
    ("DATA_INTEGRITY", "missing_location", "P017", None, (18,), "MEDIUM"),
    ("DATA_INTEGRITY", "invalid_date", "P018", "01-01-009A", (19,), "MEDIUM"),
    ("DATA_INTEGRITY", "missing_pallet_id", None, "01-01-010A", (20,), "MEDIUM"),
    ("DATA_INTEGRITY", "invalid_date", "P019", "02-01-002B", (21,), "MEDIUM"),
}
