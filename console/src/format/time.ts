/** Times as a warehouse team reads them: in the warehouse's time zone, with relative ages. */

import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

function valid(iso: string | null | undefined): dayjs.Dayjs | null {
  if (!iso) return null;
  const parsed = dayjs(iso);
  return parsed.isValid() ? parsed : null;
}

/** "2025-03-04 14:05" in the zone (falls back to UTC for an unknown zone name). */
export function formatInZone(iso: string | null | undefined, zone: string): string {
  const parsed = valid(iso);
  if (!parsed) return "—";
  try {
    return parsed.tz(zone).format("YYYY-MM-DD HH:mm");
  } catch {
    return `${parsed.utc().format("YYYY-MM-DD HH:mm")} UTC`;
  }
}

/** "3 hours ago" relative to now. */
export function ago(iso: string | null | undefined, now: Date = new Date()): string {
  const parsed = valid(iso);
  return parsed ? parsed.from(now) : "—";
}

/** A duration in compact units: "45 s", "12 min", "12 h", "3 d". */
export function compactDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** An age between a time and now: "12 h". */
export function age(iso: string | null | undefined, now: Date = new Date()): string {
  const parsed = valid(iso);
  return parsed ? compactDuration(now.getTime() - parsed.valueOf()) : "—";
}

/** A local datetime-input value (YYYY-MM-DDTHH:mm) for now in the zone. */
export function nowInZoneInput(zone: string): string {
  try {
    return dayjs().tz(zone).format("YYYY-MM-DDTHH:mm");
  } catch {
    return dayjs().format("YYYY-MM-DDTHH:mm");
  }
}

/** A datetime-input value read as wall time in the zone, as an ISO 8601 UTC string. */
export function zoneInputToIso(value: string, zone: string): string | null {
  if (!value) return null;
  try {
    const parsed = dayjs.tz(value, "YYYY-MM-DDTHH:mm", zone);
    return parsed.isValid() ? parsed.utc().toISOString() : null;
  } catch {
    return null;
  }
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
