import {
  ActionIcon,
  Alert,
  Autocomplete,
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, call } from "../../api/client";
import { ProblemAlert } from "../../components/ProblemAlert";
import { humanize } from "../../format/labels";
import { timeZones } from "../../format/time";
import { StructurePreviewCard } from "./StructurePreviewCard";
import { BUILT_IN_AREA_TYPES, previewStructure, type SetupValues } from "./structure";

type Form = UseFormReturnType<SetupValues>;

export function BasicsStep({ form }: { form: Form }) {
  const zones = useMemo(() => timeZones(), []);
  return (
    <Stack maw={560}>
      <TextInput label="Warehouse name" required {...form.getInputProps("name")} />
      <Select
        label="Time zone"
        description="Times on every page are shown in this zone"
        data={zones}
        searchable
        allowDeselect={false}
        {...form.getInputProps("timezone")}
      />
      <Switch
        label="Start from a template code (a colleague's warehouse layout)"
        checked={form.values.mode === "template"}
        onChange={(e) => form.setFieldValue("mode", e.currentTarget.checked ? "template" : "scratch")}
      />
      {form.values.mode === "template" && (
        <TextInput
          label="Template code"
          description="The structure and special areas come from the template; review, then create."
          {...form.getInputProps("template_code")}
        />
      )}
    </Stack>
  );
}

export function StructureStep({ form }: { form: Form }) {
  const preview = previewStructure(form.values);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack>
        <SimpleGrid cols={2}>
          <NumberInput label="Aisles" min={1} max={99} {...form.getInputProps("structure.aisles")} />
          <NumberInput label="Racks per aisle" min={1} max={99} {...form.getInputProps("structure.racks_per_aisle")} />
          <NumberInput
            label="Positions per rack"
            min={1}
            max={9999}
            {...form.getInputProps("structure.positions_per_rack")}
          />
          <TextInput
            label="Levels"
            description="One letter per level, bottom first"
            {...form.getInputProps("structure.levels")}
          />
          <NumberInput
            label="Pallets per location"
            min={1}
            {...form.getInputProps("structure.default_pallet_capacity")}
          />
          <TextInput label="Default zone" {...form.getInputProps("structure.default_zone")} />
        </SimpleGrid>
        <Title order={3} size="h5">
          Zones by aisle range
        </Title>
        {form.values.zones.length === 0 && (
          <Text size="sm" c="dimmed">
            Every aisle is in the default zone. Add a range for aisles in another zone (e.g. FREEZER).
          </Text>
        )}
        {form.values.zones.map((_, i) => (
          <Group key={form.key(`zones.${i}`)} align="flex-end" wrap="nowrap">
            <NumberInput label="From aisle" min={1} w={110} {...form.getInputProps(`zones.${i}.from`)} />
            <NumberInput label="To aisle" min={1} w={110} {...form.getInputProps(`zones.${i}.to`)} />
            <TextInput label="Zone" style={{ flex: 1 }} {...form.getInputProps(`zones.${i}.zone`)} />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`Remove zone range ${i + 1}`}
              onClick={() => form.removeListItem("zones", i)}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => form.insertListItem("zones", { from: 1, to: 1, zone: "" })}
          >
            Add a zone range
          </Button>
        </Group>
      </Stack>
      <StructurePreviewCard preview={preview} />
    </SimpleGrid>
  );
}

export function SpecialAreasStep({ form }: { form: Form }) {
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Places that are not rack storage: receiving doors, staging lanes, docks. Types other than the built-in ones
        are allowed (QC, RETURNS …).
      </Text>
      {form.values.special_areas.length === 0 && (
        <Alert color="blue" variant="default">
          No special areas yet. Add at least your receiving area, so pallets forgotten there are found.
        </Alert>
      )}
      {form.values.special_areas.map((_, i) => (
        <Group key={form.key(`special_areas.${i}`)} align="flex-start" wrap="wrap">
          <TextInput label="Area code" w={150} {...form.getInputProps(`special_areas.${i}.code`)} />
          <Autocomplete
            label="Type"
            w={170}
            data={BUILT_IN_AREA_TYPES}
            {...form.getInputProps(`special_areas.${i}.type`)}
          />
          <NumberInput label="Capacity (pallets)" min={0} w={150} {...form.getInputProps(`special_areas.${i}.capacity`)} />
          <TextInput
            label="Zone"
            placeholder="Default zone"
            w={150}
            {...form.getInputProps(`special_areas.${i}.zone`)}
          />
          <ActionIcon
            mt={26}
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Remove special area ${i + 1}`}
            onClick={() => form.removeListItem("special_areas", i)}
          >
            <IconTrash size={18} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() =>
            form.insertListItem("special_areas", {
              code: "",
              type: "STAGING",
              capacity: 10,
              zone: "",
            })
          }
        >
          Add a special area
        </Button>
      </Group>
      <Switch
        label="Create an AISLE area for every aisle (AISLE-01 …, capacity 10)"
        {...form.getInputProps("auto_aisle_areas", { type: "checkbox" })}
      />
    </Stack>
  );
}

export function FormatStep({ form }: { form: Form }) {
  const examples = form.values.format_examples
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const detect = useMutation({
    mutationFn: () => call(api.POST("/api/v1/location-formats/detect", { body: { examples } })),
    onSuccess: (found) => form.setFieldValue("location_format", found.pattern),
  });
  const result = detect.data;
  return (
    <Stack maw={720}>
      <Text size="sm" c="dimmed">
        Optional. If your WMS writes location codes in its own style (<code>A01-R02-P015B</code>,{" "}
        <code>010215B</code>), paste 3 to 50 examples and the engine learns the pattern. Skip this step if your
        codes look like <code>01-02-015B</code>.
      </Text>
      <Textarea
        label="Example location codes (one per line)"
        autosize
        minRows={4}
        maxRows={10}
        {...form.getInputProps("format_examples")}
      />
      <Group>
        <Button variant="default" onClick={() => detect.mutate()} loading={detect.isPending} disabled={examples.length < 3}>
          Detect the format
        </Button>
        {examples.length > 0 && examples.length < 3 && (
          <Text size="sm" c="dimmed">
            Paste at least 3 examples.
          </Text>
        )}
        {form.values.location_format && (
          <Button variant="subtle" color="gray" onClick={() => form.setFieldValue("location_format", null)}>
            Do not use a learned format
          </Button>
        )}
      </Group>
      {detect.isError && <ProblemAlert error={detect.error} title="The format could not be detected" />}
      {result && form.values.location_format === result.pattern && (
        <Stack gap="xs" data-testid="detected-format">
          <Group gap="xs">
            <Text size="sm">
              Detected pattern <code>{result.pattern}</code>
            </Text>
            <Badge variant="default">{Math.round(result.confidence * 100)}% confidence</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            Parts: {result.parts.map(humanize).join(", ")}
          </Text>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Your code</Table.Th>
                <Table.Th>Canonical form</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {examples.map((code, i) => (
                <Table.Tr key={`${code}-${i}`}>
                  <Table.Td>
                    <code>{code}</code>
                  </Table.Td>
                  <Table.Td>{result.canonical_examples[i] ?? "not recognised"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
