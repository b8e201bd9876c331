import { Button, Drawer, Group, Select, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, call } from "../../api/client";
import { ApiProblem } from "../../api/problem";
import { PRIORITIES, type Priority, type Rule, type RuleType, type RuleTypeCode } from "../../api/types";
import { ProblemAlert } from "../../components/ProblemAlert";
import { humanize } from "../../format/labels";
import { SchemaFields, type JsonSchema } from "./SchemaFields";

export interface Draft {
  name: string;
  description: string;
  rule_type: string;
  priority: Priority;
  is_active: boolean;
  conditions: Record<string, unknown>;
}

function draftOf(rule: Rule | null, types: RuleType[]): Draft {
  if (rule) {
    return {
      name: rule.name,
      description: rule.description,
      rule_type: rule.rule_type,
      priority: rule.priority as Priority,
      is_active: rule.is_active,
      conditions: { ...rule.conditions },
    };
  }
  const first = types[0];
  return {
    name: "",
    description: "",
    rule_type: first?.rule_type ?? "",
    priority: "MEDIUM",
    is_active: true,
    conditions: { ...(first?.defaults ?? {}) },
  };
}

/**
 * Saves a rule the way the API wants: a warehouse's own rule is patched (a new version); a system default is
 * never changed — the first change creates this warehouse's override of it; a new rule is created.
 */
export async function saveRule(warehouseId: string, rule: Rule | null, draft: Draft): Promise<Rule> {
  if (rule && !rule.is_system && rule.warehouse_id === warehouseId) {
    return call(
      api.PATCH("/api/v1/rules/{rule_id}", {
        params: { path: { rule_id: rule.id } },
        body: {
          name: draft.name,
          description: draft.description,
          priority: draft.priority,
          is_active: draft.is_active,
          conditions: draft.conditions,
        },
      }),
    );
  }
  return call(
    api.POST("/api/v1/rules", {
      body: {
        warehouse_id: warehouseId,
        name: draft.name,
        description: draft.description,
        rule_type: draft.rule_type as RuleTypeCode,
        priority: draft.priority,
        is_active: draft.is_active,
        conditions: draft.conditions,
        overrides_rule_id: rule?.is_system ? rule.id : (rule?.overrides_rule_id ?? null),
        category: rule ? (rule.category as "FLOW_TIME" | "SPACE" | "PRODUCT") : undefined,
      },
    }),
  );
}

export function RuleEditor({
  warehouseId,
  rule,
  types,
  opened,
  onClose,
}: {
  warehouseId: string;
  rule: Rule | null;
  types: RuleType[];
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule, types));
  useEffect(() => {
    if (opened) setDraft(draftOf(rule, types));
  }, [opened, rule, types]);
  const type = types.find((t) => t.rule_type === draft.rule_type);
  const save = useMutation({
    mutationFn: () => saveRule(warehouseId, rule, draft),
    onSuccess: async (saved) => {
      notifications.show({ color: "green", message: `Rule “${saved.name}” saved (version ${saved.version}).` });
      await queryClient.invalidateQueries({ queryKey: ["rules", warehouseId] });
      onClose();
    },
  });
  const problem = save.error instanceof ApiProblem ? save.error : null;
  const conditionErrors = Object.fromEntries(
    (problem?.errors ?? [])
      .filter((e) => e.field.startsWith("conditions."))
      .map((e) => [e.field.split(".")[1] ?? "", e.message]),
  );
  const title = rule ? (rule.is_system ? `Override “${rule.name}” for this warehouse` : `Edit “${rule.name}”`) : "Add a rule";
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={title} closeButtonProps={{ "aria-label": "Close the rule editor" }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          {rule?.is_system && (
            <Text size="sm" c="dimmed">
              This is a system default. Saving creates this warehouse's own version of it; other warehouses keep the
              default.
            </Text>
          )}
          {!rule && (
            <Select
              label="Rule type"
              data={types.map((t) => ({ value: t.rule_type, label: humanize(t.rule_type) }))}
              value={draft.rule_type}
              allowDeselect={false}
              description={type?.description}
              onChange={(v) => {
                const next = types.find((t) => t.rule_type === v);
                setDraft((d) => ({ ...d, rule_type: v ?? d.rule_type, conditions: { ...(next?.defaults ?? {}) } }));
              }}
            />
          )}
          <TextInput
            label="Name"
            required
            value={draft.name}
            error={problem?.fieldError("name")}
            onChange={(e) => {
              const name = e.currentTarget.value;
              setDraft((d) => ({ ...d, name }));
            }}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={draft.description}
            onChange={(e) => {
              const description = e.currentTarget.value;
              setDraft((d) => ({ ...d, description }));
            }}
          />
          <Group grow>
            <Select
              label="Priority"
              data={PRIORITIES.map((p) => ({ value: p, label: humanize(p) }))}
              value={draft.priority}
              allowDeselect={false}
              onChange={(v) => v && setDraft((d) => ({ ...d, priority: v as Priority }))}
            />
            <Switch
              mt="lg"
              label="Active"
              checked={draft.is_active}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setDraft((d) => ({ ...d, is_active: on }));
              }}
            />
          </Group>
          <Text fw={600} size="sm">
            Conditions
          </Text>
          {type ? (
            <SchemaFields
              schema={type.conditions_schema as JsonSchema}
              value={draft.conditions}
              errors={conditionErrors}
              onChange={(conditions) => setDraft((d) => ({ ...d, conditions }))}
            />
          ) : (
            <Text size="sm" c="dimmed">
              Unknown rule type.
            </Text>
          )}
          {save.isError && <ProblemAlert error={save.error} title="The rule was not saved" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {rule?.is_system ? "Save override" : rule ? "Save" : "Add rule"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
