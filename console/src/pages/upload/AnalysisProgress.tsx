import { Group, Loader, Progress, Stack, Text } from "@mantine/core";
import { phaseLabel, progressPercent, progressText, type JobProgress } from "./job";

/** The server's work on an upload: its phase, a bar only when the phase's total is known, and the time so far. */
export function AnalysisProgress({
  fileName,
  job,
  elapsed,
}: {
  fileName: string;
  job: JobProgress | null;
  elapsed: string;
}) {
  const label = job ? phaseLabel(job.phase) : "Waiting for the analysis to start";
  const counted = job ? progressText(job) : null;
  return (
    <Stack gap={4} role="status" aria-live="polite" data-testid="analysis-progress">
      <Group gap="xs">
        <Loader size="xs" aria-hidden />
        <Text size="sm">
          Analysing {fileName}: <strong data-testid="analysis-phase">{label}</strong>
          {counted ? ` — ${counted}` : ""} ({elapsed} so far)
        </Text>
      </Group>
      {job && counted ? (
        <Progress value={progressPercent(job)} aria-label={`${label}: ${progressPercent(job)}%`} />
      ) : (
        <Progress value={100} striped animated aria-label={`${label} (no percentage known)`} color="gray" />
      )}
    </Stack>
  );
}
