import { Text, Tooltip } from "@mantine/core";
import { ago, formatInZone } from "../format/time";

/** A time in the warehouse's zone with its relative age beside it. */
export function When({ iso, zone, size = "sm" }: { iso: string | null | undefined; zone: string; size?: string }) {
  if (!iso) return <Text span size={size}>—</Text>;
  return (
    <Tooltip label={`Time zone ${zone}`} withArrow>
      <Text span size={size}>
        <time dateTime={iso}>{formatInZone(iso, zone)}</time>{" "}
        <Text span c="dimmed" size={size}>
          ({ago(iso)})
        </Text>
      </Text>
    </Tooltip>
  );
}
