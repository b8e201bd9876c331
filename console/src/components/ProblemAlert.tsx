import { Alert, List, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { asProblem } from "../api/problem";
import { humanize } from "../format/labels";

/** What the problem's extra members mean, in the order a reader wants them. */
const EXTRA_LABELS: Array<[string, string]> = [
  ["file_name", "File"],
  ["sheet", "Sheet"],
  ["sheets", "Sheets in the file"],
  ["column", "Column"],
  ["columns", "Columns"],
  ["header", "Header"],
  ["headers", "Headers found"],
  ["missing", "Missing columns"],
  ["rows", "Rows"],
  ["line", "Line"],
  ["encoding", "Encoding"],
];
const MAX_ITEMS = 20;

function describe(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "number" && Number.isFinite(value)) return value.toLocaleString("en-US");
  if (Array.isArray(value)) {
    const items = value.map(describe).filter((v): v is string => v !== null);
    if (!items.length) return null;
    const shown = items.slice(0, MAX_ITEMS).join(", ");
    return items.length > MAX_ITEMS ? `${shown} … (${items.length} in all)` : shown;
  }
  return null;
}

/** An error as a person reads it: the problem's title and detail, plus the file, columns and rows it names. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const problem = asProblem(error);
  const facts = EXTRA_LABELS.map(([key, label]) => [label, describe(problem.extra[key])] as const).filter(
    (fact): fact is readonly [string, string] => fact[1] !== null,
  );
  return (
    <Alert color="red" role="alert" icon={<IconAlertTriangle aria-hidden />} title={title ?? problem.title}>
      <Text size="sm">{problem.detail}</Text>
      {title && problem.title !== title && (
        <Text size="sm" c="dimmed">
          {problem.title}
        </Text>
      )}
      {facts.length > 0 && (
        <List size="sm" mt="xs" data-testid="problem-facts">
          {facts.map(([label, value]) => (
            <List.Item key={label}>
              <strong>{label}:</strong> {value}
            </List.Item>
          ))}
        </List>
      )}
      {problem.errors.length > 0 && (
        <List size="sm" mt="xs">
          {problem.errors.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>
              <strong>{humanize(e.field.split(".").pop() ?? e.field)}:</strong> {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
