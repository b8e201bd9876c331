/** How codes from the API read on screen. */

import type { AnomalyStatus, Priority } from "../api/types";

export function humanize(code: string | null | undefined): string {
  if (!code) return "—";
  const words = code.replace(/[_-]+/g, " ").toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Shades dark enough for white text, or light enough for dark text (autoContrast), at 4.5:1.
export const PRIORITY_COLOR: Record<string, string> = {
  VERY_HIGH: "red.9",
  HIGH: "#a63b0a",
  MEDIUM: "yellow.4",
  LOW: "gray.7",
};

export const STATUS_COLOR: Record<string, string> = {
  NEW: "blue.8",
  ACKNOWLEDGED: "violet.8",
  IN_PROGRESS: "cyan.9",
  RESOLVED: "teal.9",
  CLEARED: "gray.7",
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
