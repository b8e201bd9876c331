/** The setup wizard's form values, the live preview of a structure, and the API body they become. */

import type { Schemas } from "../../api/client";

export const BUILT_IN_AREA_TYPES = ["RECEIVING", "STAGING", "DOCK", "AISLE"];
const AREA_TYPE = /^[A-Z0-9_]{2,20}$/;

export interface ZoneRangeValues {
  from: number | string;
  to: number | string;
  zone: string;
}

export interface AreaValues {
  code: string;
  type: string;
  capacity: number | string;
  zone: string;
}

export interface SetupValues {
  mode: "scratch" | "template";
  name: string;
  timezone: string;
  template_code: string;
  structure: {
    aisles: number | string;
    racks_per_aisle: number | string;
    positions_per_rack: number | string;
    levels: string;
    default_pallet_capacity: number | string;
    default_zone: string;
  };
  zones: ZoneRangeValues[];
  special_areas: AreaValues[];
  auto_aisle_areas: boolean;
  format_examples: string;
  location_format: string | null;
}

export function initialSetup(timezone: string): SetupValues {
  return {
    mode: "scratch",
    name: "",
    timezone,
    template_code: "",
    structure: {
      aisles: 4,
      racks_per_aisle: 10,
      positions_per_rack: 20,
      levels: "ABCD",
      default_pallet_capacity: 1,
      default_zone: "GENERAL",
    },
    zones: [],
    special_areas: [{ code: "RECV-01", type: "RECEIVING", capacity: 10, zone: "" }],
    auto_aisle_areas: true,
    format_examples: "",
    location_format: null,
  };
}

function whole(value: number | string): number {
  const n = typeof value === "number" ? value : Number.parseInt(value, 10);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export interface StructurePreview {
  valid: boolean;
  storageLocations: number;
  firstCode: string;
  lastCode: string;
  aisles: number;
  racks: number;
  /** The zone of each aisle (1-based index − 1). */
  aisleZones: string[];
}

/** The storage codes `AA-RR-PPPL` the structure generates (rules.md §2): how many, the first and the last. */
export function previewStructure(values: SetupValues): StructurePreview {
  const s = values.structure;
  const aisles = whole(s.aisles);
  const racks = whole(s.racks_per_aisle);
  const positions = whole(s.positions_per_rack);
  const levels = s.levels.trim().toUpperCase();
  const valid = aisles > 0 && racks > 0 && positions > 0 && /^[A-Z]+$/.test(levels);
  const width = Math.max(3, String(positions).length);
  const code = (a: number, r: number, p: number, l: string) => `${pad(a, 2)}-${pad(r, 2)}-${pad(p, width)}${l}`;
  const aisleZones = Array.from({ length: Math.max(aisles, 0) }, (_, i) => zoneOfAisle(values, i + 1));
  return {
    valid,
    storageLocations: valid ? aisles * racks * positions * levels.length : 0,
    firstCode: valid ? code(1, 1, 1, levels[0] ?? "A") : "—",
    lastCode: valid ? code(aisles, racks, positions, levels[levels.length - 1] ?? "A") : "—",
    aisles: Math.max(aisles, 0),
    racks: Math.max(racks, 0),
    aisleZones,
  };
}

function zoneOfAisle(values: SetupValues, aisle: number): string {
  for (const range of values.zones) {
    const from = whole(range.from);
    const to = whole(range.to) || from;
    if (range.zone.trim() && aisle >= from && aisle <= to) return range.zone.trim().toUpperCase();
  }
  return values.structure.default_zone.trim().toUpperCase() || "GENERAL";
}

/** Checks the wizard makes before sending (the API checks everything again). */
export function validateSetup(values: SetupValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.name.trim()) errors.name = "Give the warehouse a name";
  if (values.mode === "template") {
    if (!values.template_code.trim()) errors.template_code = "Enter the template code you were given";
    return errors;
  }
  const s = values.structure;
  const positive: Array<keyof SetupValues["structure"]> = [
    "aisles",
    "racks_per_aisle",
    "positions_per_rack",
    "default_pallet_capacity",
  ];
  for (const key of positive) {
    if (whole(s[key] as number | string) < 1) errors[`structure.${key}`] = "At least 1";
  }
  if (!/^[A-Za-z]+$/.test(s.levels.trim())) errors["structure.levels"] = "Level letters, e.g. ABCD";
  if (!s.default_zone.trim()) errors["structure.default_zone"] = "Name the zone of most aisles, e.g. GENERAL";
  values.zones.forEach((range, i) => {
    const from = whole(range.from);
    const to = whole(range.to);
    if (from < 1 || from > whole(s.aisles)) errors[`zones.${i}.from`] = `An aisle from 1 to ${whole(s.aisles)}`;
    if (to < from || to > whole(s.aisles)) errors[`zones.${i}.to`] = `From ${from || 1} to ${whole(s.aisles)}`;
    if (!range.zone.trim()) errors[`zones.${i}.zone`] = "Name the zone";
  });
  const codes = new Set<string>();
  values.special_areas.forEach((area, i) => {
    const code = area.code.trim().toUpperCase();
    if (!code) errors[`special_areas.${i}.code`] = "Enter the area's code, e.g. RECV-01";
    else if (codes.has(code)) errors[`special_areas.${i}.code`] = "Two areas have this code";
    codes.add(code);
    if (!AREA_TYPE.test(area.type.trim().toUpperCase()))
      errors[`special_areas.${i}.type`] = "A type: 2–20 letters, digits or _";
    if (whole(area.capacity) < 0) errors[`special_areas.${i}.capacity`] = "0 or more";
  });
  return errors;
}

/** The POST /warehouses body. */
export function toWarehouseIn(values: SetupValues): Schemas["WarehouseIn"] {
  if (values.mode === "template") {
    return {
      name: values.name.trim(),
      template_code: values.template_code.trim(),
      timezone: values.timezone,
      auto_aisle_areas: values.auto_aisle_areas,
    };
  }
  const s = values.structure;
  return {
    name: values.name.trim(),
    timezone: values.timezone,
    structure: {
      aisles: whole(s.aisles),
      racks_per_aisle: whole(s.racks_per_aisle),
      positions_per_rack: whole(s.positions_per_rack),
      levels: s.levels.trim().toUpperCase(),
      default_pallet_capacity: whole(s.default_pallet_capacity),
      default_zone: s.default_zone.trim().toUpperCase(),
      zones: values.zones.map((range) => {
        const from = whole(range.from);
        const to = Math.max(whole(range.to), from);
        return { aisles: Array.from({ length: to - from + 1 }, (_, i) => from + i), zone: range.zone.trim().toUpperCase() };
      }),
    },
    special_areas: values.special_areas.map((area) => ({
      code: area.code.trim().toUpperCase(),
      type: area.type.trim().toUpperCase(),
      capacity: whole(area.capacity),
      zone: area.zone.trim() ? area.zone.trim().toUpperCase() : null,
      is_active: true,
    })),
    auto_aisle_areas: values.auto_aisle_areas,
  };
}

/**
 * An API field error's path ("structure.zones.0.zone", "special_areas.1.code") as the wizard's field path.
 * The API's zones are per aisle list; the wizard's are per range, with the same index.
 */
export function formPath(apiField: string): string {
  // The API writes list indexes in brackets ("special_areas[1].code").
  const path = apiField.replace(/^body\./, "").replace(/\[(\d+)\]/g, ".$1");
  if (path.startsWith("structure.zones.")) {
    const [, , index, key] = path.split(".");
    return `zones.${index}.${key === "aisles" ? "from" : (key ?? "zone")}`;
  }
  return path;
}

/** The wizard step (0-based) that holds a field. */
export function stepOfField(path: string): number {
  if (path.startsWith("structure.") || path.startsWith("zones.")) return 1;
  if (path.startsWith("special_areas") || path === "auto_aisle_areas") return 2;
  if (path.startsWith("location_format") || path.startsWith("format")) return 3;
  return 0;
}
