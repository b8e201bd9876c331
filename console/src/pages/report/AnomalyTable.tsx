import { Badge, Checkbox, Table, Text, UnstyledButton } from "@mantine/core";
import type { Anomaly } from "../../api/types";
import { humanize, PRIORITY_COLOR, STATUS_COLOR } from "../../format/labels";
import { age } from "../../format/time";

/** One page of anomalies; a row's problem opens the side panel. */
export function AnomalyTable({
  items,
  selected,
  onSelect,
  onOpen,
}: {
  items: Anomaly[];
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
  onOpen: (id: string) => void;
}) {
  const all = items.length > 0 && items.every((a) => selected.has(a.id));
  const some = items.some((a) => selected.has(a.id));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Anomalies">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select every anomaly on this page"
                checked={all}
                indeterminate={some && !all}
                onChange={(e) => onSelect(items.map((a) => a.id), e.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Problem</Table.Th>
            <Table.Th>Location</Table.Th>
            <Table.Th>Pallet</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Open for</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id} bg={selected.has(a.id) ? "var(--mantine-color-blue-light)" : undefined}>
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${a.rule_name} at ${a.location ?? "no location"}`}
                  checked={selected.has(a.id)}
                  onChange={(e) => onSelect([a.id], e.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>
                {/* max-content: on a narrow screen the table shrinks this column to "VERY H…" otherwise */}
                <Badge color={PRIORITY_COLOR[a.priority]} size="sm" miw="max-content">
                  {humanize(a.priority)}
                </Badge>
              </Table.Td>
              <Table.Td maw={380}>
                <UnstyledButton onClick={() => onOpen(a.id)} aria-label={`Open: ${a.message}`}>
                  <Text size="sm" fw={600} c="blue.8">
                    {a.rule_name}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {a.message}
                  </Text>
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.location ?? "—"}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.pallet_id ?? "—"}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[a.status]} size="sm">
                  {humanize(a.status)}
                </Badge>
                {a.recurred && (
                  <Badge color="grape.9" size="sm" ml={4}>
                    Recurred
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{age(a.first_seen_at)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
