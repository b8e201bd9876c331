import { describe, expect, it } from "vitest";
import { describeValue, detailRows } from "../pages/report/details";
import { allowedMoves, humanize, moveLabel } from "./labels";
import { age, compactDuration, formatInZone, zoneInputToIso } from "./time";

describe("labels and times", () => {
  it("offers only the status moves rules.md §4 allows", () => {
    expect(allowedMoves("NEW")).toEqual(["ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED"]);
    expect(allowedMoves("RESOLVED")).toEqual(["NEW"]);
    expect(allowedMoves("CLEARED")).toEqual([]);
    expect(moveLabel("RESOLVED", "NEW")).toBe("Reopen");
  });

  it("reads codes as words", () => {
    expect(humanize("STAGNANT_PALLETS")).toBe("Stagnant pallets");
    expect(humanize(null)).toBe("—");
  });

  it("shows times in the warehouse's zone with compact ages", () => {
    expect(formatInZone("2025-03-01T12:00:00Z", "Europe/Paris")).toBe("2025-03-01 13:00");
    expect(formatInZone(null, "UTC")).toBe("—");
    expect(compactDuration(12 * 3600 * 1000)).toBe("12 h");
    expect(compactDuration(Number.NaN)).toBe("—");
    expect(age("2025-03-01T00:00:00Z", new Date("2025-03-04T00:00:00Z"))).toBe("3 d");
    expect(zoneInputToIso("2025-03-01T13:00", "Europe/Paris")).toBe("2025-03-01T12:00:00.000Z");
  });

  it("never turns details into raw JSON", () => {
    expect(describeValue({ count: 3, capacity: 2 })).toBe("Count: 3; Capacity: 2");
    expect(describeValue(["P1", "P2"])).toBe("P1, P2");
    expect(describeValue(undefined)).toBe("—");
    expect(detailRows({ check: "duplicate_scan" })).toEqual([{ label: "Check", value: "duplicate_scan" }]);
  });
});
