import { describe, expect, it } from "vitest";
import { ApiProblem } from "../../api/problem";
import type { Report } from "../../api/types";
import { jobOutcome, phaseLabel, progressText } from "./job";

describe("upload job progress", () => {
  it("names each phase for a person", () => {
    expect(phaseLabel("resolving")).toBe("Resolving the location codes");
    expect(phaseLabel("something-new")).toBe("Analysing");
  });

  it("counts only when the phase's total is known (never a made-up percentage)", () => {
    expect(progressText({ phase: "evaluating", done: 0, total: 0 })).toBeNull();
    expect(progressText({ phase: "saving", done: 1200, total: 4800 })).toBe("1,200 of 4,800 anomalies (25%)");
    expect(progressText({ phase: "reading", done: 5, total: 10 })).toBe("50%");
  });

  it("throws a failed job's problem as the synchronous upload would have answered it", () => {
    const failed = {
      id: "r1",
      status: "failed",
      problem: { status: 422, title: "Missing columns", detail: "No location column.", columns: ["Location"] },
    } as unknown as Report;
    const thrown = (() => {
      try {
        jobOutcome(failed);
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(ApiProblem);
    expect((thrown as ApiProblem).status).toBe(422);
    expect((thrown as ApiProblem).title).toBe("Missing columns");
    expect((thrown as ApiProblem).extra.columns).toEqual(["Location"]);
  });
});
