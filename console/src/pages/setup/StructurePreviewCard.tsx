import { Badge, Box, Group, Paper, Stack, Text, Title, Tooltip } from "@mantine/core";
import { formatNumber } from "../../format/labels";
import type { StructurePreview } from "./structure";

const MAX_CELLS = 24;
const ZONE_COLORS = ["blue", "teal", "grape", "orange", "cyan", "lime", "pink", "indigo"];

/** How many storage locations the structure makes, its first and last codes, and a small aisle × rack grid. */
export function StructurePreviewCard({ preview }: { preview: StructurePreview }) {
  const zones = [...new Set(preview.aisleZones)];
  const color = (zone: string) => ZONE_COLORS[zones.indexOf(zone) % ZONE_COLORS.length] ?? "blue";
  const aisles = Math.min(preview.aisles, MAX_CELLS);
  const racks = Math.min(preview.racks, MAX_CELLS);
  return (
    <Paper withBorder p="md" radius="md" aria-labelledby="preview-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="preview-title">
          Preview
        </Title>
        {!preview.valid ? (
          <Text size="sm" c="dimmed">
            Fill in aisles, racks, positions and level letters to see the storage locations.
          </Text>
        ) : (
          <>
            <Text size="sm" aria-live="polite" data-testid="preview-count">
              <strong>{formatNumber(preview.storageLocations)}</strong> storage locations, from{" "}
              <code>{preview.firstCode}</code> to <code>{preview.lastCode}</code>
            </Text>
            <Box
              role="img"
              aria-label={`Grid of ${preview.aisles} aisles by ${preview.racks} racks, coloured by zone`}
              style={{
                display: "grid",
                gridTemplateColumns: `repeat(${racks}, minmax(6px, 14px))`,
                gap: 2,
              }}
            >
              {Array.from({ length: aisles }, (_, a) =>
                Array.from({ length: racks }, (_, r) => (
                  <Box
                    key={`${a}-${r}`}
                    h={10}
                    bg={`${color(preview.aisleZones[a] ?? "")}.5`}
                    style={{ borderRadius: 2 }}
                  />
                )),
              )}
            </Box>
            {(preview.aisles > MAX_CELLS || preview.racks > MAX_CELLS) && (
              <Text size="xs" c="dimmed">
                Showing the first {aisles} aisles × {racks} racks.
              </Text>
            )}
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                Rows are aisles, columns racks. Zones:
              </Text>
              {zones.map((zone) => (
                <Tooltip key={zone} label={`Aisles in zone ${zone}`}>
                  <Badge color={`${color(zone)}.9`} variant="filled" size="sm">
                    {zone}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
