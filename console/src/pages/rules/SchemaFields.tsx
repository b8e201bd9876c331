import { MultiSelect, NumberInput, Select, Stack, Switch, TagsInput, Text, TextInput } from "@mantine/core";
import { humanize } from "../../format/labels";

/** The part of JSON Schema a rule type's conditions use (pydantic's model_json_schema). */
export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  items?: JsonSchema;
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
}

function resolve(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop() ?? "";
    return { ...(root.$defs?.[name] ?? {}), ...schema, $ref: undefined };
  }
  const nonNull = schema.anyOf?.filter((s) => s.type !== "null");
  if (nonNull?.length === 1) return { ...resolve(nonNull[0], root), title: schema.title, description: schema.description };
  return schema;
}

function options(values: unknown[] | undefined): Array<{ value: string; label: string }> {
  return (values ?? []).map((v) => ({ value: String(v), label: humanize(String(v)) }));
}

/** A form for a rule type's conditions, generated from its JSON schema: one labelled field per property. */
export function SchemaFields({
  schema,
  value,
  onChange,
  errors = {},
  disabled = false,
}: {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  errors?: Record<string, string>;
  disabled?: boolean;
}) {
  const properties = Object.entries(schema.properties ?? {});
  if (!properties.length) {
    return (
      <Text size="sm" c="dimmed">
        This rule type has no conditions to set.
      </Text>
    );
  }
  const set = (key: string, next: unknown) => onChange({ ...value, [key]: next });
  return (
    <Stack gap="sm">
      {properties.map(([key, raw]) => {
        const field = resolve(raw, schema);
        const label = field.title ?? humanize(key);
        const common = { label, description: field.description, error: errors[key], disabled };
        const current = value[key];
        if (field.type === "boolean") {
          return (
            <Switch
              key={key}
              {...common}
              checked={Boolean(current)}
              onChange={(e) => set(key, e.currentTarget.checked)}
            />
          );
        }
        if (field.type === "number" || field.type === "integer") {
          return (
            <NumberInput
              key={key}
              {...common}
              value={typeof current === "number" ? current : ""}
              min={field.minimum ?? field.exclusiveMinimum}
              max={field.maximum}
              allowDecimal={field.type === "number"}
              onChange={(v) => set(key, typeof v === "number" ? v : v === "" ? null : Number(v))}
            />
          );
        }
        if (field.type === "string" && field.enum) {
          return (
            <Select
              key={key}
              {...common}
              data={options(field.enum)}
              value={typeof current === "string" ? current : null}
              onChange={(v) => set(key, v)}
            />
          );
        }
        if (field.type === "string") {
          return (
            <TextInput
              key={key}
              {...common}
              value={typeof current === "string" ? current : ""}
              onChange={(e) => set(key, e.currentTarget.value)}
            />
          );
        }
        if (field.type === "array") {
          const items = resolve(field.items, schema);
          const list = Array.isArray(current) ? current.map(String) : [];
          if (items.enum) {
            return (
              <MultiSelect
                key={key}
                {...common}
                data={options(items.enum)}
                value={list}
                onChange={(v) => set(key, v)}
                clearable
              />
            );
          }
          return (
            <TagsInput
              key={key}
              {...common}
              value={list}
              onChange={(v) => set(key, items.type === "number" || items.type === "integer" ? v.map(Number) : v)}
              placeholder="Type and press Enter"
            />
          );
        }
        return (
          <Text key={key} size="sm" c="dimmed">
            {label}: set through the API (this form cannot edit a field of this shape).
          </Text>
        );
      })}
    </Stack>
  );
}
