import {
  Badge,
  Box,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Schemas } from "../../api/client";
import type { Warehouse } from "../../api/types";
import { formatNumber } from "../../format/labels";

type Cell = Schemas["HeatmapCellOut"];
type Area = Schemas["HeatmapAreaOut"];
type Measure = "anomalies" | "occupancy";

const SCALE = ["#f1f3f5", "#ffe3e3", "#ffa8a8", "#ff6b6b", "#e03131", "#a61e1e"];

function shade(value: number, max: number): string {
  if (value <= 0 || max <= 0) return SCALE[0]!;
  const step = Math.min(SCALE.length - 1, 1 + Math.floor(((value / max) * (SCALE.length - 2)) + 0.0001));
  return SCALE[step]!;
}

function occupancy(pallets: number, capacity: number): number {
  return capacity > 0 ? pallets / capacity : 0;
}

/**
 * Aisles × racks coloured by anomalies or by occupancy against capacity, special areas beside it. A rack cell
 * opens the latest report's anomalies of that aisle and rack (`?aisle=&rack=`), a special area those at its code.
 */
export function Heatmap({
  warehouse,
  reportId,
  cells,
  areas,
}: {
  warehouse: Warehouse;
  reportId: string | null;
  cells: Cell[];
  areas: Area[];
}) {
  const [measure, setMeasure] = useState<Measure>("anomalies");
  const navigate = useNavigate();
  const aisles = warehouse.structure.aisles;
  const racks = warehouse.structure.racks_per_aisle;
  const byKey = new Map(cells.map((c) => [`${c.aisle}-${c.rack}`, c]));
  const value = (c: { pallets: number; capacity: number; anomalies: number }) =>
    measure === "anomalies" ? c.anomalies : occupancy(c.pallets, c.capacity);
  const max = Math.max(0, ...cells.map(value), ...areas.map(value));
  const open = (query: Record<string, string>) =>
    reportId && navigate(`/w/${warehouse.id}/reports/${reportId}?${new URLSearchParams(query)}`);
  const describe = (label: string, c: { pallets: number; capacity: number; anomalies: number }) =>
    `${label}: ${formatNumber(c.anomalies)} anomalies, ${formatNumber(c.pallets)} of ${formatNumber(c.capacity)} pallet places used`;

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label="Colour the heatmap by"
          value={measure}
          onChange={(v) => setMeasure(v as Measure)}
          data={[
            { value: "anomalies", label: "Anomalies" },
            { value: "occupancy", label: "Occupancy" },
          ]}
        />
        <Group gap={4} aria-hidden>
          <Text size="xs" c="dimmed">
            none
          </Text>
          {SCALE.map((color) => (
            <Box key={color} w={14} h={14} bg={color} style={{ borderRadius: 2, border: "1px solid #dee2e6" }} />
          ))}
          <Text size="xs" c="dimmed">
            most
          </Text>
        </Group>
      </Group>
      {!reportId && (
        <Text size="sm" c="dimmed">
          No upload yet — the grid fills in after the first upload of an inventory export.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: areas.length ? 2 : 1 }}>
        <Box style={{ overflowX: "auto" }}>
          <table aria-label="Heatmap of aisles by racks" style={{ borderCollapse: "separate", borderSpacing: 2 }}>
            <thead>
              <tr>
                <th scope="col">
                  <Text size="xs" c="dimmed">
                    Aisle
                  </Text>
                </th>
                {Array.from({ length: racks }, (_, r) => (
                  <th key={r} scope="col">
                    <Text size="xs" c="dimmed">
                      R{r + 1}
                    </Text>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: aisles }, (_, a) => (
                <tr key={a}>
                  <th scope="row">
                    <Text size="xs" c="dimmed">
                      {String(a + 1).padStart(2, "0")}
                    </Text>
                  </th>
                  {Array.from({ length: racks }, (_, r) => {
                    const cell = byKey.get(`${a + 1}-${r + 1}`) ?? {
                      aisle: a + 1,
                      rack: r + 1,
                      pallets: 0,
                      capacity: 0,
                      anomalies: 0,
                    };
                    const label = describe(`Aisle ${a + 1}, rack ${r + 1}`, cell);
                    return (
                      <td key={r} style={{ padding: 0 }} title={label}>
                        <UnstyledButton
                          aria-label={label}
                          onClick={() => open({ aisle: String(a + 1), rack: String(r + 1) })}
                          disabled={!reportId}
                          w={22}
                          h={22}
                          style={{ borderRadius: 3, background: shade(value(cell), max), border: "1px solid #ced4da" }}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
        {areas.length > 0 && (
          <Stack gap={6} aria-label="Special areas">
            <Text size="sm" fw={600}>
              Special areas
            </Text>
            <Group gap={6}>
              {areas.map((area) => {
                const label = describe(`${area.code} (${area.type})`, area);
                return (
                  <Tooltip key={area.code} label={label} withArrow>
                    <UnstyledButton
                      aria-label={label}
                      onClick={() => open({ location: area.code })}
                      disabled={!reportId}
                      style={{
                        padding: "4px 8px",
                        borderRadius: 4,
                        border: "1px solid #ced4da",
                        background: shade(value(area), max),
                      }}
                    >
                      <Text size="xs" fw={600} c="dark">
                        {area.code}
                      </Text>
                      <Badge size="xs" variant="white" color="dark">
                        {measure === "anomalies"
                          ? formatNumber(area.anomalies)
                          : `${formatNumber(area.pallets)}/${formatNumber(area.capacity)}`}
                      </Badge>
                    </UnstyledButton>
                  </Tooltip>
                );
              })}
            </Group>
          </Stack>
        )}
      </SimpleGrid>
    </Stack>
  );
}
