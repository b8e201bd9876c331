/** An anomaly's `details` as label/value pairs a person reads (never raw JSON). */

import { humanize } from "../../format/labels";

const MAX_LIST = 12;

export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return Number.isFinite(value) ? value.toLocaleString("en-US") : "—";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const items = value.map(describeValue);
    const shown = items.slice(0, MAX_LIST).join(", ");
    return items.length > MAX_LIST ? `${shown} … (${items.length} in all)` : shown || "none";
  }
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${humanize(k)}: ${describeValue(v)}`)
      .join("; ");
  }
  return String(value);
}

export function detailRows(details: Record<string, unknown>): Array<{ label: string; value: string }> {
  return Object.entries(details).map(([key, value]) => ({ label: humanize(key), value: describeValue(value) }));
}
