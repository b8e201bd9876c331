import { BarChart, LineChart } from "@mantine/charts";
import { Anchor, Badge, Button, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconFileUpload } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { api, call } from "../../api/client";
import { warehouseKeys } from "../../api/warehouses";
import { EmptyState } from "../../components/EmptyState";
import { Loading } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCurrentWarehouse } from "../../components/WarehouseContext";
import { When } from "../../components/When";
import { formatNumber, humanize, PRIORITY_COLOR } from "../../format/labels";
import { age, formatInZone } from "../../format/time";
import { PRIORITIES } from "../../api/types";
import { Heatmap } from "./Heatmap";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

export function DashboardPage() {
  const { warehouse, canWrite } = useCurrentWarehouse();
  const zone = warehouse.timezone;
  const summary = useQuery({
    queryKey: warehouseKeys.summary(warehouse.id),
    queryFn: () =>
      call(api.GET("/api/v1/warehouses/{warehouse_id}/summary", { params: { path: { warehouse_id: warehouse.id } } })),
  });
  const latestId = summary.data?.latest_report?.id ?? null;
  const heatmap = useQuery({
    queryKey: ["reports", latestId, "heatmap"],
    queryFn: () =>
      call(api.GET("/api/v1/reports/{report_id}/heatmap", { params: { path: { report_id: latestId ?? "" } } })),
    enabled: latestId !== null,
  });
  const upload = canWrite && (
    <Button component={Link} to={`/w/${warehouse.id}/upload`} leftSection={<IconFileUpload size={16} aria-hidden />}>
      Upload an export
    </Button>
  );

  if (summary.isPending) return <Loading label="Loading the dashboard…" />;
  if (summary.isError) return <ProblemAlert error={summary.error} />;
  const s = summary.data;
  const latest = s.latest_report;
  const byPriority = PRIORITIES.map((p) => ({ priority: humanize(p), open: s.open.by_priority[p] ?? 0 }));
  const byRule = Object.entries(s.open.by_rule_type)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, open]) => ({ rule: humanize(rule), open }));
  const trend = s.trend.map((t) => ({
    upload: formatInZone(t.as_of, zone).slice(5),
    Anomalies: t.anomaly_count,
    New: t.new,
    Resolved: t.resolved,
  }));
  const emptyCells = Array.from({ length: warehouse.structure.aisles * warehouse.structure.racks_per_aisle }, (_, i) => ({
    aisle: Math.floor(i / warehouse.structure.racks_per_aisle) + 1,
    rack: (i % warehouse.structure.racks_per_aisle) + 1,
    pallets: 0,
    capacity: 0,
    anomalies: 0,
  }));

  return (
    <>
      <PageHeader
        title={warehouse.name}
        subtitle={
          latest ? (
            <>
              Latest upload {latest.file_name}, data as of <When iso={latest.as_of} zone={zone} />
            </>
          ) : (
            `Time zone ${zone}`
          )
        }
        actions={upload}
      />
      {!latest && (
        <EmptyState title="No uploads yet — upload an export" action={upload || undefined}>
          Export your inventory from the WMS (xlsx or csv, one row per pallet) and upload it: the engine checks
          every pallet against this warehouse's rules and lists the anomalies here.
          {!canWrite && " You have READ access: ask a colleague with WRITE access to upload."}
        </EmptyState>
      )}
      <Stack mt="md">
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Stat label="Open anomalies" value={formatNumber(s.open.total)} />
          <Stat label="Very high priority" value={formatNumber(s.open.by_priority.VERY_HIGH ?? 0)} />
          <Stat label="Resolved in 30 days" value={formatNumber(s.resolution.resolved_last_30_days)} />
          <Stat
            label="Median time to resolve"
            value={s.resolution.resolved_last_30_days ? `${formatNumber(Math.round(s.resolution.median_hours_to_resolve))} h` : "—"}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Section title="Open by priority">
            {s.open.total === 0 ? (
              <Text size="sm" c="dimmed">
                No open anomalies.
              </Text>
            ) : (
              <BarChart h={200} data={byPriority} dataKey="priority" series={[{ name: "open", color: "red.6", label: "Open" }]} />
            )}
          </Section>
          <Section title="Open by rule">
            {byRule.length === 0 ? (
              <Text size="sm" c="dimmed">
                No open anomalies.
              </Text>
            ) : (
              <BarChart
                h={200}
                data={byRule}
                dataKey="rule"
                orientation="vertical"
                yAxisProps={{ width: 170 }}
                series={[{ name: "open", color: "blue.7", label: "Open" }]}
              />
            )}
          </Section>
        </SimpleGrid>
        <Section title="Trend over the last uploads">
          {trend.length < 2 ? (
            <Text size="sm" c="dimmed">
              The trend appears after two uploads{trend.length === 1 ? " (one so far)" : ""}.
            </Text>
          ) : (
            <LineChart
              h={220}
              data={trend}
              dataKey="upload"
              withLegend
              series={[
                { name: "Anomalies", color: "blue.7" },
                { name: "New", color: "orange.7" },
                { name: "Resolved", color: "green.7" },
              ]}
            />
          )}
        </Section>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Section title="Oldest open problems">
            {s.oldest_open.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing open.
              </Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Problem</Table.Th>
                    <Table.Th>Where</Table.Th>
                    <Table.Th>Open for</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.oldest_open.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/w/${warehouse.id}/reports/${a.report_id}?anomaly=${a.id}`} size="sm">
                          {a.rule_name}
                        </Anchor>{" "}
                        <Badge size="xs" color={PRIORITY_COLOR[a.priority]}>
                          {humanize(a.priority)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{a.location ?? "—"}</Text>
                        {a.pallet_id && (
                          <Text size="xs" c="dimmed">
                            pallet {a.pallet_id}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{age(a.first_seen_at)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Section>
          <Section title="Hotspots">
            {s.hotspots.length === 0 ? (
              <Text size="sm" c="dimmed">
                No location has open anomalies.
              </Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Location</Table.Th>
                    <Table.Th>Open anomalies</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.hotspots.map((h) => (
                    <Table.Tr key={h.location}>
                      <Table.Td>
                        {latestId ? (
                          <Anchor
                            component={Link}
                            size="sm"
                            to={`/w/${warehouse.id}/reports/${latestId}?location=${encodeURIComponent(h.location)}`}
                          >
                            {h.location}
                          </Anchor>
                        ) : (
                          h.location
                        )}
                      </Table.Td>
                      <Table.Td>{formatNumber(h.open)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Section>
        </SimpleGrid>
        <Section title="Heatmap">
          {heatmap.isError ? (
            <ProblemAlert error={heatmap.error} />
          ) : latestId && heatmap.isPending ? (
            <Loading label="Loading the heatmap…" />
          ) : (
            <Heatmap
              warehouse={warehouse}
              reportId={latestId}
              cells={heatmap.data?.cells ?? emptyCells}
              areas={heatmap.data?.areas ?? warehouse.special_areas.map((a) => ({ code: a.code, type: a.type, zone: a.zone ?? "", pallets: 0, capacity: a.capacity, anomalies: 0 }))}
            />
          )}
        </Section>
        {s.occupancy.by_zone.length > 0 && (
          <Section title="Occupancy by zone">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Zone</Table.Th>
                  <Table.Th>Pallets</Table.Th>
                  <Table.Th>Capacity</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.occupancy.by_zone.map((z) => (
                  <Table.Tr key={z.zone}>
                    <Table.Td>{z.zone}</Table.Td>
                    <Table.Td>{formatNumber(z.pallets)}</Table.Td>
                    <Table.Td>{formatNumber(z.capacity)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        )}
      </Stack>
    </>
  );
}
