import { Button, Group, Paper, Select, Text, TextInput, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../../api/client";
import type { AnomalyStatus, RuleTypeCode } from "../../api/types";
import { ProblemAlert } from "../../components/ProblemAlert";
import { READ_ONLY_REASON, useCurrentWarehouse } from "../../components/WarehouseContext";
import { humanize, plural } from "../../format/labels";

const TARGETS: AnomalyStatus[] = ["ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED", "NEW"];

/** Change many anomalies at once: the selected ones, or every one of the filtered rule type. */
export function BulkBar({
  reportId,
  selected,
  ruleType,
  ruleTypeCount,
  onDone,
}: {
  reportId: string;
  selected: string[];
  ruleType: RuleTypeCode | null;
  ruleTypeCount: number;
  onDone: () => void;
}) {
  const { canWrite } = useCurrentWarehouse();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AnomalyStatus>("ACKNOWLEDGED");
  const [comment, setComment] = useState("");
  const bulk = useMutation({
    mutationFn: (target: { anomaly_ids: string[] } | { rule_type: RuleTypeCode }) =>
      call(
        api.POST("/api/v1/reports/{report_id}/anomalies/bulk-status", {
          params: { path: { report_id: reportId } },
          body: { status, comment: comment.trim() || null, ...target },
        }),
      ),
    onSuccess: async (result) => {
      notifications.show({
        color: "green",
        title: "Status changed",
        message: `${plural(result.updated, "anomaly", "anomalies")} now ${humanize(status)}${
          result.skipped ? `; ${plural(result.skipped, "was", "were")} skipped (that move is not allowed from their status)` : ""
        }.`,
      });
      setComment("");
      onDone();
      await queryClient.invalidateQueries({ queryKey: ["reports", reportId] });
      await queryClient.invalidateQueries({ queryKey: ["anomalies"] });
    },
  });
  const disabledReason = canWrite ? null : READ_ONLY_REASON;
  const action = (label: string, run: () => void, enabled: boolean) => (
    <Tooltip label={disabledReason ?? ""} disabled={!disabledReason} multiline w={260}>
      <span>
        <Button size="xs" onClick={run} disabled={!canWrite || !enabled || bulk.isPending} loading={bulk.isPending}>
          {label}
        </Button>
      </span>
    </Tooltip>
  );
  return (
    <Paper withBorder p="sm" radius="md" aria-label="Change many anomalies">
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Select
          label="New status"
          size="xs"
          w={170}
          data={TARGETS.map((t) => ({ value: t, label: t === "NEW" ? "New (reopen)" : humanize(t) }))}
          value={status}
          allowDeselect={false}
          onChange={(v) => v && setStatus(v as AnomalyStatus)}
          disabled={!canWrite}
        />
        <TextInput
          label="Comment (optional)"
          size="xs"
          w={240}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          disabled={!canWrite}
        />
        {action(`Apply to ${plural(selected.length, "selected anomaly", "selected anomalies")}`, () => bulk.mutate({ anomaly_ids: selected }), selected.length > 0)}
        {ruleType &&
          action(
            `Apply to all ${plural(ruleTypeCount, humanize(ruleType).toLowerCase() + " anomaly", humanize(ruleType).toLowerCase() + " anomalies")}`,
            () => bulk.mutate({ rule_type: ruleType }),
            ruleTypeCount > 0,
          )}
      </Group>
      {!canWrite && (
        <Text size="xs" c="dimmed" mt={6}>
          {READ_ONLY_REASON}
        </Text>
      )}
      {bulk.isError && <ProblemAlert error={bulk.error} title="Nothing was changed" />}
    </Paper>
  );
}
