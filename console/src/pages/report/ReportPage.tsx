import { BarChart } from "@mantine/charts";
import { Alert, Badge, Button, Group, Menu, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconDownload, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { api, call } from "../../api/client";
import { PRIORITIES, STATUSES, type AnomalyStatus, type Priority, type RuleTypeCode } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import { Loading } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCurrentWarehouse } from "../../components/WarehouseContext";
import { When } from "../../components/When";
import { formatNumber, humanize } from "../../format/labels";
import { AnomalyPanel } from "./AnomalyPanel";
import { AnomalyTable } from "./AnomalyTable";
import { BulkBar } from "./BulkBar";
import { downloadExport } from "./exportFile";

export const PAGE_SIZE = 50;
const SINCE = ["new", "carried", "recurred"] as const;
type Since = (typeof SINCE)[number];
const FILTERS = ["rule_type", "priority", "status", "since", "location", "q", "aisle", "rack"] as const;

function Count({ label, value }: { label: string; value: number | undefined }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="lg" fw={700}>
        {formatNumber(value ?? 0)}
      </Text>
    </Paper>
  );
}

export function ReportPage() {
  const { reportId = "" } = useParams();
  const { warehouse } = useCurrentWarehouse();
  const zone = warehouse.timezone;
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [exportError, setExportError] = useState<unknown>(null);
  const filter = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) || null])) as Record<
    (typeof FILTERS)[number],
    string | null
  >;
  const cursor = cursors[cursors.length - 1] ?? null;

  const report = useQuery({
    queryKey: ["reports", reportId],
    queryFn: () => call(api.GET("/api/v1/reports/{report_id}", { params: { path: { report_id: reportId } } })),
  });
  const page = useQuery({
    queryKey: ["reports", reportId, "anomalies", filter, cursor],
    queryFn: () =>
      call(
        api.GET("/api/v1/reports/{report_id}/anomalies", {
          params: {
            path: { report_id: reportId },
            query: {
              rule_type: (filter.rule_type as RuleTypeCode | null) ?? undefined,
              priority: (filter.priority as Priority | null) ?? undefined,
              status: (filter.status as AnomalyStatus | null) ?? undefined,
              since: (filter.since as Since | null) ?? undefined,
              location: filter.location ?? undefined,
              q: filter.q ?? undefined,
              aisle: filter.aisle ? Number(filter.aisle) : undefined,
              rack: filter.rack ? Number(filter.rack) : undefined,
              limit: PAGE_SIZE,
              cursor: cursor ?? undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const setFilter = (key: (typeof FILTERS)[number], value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setCursors([null]);
    setSelected(new Set());
  };
  const openAnomaly = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set("anomaly", id);
    else next.delete("anomaly");
    setParams(next, { replace: true });
  };

  if (report.isPending) return <Loading label="Loading the report…" />;
  if (report.isError) return <ProblemAlert error={report.error} />;
  const r = report.data;
  const ruleTypes = Object.keys(r.counts.by_rule_type).sort();
  const byRule = Object.entries(r.counts.by_rule_type)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, count]) => ({ rule: humanize(rule), Anomalies: count }));
  const byPriority = PRIORITIES.map((p) => ({ priority: humanize(p), Anomalies: r.counts.by_priority[p] ?? 0 }));
  const stem = r.file_name.replace(/\.[^.]+$/, "") || "report";
  const exportAs = async (format: "csv" | "xlsx") => {
    setExportError(null);
    try {
      await downloadExport(r.id, format, stem);
    } catch (e) {
      setExportError(e);
    }
  };
  const filtered = FILTERS.some((key) => filter[key]);
  const items = page.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={`Report: ${r.file_name}`}
        subtitle={
          <>
            Data as of <When iso={r.as_of} zone={zone} /> · {formatNumber(r.row_count)} rows ·{" "}
            {formatNumber(r.anomaly_count)} anomalies · uploaded by {r.created_by}
          </>
        }
        actions={
          <Menu withinPortal>
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => void exportAs("csv")}>Anomalies as CSV</Menu.Item>
              <Menu.Item onClick={() => void exportAs("xlsx")}>Anomalies as Excel (xlsx)</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      />
      <Stack>
        {exportError !== null && <ProblemAlert error={exportError} title="The export failed" />}
        {r.warnings.length > 0 && (
          <Alert color="yellow" title="Warnings about this file">
            {r.warnings.map((w, i) => (
              <Text size="sm" key={i}>
                {typeof w === "string" ? w : humanize(String((w as Record<string, unknown>).message ?? (w as Record<string, unknown>).code ?? ""))}
              </Text>
            ))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, sm: 4 }} aria-label="Since the previous upload">
          <Count label="New" value={r.continuity.new} />
          <Count label="Carried over" value={r.continuity.carried} />
          <Count label="Recurred" value={r.continuity.recurred} />
          <Count label="Resolved since" value={r.continuity.resolved} />
        </SimpleGrid>
        {!r.previous_report_id && (
          <Text size="sm" c="dimmed">
            This is the first tracked upload of the warehouse: every anomaly is new.
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h5" mb="xs">
              By priority
            </Title>
            <BarChart h={180} data={byPriority} dataKey="priority" series={[{ name: "Anomalies", color: "red.7" }]} />
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h5" mb="xs">
              By rule
            </Title>
            {byRule.length ? (
              <BarChart
                h={180}
                data={byRule}
                dataKey="rule"
                orientation="vertical"
                yAxisProps={{ width: 170 }}
                series={[{ name: "Anomalies", color: "blue.7" }]}
              />
            ) : (
              <Text size="sm" c="dimmed">
                No anomalies in this upload.
              </Text>
            )}
          </Paper>
        </SimpleGrid>

        <Title order={2} size="h4">
          Anomalies
        </Title>
        <Group align="flex-end" wrap="wrap" gap="sm" role="search" aria-label="Filter anomalies">
          <Select
            label="Rule"
            placeholder="Any rule"
            clearable
            w={210}
            data={ruleTypes.map((t) => ({ value: t, label: humanize(t) }))}
            value={filter.rule_type}
            onChange={(v) => setFilter("rule_type", v)}
          />
          <Select
            label="Priority"
            placeholder="Any priority"
            clearable
            w={150}
            data={PRIORITIES.map((p) => ({ value: p, label: humanize(p) }))}
            value={filter.priority}
            onChange={(v) => setFilter("priority", v)}
          />
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            w={150}
            data={STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
            value={filter.status}
            onChange={(v) => setFilter("status", v)}
          />
          <Select
            label="Since the previous upload"
            placeholder="All"
            clearable
            w={190}
            data={SINCE.map((s) => ({ value: s, label: humanize(s) }))}
            value={filter.since}
            onChange={(v) => setFilter("since", v)}
          />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setFilter("q", search.trim() || null);
            }}
          >
            <Group gap={4} align="flex-end">
              <TextInput
                label="Pallet id or location"
                placeholder="e.g. P1001 or 01-02"
                w={200}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
              />
              <Button type="submit" variant="default" leftSection={<IconSearch size={14} aria-hidden />}>
                Find
              </Button>
            </Group>
          </form>
          {(filter.aisle || filter.location) && (
            <Badge size="lg" variant="light">
              {filter.aisle
                ? `Aisle ${filter.aisle.padStart(2, "0")}${filter.rack ? `, rack ${filter.rack.padStart(2, "0")}` : ""}`
                : filter.location}
            </Badge>
          )}
          {filtered && (
            <Button
              variant="subtle"
              onClick={() => {
                setSearch("");
                setParams(new URLSearchParams(), { replace: true });
                setCursors([null]);
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>

        <BulkBar
          reportId={r.id}
          selected={[...selected]}
          ruleType={(filter.rule_type as RuleTypeCode | null) ?? null}
          ruleTypeCount={filter.rule_type ? (r.counts.by_rule_type[filter.rule_type] ?? 0) : 0}
          onDone={() => setSelected(new Set())}
        />

        {page.isError && <ProblemAlert error={page.error} />}
        {page.isPending && <Loading label="Loading anomalies…" />}
        {page.data && items.length === 0 && (
          <EmptyState title={filtered ? "No anomaly matches these filters" : "No anomalies in this upload"}>
            {filtered
              ? "Change or clear the filters to see more."
              : "Every pallet passed every active rule. Upload the next export when it is ready."}
          </EmptyState>
        )}
        {items.length > 0 && (
          <AnomalyTable
            items={items}
            selected={selected}
            onOpen={openAnomaly}
            onSelect={(ids, on) =>
              setSelected((current) => {
                const next = new Set(current);
                ids.forEach((id) => (on ? next.add(id) : next.delete(id)));
                return next;
              })
            }
          />
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed" aria-live="polite">
            Page {cursors.length}
            {items.length ? ` · ${formatNumber(items.length)} shown` : ""}
            {selected.size ? ` · ${formatNumber(selected.size)} selected` : ""} · highest priority first
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              disabled={cursors.length <= 1 || page.isFetching}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous page
            </Button>
            <Button
              variant="default"
              size="xs"
              disabled={!page.data?.next_cursor || page.isFetching}
              onClick={() => page.data?.next_cursor && setCursors((c) => [...c, page.data.next_cursor])}
            >
              Next page
            </Button>
          </Group>
        </Group>
      </Stack>
      <AnomalyPanel anomalyId={params.get("anomaly")} onClose={() => openAnomaly(null)} />
    </>
  );
}
