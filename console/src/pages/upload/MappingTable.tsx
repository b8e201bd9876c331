import { Badge, Select, Table, Text } from "@mantine/core";
import type { ColumnSuggestion } from "../../api/types";
import { CANONICAL_COLUMNS, confidenceColor, type ColumnChoice } from "./columns";

const NONE = "__none__";

/** Each canonical column with the header the server suggests, its confidence, and a list to change it. */
export function MappingTable({
  suggestion,
  choice,
  onChange,
}: {
  suggestion: ColumnSuggestion;
  choice: ColumnChoice;
  onChange: (choice: ColumnChoice) => void;
}) {
  const options = [{ value: NONE, label: "Not in this file" }, ...suggestion.headers.map((h) => ({ value: h, label: h }))];
  return (
    <Table withTableBorder verticalSpacing="xs" aria-label="Column mapping">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Column</Table.Th>
          <Table.Th>Header in your file</Table.Th>
          <Table.Th>Match</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {CANONICAL_COLUMNS.map((column) => {
          const chosen = choice[column.key] ?? null;
          const suggested = suggestion.mapping[column.key];
          const missing = column.required && !chosen;
          return (
            <Table.Tr key={column.key}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {column.label}
                  {column.required && (
                    <Text span c="red.8" size="sm">
                      {" "}
                      (required)
                    </Text>
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  {column.hint}
                </Text>
              </Table.Td>
              <Table.Td>
                <Select
                  label={`Header for ${column.label}`}
                  data={options}
                  value={chosen ?? NONE}
                  allowDeselect={false}
                  error={missing ? "Required: choose the header that holds it" : undefined}
                  onChange={(value) => onChange({ ...choice, [column.key]: !value || value === NONE ? null : value })}
                  styles={{ label: { position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" } }}
                />
              </Table.Td>
              <Table.Td>
                {suggested && chosen === suggested.header ? (
                  <Badge color={confidenceColor(suggested.confidence)}>
                    {Math.round(suggested.confidence * 100)}% match
                  </Badge>
                ) : chosen ? (
                  <Badge color="gray.7">chosen by you</Badge>
                ) : (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
