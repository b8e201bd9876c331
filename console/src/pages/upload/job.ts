/** Following an upload job: its progress events until the final `done`, which carries the report. */

import { readEvents } from "../../api/events";
import { ApiProblem, isRecord } from "../../api/problem";
import type { Report } from "../../api/types";

export type JobProgress = NonNullable<Report["progress"]>;

export const PHASE_LABELS: Record<JobProgress["phase"], string> = {
  receiving: "Receiving the file",
  reading: "Reading the rows",
  resolving: "Resolving the location codes",
  evaluating: "Checking the rules",
  saving: "Saving the anomalies",
};

/** What `done`/`total` count in each phase (reading counts rows of an xlsx but bytes of a csv: no unit). */
const PHASE_UNITS: Partial<Record<JobProgress["phase"], string>> = {
  resolving: "location codes",
  evaluating: "rules",
  saving: "anomalies",
};

export function phaseLabel(phase: string): string {
  return PHASE_LABELS[phase as JobProgress["phase"]] ?? "Analysing";
}

/** "1,200 of 3,400 location codes (35%)", or null when the phase's total is not known yet. */
export function progressText(progress: JobProgress): string | null {
  if (!(progress.total > 0)) return null;
  const percent = progressPercent(progress);
  if (progress.phase === "receiving" || progress.phase === "reading") return `${percent}%`;
  const unit = PHASE_UNITS[progress.phase] ?? "";
  const count = (n: number) => n.toLocaleString("en-US");
  return `${count(progress.done)} of ${count(progress.total)} ${unit} (${percent}%)`.replace("  ", " ");
}

export function progressPercent(progress: JobProgress): number {
  return progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
}

function isProgress(value: unknown): value is JobProgress {
  return isRecord(value) && typeof value.phase === "string" && typeof value.done === "number";
}

/** The report once the job has ended; a failed job throws its problem as the synchronous route would. */
export async function watchJob(
  reportId: string,
  onProgress: (progress: JobProgress) => void,
  signal?: AbortSignal,
): Promise<Report> {
  const url = `/api/v1/reports/${encodeURIComponent(reportId)}/events`;
  // A stream cut short (a proxy timeout, a restarted gateway) is opened again: a finished job answers
  // `done` at once, so nothing is missed.
  for (let attempt = 0; attempt < 5; attempt++) {
    let report: Report | null = null;
    await readEvents(
      url,
      (event) => {
        const data = parse(event.data);
        if (event.event === "progress" && isProgress(data)) onProgress(data);
        else if (event.event === "done" && isRecord(data)) report = data as unknown as Report;
        else if (event.event === "error") throw new ApiProblem(isRecord(data) ? Number(data.status) || 500 : 500, data);
      },
      signal,
    );
    if (report) return jobOutcome(report);
    await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
  }
  throw new ApiProblem(0, {
    title: "Lost track of the analysis",
    detail: "The server stopped sending progress. The report appears under Reports once it is ready.",
  });
}

/** The report of a job that has ended, or its problem thrown. */
export function jobOutcome(report: Report): Report {
  if (report.status === "failed") {
    const problem: Record<string, unknown> = report.problem ?? {};
    throw new ApiProblem(typeof problem.status === "number" ? problem.status : 422, problem);
  }
  return report;
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}
