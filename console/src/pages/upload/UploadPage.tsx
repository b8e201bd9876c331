import { Alert, Button, Group, Loader, Paper, Progress, Select, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { useInterval } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { IconFileSpreadsheet, IconUpload, IconX } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import type { Report, ColumnSuggestion } from "../../api/types";
import { uploadForm, type UploadProgress } from "../../api/upload";
import { warehouseKeys } from "../../api/warehouses";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { READ_ONLY_REASON, useCurrentWarehouse } from "../../components/WarehouseContext";
import { formatNumber } from "../../format/labels";
import { xlsxSheetNames } from "../../format/sheets";
import { compactDuration, nowInZoneInput, zoneInputToIso } from "../../format/time";
import { MappingTable } from "./MappingTable";
import { AnalysisProgress } from "./AnalysisProgress";
import { jobOutcome, watchJob, type JobProgress } from "./job";
import { api, call } from "../../api/client";
import { ApiProblem } from "../../api/problem";

const CANCELLED = new ApiProblem(0, {
  title: "Upload cancelled",
  detail: "You cancelled the upload; nothing was saved.",
});
import { missingRequired, type ColumnChoice } from "./columns";

const ACCEPT = {
  "text/csv": [".csv"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
  "application/vnd.ms-excel": [".csv"],
  "text/plain": [".csv", ".txt"],
};

type Phase =
  | { kind: "idle" }
  | { kind: "sending"; progress: UploadProgress }
  | { kind: "analysing"; since: number; job: JobProgress | null };

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
}

export function UploadPage() {
  const { warehouse, canWrite } = useCurrentWarehouse();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [sheets, setSheets] = useState<string[] | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<ColumnSuggestion | null>(null);
  const [choice, setChoice] = useState<ColumnChoice>({});
  const [suggesting, setSuggesting] = useState(false);
  const [asOf, setAsOf] = useState(() => nowInZoneInput(warehouse.timezone));
  const [clearPrevious, setClearPrevious] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [now, setNow] = useState(Date.now());
  const ticker = useInterval(() => setNow(Date.now()), 500);
  const abort = useRef<AbortController | null>(null);
  const job = useRef<string | null>(null);

  useEffect(() => {
    if (phase.kind === "analysing") ticker.start();
    else ticker.stop();
    return ticker.stop;
  }, [phase.kind, ticker]);

  const suggest = async (picked: File, pickedSheet: string | null) => {
    setSuggesting(true);
    setError(null);
    setSuggestion(null);
    try {
      const body = new FormData();
      body.append("file", picked);
      if (pickedSheet) body.append("sheet", pickedSheet);
      const found = await uploadForm<ColumnSuggestion>("/api/v1/column-mapping/suggest", body);
      setSuggestion(found);
      setChoice(Object.fromEntries(Object.entries(found.mapping).map(([key, m]) => [key, m.header])));
    } catch (e) {
      setError(e);
    } finally {
      setSuggesting(false);
    }
  };

  const pick = async (picked: File) => {
    setFile(picked);
    setError(null);
    const names = picked.name.toLowerCase().endsWith(".xlsx") ? await xlsxSheetNames(picked) : null;
    setSheets(names && names.length > 1 ? names : null);
    const first = names?.[0] ?? null;
    setSheet(names && names.length > 1 ? first : null);
    await suggest(picked, names && names.length > 1 ? first : null);
  };

  const upload = async () => {
    if (!file) return;
    setError(null);
    const body = new FormData();
    body.append("file", file);
    if (sheet) body.append("sheet", sheet);
    const iso = zoneInputToIso(asOf, warehouse.timezone);
    if (iso) body.append("as_of", iso);
    if (suggestion) body.append("column_map", JSON.stringify(choice));
    if (clearPrevious) body.append("clear_previous", "true");
    abort.current = new AbortController();
    setPhase({ kind: "sending", progress: { loaded: 0, total: file.size } });
    try {
      const signal = abort.current.signal;
      const since = Date.now();
      const queued = await uploadForm<Report>(`/api/v1/warehouses/${warehouse.id}/reports`, body, {
        signal,
        onProgress: (progress) => setPhase({ kind: "sending", progress }),
        onSent: () => setPhase({ kind: "analysing", since: Date.now(), job: null }),
        headers: { "Idempotency-Key": crypto.randomUUID(), Prefer: "respond-async" },
      });
      // 202: the job runs on the server; its events say how far it has come and end with the report.
      job.current = queued.id;
      if (queued.progress) setPhase({ kind: "analysing", since, job: queued.progress });
      const report =
        queued.status === "queued" || queued.status === "running"
          ? await watchJob(queued.id, (progress) => setPhase({ kind: "analysing", since, job: progress }), signal)
          : jobOutcome(queued);
      await queryClient.invalidateQueries({ queryKey: warehouseKeys.reports(warehouse.id) });
      await queryClient.invalidateQueries({ queryKey: warehouseKeys.summary(warehouse.id) });
      navigate(`/w/${warehouse.id}/reports/${report.id}`);
    } catch (e) {
      setError(abort.current?.signal.aborted ? CANCELLED : e);
      setPhase({ kind: "idle" });
    } finally {
      job.current = null;
    }
  };

  const cancel = () => {
    abort.current?.abort();
    // Stop the server's work too: deleting a queued or running report cancels its job.
    const id = job.current;
    if (id) void call(api.DELETE("/api/v1/reports/{report_id}", { params: { path: { report_id: id } } })).catch(() => null);
  };

  if (!canWrite) {
    return (
      <>
        <PageHeader title="Upload an export" />
        <EmptyState title="You cannot upload to this warehouse">{READ_ONLY_REASON}</EmptyState>
      </>
    );
  }

  const busy = phase.kind !== "idle";
  const missing = suggestion ? missingRequired(choice) : [];
  const percent =
    phase.kind === "sending" && phase.progress.total > 0
      ? Math.min(100, Math.round((phase.progress.loaded / phase.progress.total) * 100))
      : 0;

  return (
    <>
      <PageHeader
        title="Upload an export"
        subtitle={`An inventory export of ${warehouse.name} from your WMS: xlsx or csv, one row per pallet.`}
      />
      <Stack maw={900}>
        <Dropzone
          onDrop={(files) => files[0] && void pick(files[0])}
          onReject={() =>
            setError(
              new Error("Only .xlsx and .csv files can be uploaded: export the inventory from your WMS in one of them."),
            )
          }
          accept={ACCEPT}
          multiple={false}
          disabled={busy}
          aria-label="Choose an xlsx or csv file, or drop it here"
        >
          <Group justify="center" gap="lg" mih={110} style={{ pointerEvents: "none" }}>
            <Dropzone.Accept>
              <IconUpload size={40} aria-hidden />
            </Dropzone.Accept>
            <Dropzone.Reject>
              <IconX size={40} aria-hidden />
            </Dropzone.Reject>
            <Dropzone.Idle>
              <IconFileSpreadsheet size={40} aria-hidden />
            </Dropzone.Idle>
            <div>
              <Text size="lg">Drop the export here, or click to choose it</Text>
              <Text size="sm" c="dimmed">
                {file ? `Chosen: ${file.name} (${megabytes(file.size)})` : "xlsx or csv, up to 100 MB"}
              </Text>
            </div>
          </Group>
        </Dropzone>

        {error !== null && <ProblemAlert error={error} />}

        {sheets && (
          <Select
            label="Sheet"
            description="This workbook has several sheets: choose the one with the inventory."
            data={sheets}
            value={sheet}
            allowDeselect={false}
            onChange={(value) => {
              setSheet(value);
              if (file) void suggest(file, value);
            }}
            maw={360}
          />
        )}

        {suggesting && (
          <Group gap="xs" role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">Reading the headers…</Text>
          </Group>
        )}

        {suggestion && (
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h4" mb="xs">
              Columns
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              The engine matched your headers to its columns. Change any match that is wrong.
            </Text>
            <MappingTable suggestion={suggestion} choice={choice} onChange={setChoice} />
            {missing.length > 0 && (
              <Alert color="red" mt="sm" role="alert">
                Choose the header for each required column before uploading.
              </Alert>
            )}
          </Paper>
        )}

        {file && (
          <Group align="flex-end" wrap="wrap">
            <TextInput
              type="datetime-local"
              label="Data as of"
              description={`When the export was taken (${warehouse.timezone})`}
              value={asOf}
              onChange={(e) => setAsOf(e.currentTarget.value)}
              w={260}
            />
            <Switch
              label="Clear the previous report's open anomalies"
              checked={clearPrevious}
              onChange={(e) => setClearPrevious(e.currentTarget.checked)}
            />
          </Group>
        )}

        {phase.kind === "sending" && (
          <Stack gap={4} role="status" aria-live="polite">
            <Text size="sm">
              Sending {file?.name}: {megabytes(phase.progress.loaded)} of {megabytes(phase.progress.total)} ({percent}%)
            </Text>
            <Progress value={percent} aria-label="Bytes sent" animated />
          </Stack>
        )}
        {phase.kind === "analysing" && (
          <AnalysisProgress fileName={file?.name ?? ""} job={phase.job} elapsed={compactDuration(now - phase.since)} />
        )}

        <Group>
          <Button
            leftSection={<IconUpload size={16} aria-hidden />}
            onClick={() => void upload()}
            disabled={!file || busy || suggesting || missing.length > 0}
            loading={busy}
          >
            Upload and analyse
          </Button>
          {busy && (
            <Button variant="default" onClick={cancel}>
              Cancel
            </Button>
          )}
          {file && suggestion && (
            <Text size="sm" c="dimmed">
              {formatNumber(suggestion.headers.length)} headers found
            </Text>
          )}
        </Group>
      </Stack>
    </>
  );
}
