import { Badge, Button, Group, Switch, Table, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../../api/client";
import type { Priority, Rule } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import { Loading } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { ADMIN_ONLY_REASON, useCurrentWarehouse } from "../../components/WarehouseContext";
import { humanize, PRIORITY_COLOR } from "../../format/labels";
import { RuleEditor, saveRule } from "./RuleEditor";
import { RuleHistory } from "./RuleHistory";

export function RulesPage() {
  const { warehouse, canAdmin } = useCurrentWarehouse();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ rule: Rule | null } | null>(null);
  const [historyOf, setHistoryOf] = useState<Rule | null>(null);
  const rules = useQuery({
    queryKey: ["rules", warehouse.id],
    queryFn: () => call(api.GET("/api/v1/rules", { params: { query: { warehouse_id: warehouse.id } } })),
  });
  const types = useQuery({
    // with the warehouse: its own location types (QC, RETURNS …) are offered beside the built-in ones
    queryKey: ["rule-types", warehouse.id],
    queryFn: () => call(api.GET("/api/v1/rule-types", { params: { query: { warehouse_id: warehouse.id } } })),
    staleTime: 300_000,
  });
  const toggle = useMutation({
    mutationFn: (rule: Rule) =>
      saveRule(warehouse.id, rule, {
        name: rule.name,
        description: rule.description,
        rule_type: rule.rule_type,
        priority: rule.priority as Priority,
        is_active: !rule.is_active,
        conditions: rule.conditions,
      }),
    onSuccess: async (saved) => {
      notifications.show({ color: "green", message: `“${saved.name}” is now ${saved.is_active ? "on" : "off"}.` });
      await queryClient.invalidateQueries({ queryKey: ["rules", warehouse.id] });
    },
  });
  const reason = canAdmin ? null : ADMIN_ONLY_REASON;
  const guarded = (node: React.ReactElement) => (
    <Tooltip label={reason ?? ""} disabled={!reason} multiline w={260}>
      <span>{node}</span>
    </Tooltip>
  );

  return (
    <>
      <PageHeader
        title="Rules"
        subtitle={`The rules every upload of ${warehouse.name} is checked against: system defaults, this warehouse's overrides and its own rules.`}
        actions={guarded(
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            disabled={!canAdmin || !types.data}
            onClick={() => setEditing({ rule: null })}
          >
            Add a rule
          </Button>,
        )}
      />
      {!canAdmin && (
        <Text size="sm" c="dimmed" mb="sm">
          {ADMIN_ONLY_REASON}
        </Text>
      )}
      {(rules.isPending || types.isPending) && <Loading label="Loading the rules…" />}
      {rules.isError && <ProblemAlert error={rules.error} />}
      {toggle.isError && <ProblemAlert error={toggle.error} title="The rule was not changed" />}
      {rules.data?.items.length === 0 && (
        <EmptyState title="No rules">This warehouse has no effective rule: add one.</EmptyState>
      )}
      {rules.data && rules.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-label="Effective rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>On</Table.Th>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.items.map((rule) => (
                <Table.Tr key={rule.id}>
                  <Table.Td>
                    {guarded(
                      <Switch
                        aria-label={`${rule.name} is ${rule.is_active ? "on" : "off"}`}
                        checked={rule.is_active}
                        disabled={!canAdmin || toggle.isPending}
                        onChange={() => toggle.mutate(rule)}
                      />,
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {rule.name}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {rule.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{humanize(rule.rule_type)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={PRIORITY_COLOR[rule.priority]}>{humanize(rule.priority)}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={rule.is_system ? "gray.7" : rule.overrides_rule_id ? "violet.9" : "teal.9"}>
                      {rule.is_system ? "System default" : rule.overrides_rule_id ? "Override" : "This warehouse"}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      version {rule.version}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {guarded(
                        <Button
                          size="xs"
                          variant="default"
                          disabled={!canAdmin || !types.data}
                          onClick={() => setEditing({ rule })}
                          aria-label={`Edit ${rule.name}`}
                        >
                          {rule.is_system ? "Override" : "Edit"}
                        </Button>,
                      )}
                      <Button size="xs" variant="default" onClick={() => setHistoryOf(rule)} aria-label={`History of ${rule.name}`}>
                        History
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {types.data && (
        <RuleEditor
          warehouseId={warehouse.id}
          rule={editing?.rule ?? null}
          types={types.data.items}
          opened={editing !== null}
          onClose={() => setEditing(null)}
        />
      )}
      <RuleHistory rule={historyOf} zone={warehouse.timezone} onClose={() => setHistoryOf(null)} />
    </>
  );
}
