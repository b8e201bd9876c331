"""The per-report occupancy aggregate behind the dashboard and the heatmap (api.md "Across uploads").

One row per aisle, per rack that holds pallets or anomalies, per zone and per special area — never one per
pallet. The structure itself (aisles × racks, the default capacity of a rack) is kept with the report as its
`layout`, so the heatmap can draw the empty racks of that day without a row each.

Placement: a known code that is a special area of the warehouse is that area; any other known code in the
canonical storage form `AA-RR-PPPL` is in rack (aisle, rack). A rack's zone, and so the zone its pallets and
capacity count under, is its aisle's zone (`structure.zones`, else the default zone). A rack's capacity is its
positions × levels at the default capacity, except that the locations the file names count with their own
resolved capacity (a per-location override); an empty overridden location counts at the default.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis_service.domain.evaluation import Anomaly
from analysis_service.domain.evaluation.location_counts import LocationCounts

STORAGE_CODE = re.compile(r"^(\d+)-(\d+)-(\d+)[A-Z]$")


@dataclass(frozen=True)
class AreaSpec:
    code: str
    type: str
    capacity: int
    zone: str


@dataclass(frozen=True)
class WarehouseLayout:
    aisles: int
    racks_per_aisle: int
    positions_per_rack: int
    levels: str
    default_pallet_capacity: int
    default_zone: str
    zones: tuple[tuple[tuple[int, ...], str], ...] = ()  # (aisles, zone)
    areas: tuple[AreaSpec, ...] = ()

    @property
    def rack_slots(self) -> int:
        return self.positions_per_rack * len(self.levels)

    @property
    def rack_capacity(self) -> int:
        return self.rack_slots * self.default_pallet_capacity

    def aisle_zone(self, aisle: int) -> str:
        for aisles, zone in self.zones:
            if aisle in aisles:
                return zone.upper()
        return self.default_zone.upper()

    def stored(self) -> dict[str, Any]:
        """What the report keeps to draw its heatmap later."""
        return {
            "aisles": self.aisles,
            "racks_per_aisle": self.racks_per_aisle,
            "rack_capacity": self.rack_capacity,
        }


@dataclass
class OccupancyRow:
    scope: str  # aisle | rack | zone | area
    pallets: int = 0
    capacity: int = 0
    anomalies: int = 0
    aisle: int | None = None
    rack: int | None = None
    zone: str | None = None
    area_code: str | None = None
    area_type: str | None = None


@dataclass
class _Rack:
    pallets: int = 0
    anomalies: int = 0
    named: int = 0  # locations the file names in this rack
    named_capacity: int = 0
    codes: set[str] = field(default_factory=set)


def anomalies_per_location(anomalies: Sequence[Anomaly]) -> Counter[str]:
    """Anomalies per canonical code (`details.canonical` when the warehouse spells codes its own way)."""
    return Counter(str(a.details.get("canonical") or a.location) for a in anomalies if a.location)


def aggregate(
    layout: WarehouseLayout, counts: LocationCounts, anomalies: Sequence[Anomaly]
) -> list[OccupancyRow]:
    per_code = anomalies_per_location(anomalies)
    areas = {a.code.upper(): a for a in layout.areas}
    area_pallets: Counter[str] = Counter()
    racks: dict[tuple[int, int], _Rack] = {}

    def rack_of(code: str) -> _Rack | None:
        m = STORAGE_CODE.match(code)
        if not m:
            return None
        aisle, rack = int(m.group(1)), int(m.group(2))
        if not (1 <= aisle <= layout.aisles and 1 <= rack <= layout.racks_per_aisle):
            return None
        return racks.setdefault((aisle, rack), _Rack())

    for code, pallets, capacity in zip(counts.codes, counts.pallets, counts.capacity, strict=True):
        if code in areas:
            area_pallets[code] += pallets
            continue
        cell = rack_of(code)
        if cell is not None and code not in cell.codes:
            cell.codes.add(code)
            cell.pallets += pallets
            cell.named += 1
            cell.named_capacity += layout.default_pallet_capacity if capacity is None else capacity
    for code, n in per_code.items():
        if code in areas:
            continue
        cell = rack_of(code)
        if cell is not None:
            cell.anomalies += n

    rows: list[OccupancyRow] = []
    aisle_rows = {
        aisle: OccupancyRow(
            "aisle",
            capacity=layout.racks_per_aisle * layout.rack_capacity,
            aisle=aisle,
            zone=layout.aisle_zone(aisle),
        )
        for aisle in range(1, layout.aisles + 1)
    }
    for (aisle, rack), cell in sorted(racks.items()):
        capacity = (layout.rack_slots - cell.named) * layout.default_pallet_capacity + cell.named_capacity
        rows.append(
            OccupancyRow(
                "rack",
                pallets=cell.pallets,
                capacity=capacity,
                anomalies=cell.anomalies,
                aisle=aisle,
                rack=rack,
                zone=layout.aisle_zone(aisle),
            )
        )
        total = aisle_rows[aisle]
        total.pallets += cell.pallets
        total.capacity += capacity - layout.rack_capacity
        total.anomalies += cell.anomalies
    rows.extend(aisle_rows.values())
    zones: dict[str, OccupancyRow] = {}
    for total in aisle_rows.values():
        zone = zones.setdefault(str(total.zone), OccupancyRow("zone", zone=total.zone))
        zone.pallets += total.pallets
        zone.capacity += total.capacity
        zone.anomalies += total.anomalies
    for code, area in sorted(areas.items()):
        row = OccupancyRow(
            "area",
            pallets=area_pallets[code],
            capacity=area.capacity,
            anomalies=per_code.get(code, 0),
            zone=area.zone.upper() or layout.default_zone.upper(),
            area_code=code,
            area_type=area.type,
        )
        rows.append(row)
        zone = zones.setdefault(str(row.zone), OccupancyRow("zone", zone=row.zone))
        zone.pallets += row.pallets
        zone.capacity += row.capacity
        zone.anomalies += row.anomalies
    rows.extend(zones[z] for z in sorted(zones))
    return rows
