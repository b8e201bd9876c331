import { Badge, Button, Drawer, Group, Stack, Table, Text, Textarea, Timeline, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../../api/client";
import type { Anomaly, AnomalyStatus } from "../../api/types";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { READ_ONLY_REASON, useCurrentWarehouse } from "../../components/WarehouseContext";
import { When } from "../../components/When";
import { allowedMoves, humanize, moveLabel, PRIORITY_COLOR, STATUS_COLOR } from "../../format/labels";
import { age } from "../../format/time";
import { detailRows } from "./details";

export const anomalyKeys = {
  one: (id: string) => ["anomalies", id] as const,
  history: (id: string) => ["anomalies", id, "history"] as const,
  trail: (id: string) => ["anomalies", id, "trail"] as const,
};

function StatusMoves({ anomaly }: { anomaly: Anomaly }) {
  const { canWrite } = useCurrentWarehouse();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const move = useMutation({
    mutationFn: (status: AnomalyStatus) =>
      call(
        api.PATCH("/api/v1/anomalies/{anomaly_id}", {
          params: { path: { anomaly_id: anomaly.id } },
          body: { status, comment: comment.trim() || null },
        }),
      ),
    onSuccess: async (updated) => {
      setComment("");
      notifications.show({ color: "green", message: `Status is now ${humanize(updated.status)}.` });
      await queryClient.invalidateQueries({ queryKey: ["anomalies", anomaly.id] });
      await queryClient.invalidateQueries({ queryKey: ["reports", anomaly.report_id, "anomalies"] });
    },
  });
  const moves = allowedMoves(anomaly.status);
  if (moves.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {anomaly.status === "CLEARED"
          ? "Cleared by the system (a newer upload carried it on or cleared it): nothing to change here."
          : "No status change is possible."}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Textarea
        label="Comment (optional)"
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        disabled={!canWrite}
        autosize
        minRows={2}
        maxLength={1000}
      />
      <Group gap="xs">
        {moves.map((to) => (
          <Tooltip key={to} label={READ_ONLY_REASON} disabled={canWrite} multiline w={260}>
            <span>
              <Button
                size="xs"
                variant={to === "RESOLVED" ? "filled" : "default"}
                disabled={!canWrite || move.isPending}
                loading={move.isPending && move.variables === to}
                onClick={() => move.mutate(to)}
              >
                {moveLabel(anomaly.status, to)}
              </Button>
            </span>
          </Tooltip>
        ))}
      </Group>
      {!canWrite && (
        <Text size="xs" c="dimmed">
          {READ_ONLY_REASON}
        </Text>
      )}
      {move.isError && <ProblemAlert error={move.error} title="The status was not changed" />}
    </Stack>
  );
}

function PanelBody({ anomalyId }: { anomalyId: string }) {
  const { warehouse } = useCurrentWarehouse();
  const zone = warehouse.timezone;
  const anomaly = useQuery({
    queryKey: anomalyKeys.one(anomalyId),
    queryFn: () => call(api.GET("/api/v1/anomalies/{anomaly_id}", { params: { path: { anomaly_id: anomalyId } } })),
  });
  const history = useQuery({
    queryKey: anomalyKeys.history(anomalyId),
    queryFn: () =>
      call(api.GET("/api/v1/anomalies/{anomaly_id}/history", { params: { path: { anomaly_id: anomalyId } } })),
  });
  const trail = useQuery({
    queryKey: anomalyKeys.trail(anomalyId),
    queryFn: () => call(api.GET("/api/v1/anomalies/{anomaly_id}/trail", { params: { path: { anomaly_id: anomalyId } } })),
  });
  if (anomaly.isPending) return <Loading label="Loading the anomaly…" />;
  if (anomaly.isError) return <ProblemAlert error={anomaly.error} />;
  const a = anomaly.data;
  return (
    <Stack>
      <Group gap="xs">
        <Badge color={PRIORITY_COLOR[a.priority]}>{humanize(a.priority)}</Badge>
        <Badge color={STATUS_COLOR[a.status]}>{humanize(a.status)}</Badge>
        {a.recurred && <Badge color="grape.9">Recurred</Badge>}
      </Group>
      <Text>{a.message}</Text>
      <Table withTableBorder>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">Rule</Table.Th>
            <Table.Td>
              {a.rule_name} ({humanize(a.rule_type)})
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Location</Table.Th>
            <Table.Td>{a.location ?? "—"}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Pallet</Table.Th>
            <Table.Td>{a.pallet_id ?? "— (a problem of the location)"}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Rows in the file</Table.Th>
            <Table.Td>{a.rows.length ? a.rows.join(", ") : "—"}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">First seen</Table.Th>
            <Table.Td>
              <When iso={a.first_seen_at} zone={zone} /> · in {a.seen_count} upload{a.seen_count === 1 ? "" : "s"}
            </Table.Td>
          </Table.Tr>
          {detailRows(a.details).map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row">{row.label}</Table.Th>
              <Table.Td>{row.value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h5">
        Change the status
      </Title>
      <StatusMoves anomaly={a} />
      <Title order={3} size="h5">
        Trail across uploads
      </Title>
      {trail.isPending ? (
        <Loading />
      ) : trail.isError ? (
        <ProblemAlert error={trail.error} />
      ) : trail.data.items.length <= 1 ? (
        <Text size="sm" c="dimmed">
          First seen in this upload.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {trail.data.items.map((t) => (
            <Timeline.Item key={t.id} title={`${humanize(t.status)}${t.id === a.id ? " (this upload)" : ""}`}>
              <Text size="xs" c="dimmed">
                {t.location ?? "—"} · first seen {age(t.first_seen_at)} ago
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <Title order={3} size="h5">
        History
      </Title>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ProblemAlert error={history.error} />
      ) : history.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No status change yet.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {history.data.items.map((h, i) => (
            <Timeline.Item key={`${h.changed_at}-${i}`} title={`${humanize(h.from_status)} → ${humanize(h.to_status)}`}>
              <Text size="xs" c="dimmed">
                by {h.changed_by} · <When iso={h.changed_at} zone={zone} size="xs" />
              </Text>
              {h.comment && <Text size="sm">“{h.comment}”</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

export function AnomalyPanel({ anomalyId, onClose }: { anomalyId: string | null; onClose: () => void }) {
  return (
    <Drawer opened={anomalyId !== null} onClose={onClose} position="right" size="lg" title="Anomaly" closeButtonProps={{ "aria-label": "Close the anomaly panel" }}>
      {anomalyId && <PanelBody anomalyId={anomalyId} />}
    </Drawer>
  );
}
