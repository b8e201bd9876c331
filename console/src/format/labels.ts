/** How codes from the API read on screen. */

import type { AnomalyStatus, Priority } from "../api/types";

export function humanize(code: string | null | undefined): string {
  if (!code) return "—";
  const words = code.replace(/[_-]+/g, " ").toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const PRIORITY_COLOR: Record<string, string> = {
  VERY_HIGH: "red",
  HIGH: "orange",
  MEDIUM: "yellow",
  LOW: "gray",
};

export const STATUS_COLOR: Record<string, string> = {
  NEW: "blue",
  ACKNOWLEDGED: "violet",
  IN_PROGRESS: "cyan",
  RESOLVED: "green",
  CLEARED: "gray",
};

/** spec/rules.md §4: the moves a person may make (CLEARED is the system's). */
const MOVES: Record<AnomalyStatus, AnomalyStatus[]> = {
  NEW: ["ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED"],
  ACKNOWLEDGED: ["IN_PROGRESS", "RESOLVED"],
  IN_PROGRESS: ["ACKNOWLEDGED", "RESOLVED"],
  RESOLVED: ["NEW"],
  CLEARED: [],
};

export function allowedMoves(status: string): AnomalyStatus[] {
  return MOVES[status as AnomalyStatus] ?? [];
}

export function moveLabel(from: string, to: AnomalyStatus): string {
  if (from === "RESOLVED" && to === "NEW") return "Reopen";
  if (to === "ACKNOWLEDGED") return from === "IN_PROGRESS" ? "Back to acknowledged" : "Acknowledge";
  if (to === "IN_PROGRESS") return "Start work";
  if (to === "RESOLVED") return "Resolve";
  return humanize(to);
}

export function priorityLabel(priority: Priority | string): string {
  return humanize(priority);
}

export function formatNumber(value: number | null | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toLocaleString("en-US") : "—";
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
