import { Modal, Text, Timeline } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import type { Rule } from "../../api/types";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { When } from "../../components/When";
import { humanize } from "../../format/labels";
import { describeValue } from "../report/details";

export function RuleHistory({ rule, zone, onClose }: { rule: Rule | null; zone: string; onClose: () => void }) {
  const history = useQuery({
    queryKey: ["rules", "history", rule?.id],
    queryFn: () => call(api.GET("/api/v1/rules/{rule_id}/history", { params: { path: { rule_id: rule?.id ?? "" } } })),
    enabled: rule !== null,
  });
  return (
    <Modal opened={rule !== null} onClose={onClose} title={`History of “${rule?.name ?? ""}”`} size="lg" closeButtonProps={{ "aria-label": "Close the history" }}>
      {history.isPending && <Loading />}
      {history.isError && <ProblemAlert error={history.error} />}
      {history.data && (
        <Timeline bulletSize={16} lineWidth={2}>
          {history.data.items.map((v) => {
            const changes = Object.entries(v.changes);
            return (
              <Timeline.Item key={v.version} title={`Version ${v.version}: ${humanize(v.change_type)}`}>
                <Text size="xs" c="dimmed">
                  by {v.changed_by_username || v.changed_by} · <When iso={v.changed_at} zone={zone} size="xs" />
                </Text>
                {changes.length === 0 ? (
                  <Text size="sm">No field changed.</Text>
                ) : (
                  changes.map(([field, change]) => (
                    <Text size="sm" key={field}>
                      <strong>{humanize(field)}</strong>: {describeChange(change)}
                    </Text>
                  ))
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Modal>
  );
}

function describeChange(change: unknown): string {
  if (change && typeof change === "object" && !Array.isArray(change) && ("from" in change || "to" in change || "old" in change || "new" in change)) {
    const c = change as Record<string, unknown>;
    return `${describeValue(c.from ?? c.old)} → ${describeValue(c.to ?? c.new)}`;
  }
  return describeValue(change);
}
