import { List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatNumber } from "../../format/labels";
import { previewStructure, type SetupValues } from "./structure";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function TemplateReview({ values }: { values: SetupValues }) {
  const code = values.template_code.trim();
  const template = useQuery({
    queryKey: ["warehouse-templates", code],
    queryFn: () => call(api.GET("/api/v1/warehouse-templates/{code}", { params: { path: { code } } })),
    enabled: code.length > 0,
    retry: false,
  });
  if (template.isPending) return <Loading label="Looking up the template…" />;
  if (template.isError) return <ProblemAlert error={template.error} title="Template not found" />;
  const t = template.data;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Fact label="Template">
        {t.name} (<code>{t.code}</code>)
      </Fact>
      <Fact label="Structure">
        {t.structure.aisles} aisles × {t.structure.racks_per_aisle} racks × {t.structure.positions_per_rack} positions,
        levels {t.structure.levels}
      </Fact>
      <Fact label="Special areas">{t.special_areas.map((a) => a.code).join(", ") || "none"}</Fact>
      <Fact label="Learned format">{t.location_format ?? "none"}</Fact>
    </SimpleGrid>
  );
}

export function ReviewStep({ values }: { values: SetupValues }) {
  const preview = previewStructure(values);
  return (
    <Stack>
      <Title order={3} size="h4">
        {values.name.trim() || "Unnamed warehouse"}
      </Title>
      <Fact label="Time zone">{values.timezone}</Fact>
      {values.mode === "template" ? (
        <TemplateReview values={values} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Fact label="Storage">
            {formatNumber(preview.storageLocations)} locations, {preview.firstCode} to {preview.lastCode}
          </Fact>
          <Fact label="Default zone">
            {values.structure.default_zone.toUpperCase()}, {values.structure.default_pallet_capacity} pallet(s) per
            location
          </Fact>
          <Fact label="Zones by aisle">
            {values.zones.length
              ? values.zones.map((z) => `aisles ${z.from}–${z.to}: ${z.zone.toUpperCase()}`).join("; ")
              : "all aisles in the default zone"}
          </Fact>
          <Fact label="Learned format">{values.location_format ?? "none (codes like 01-02-015B)"}</Fact>
          <div>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              Special areas
            </Text>
            <List size="sm">
              {values.special_areas.map((a, i) => (
                <List.Item key={`${a.code}-${i}`}>
                  {a.code.toUpperCase()} — {a.type.toUpperCase()}, {a.capacity} pallets
                  {a.zone ? `, zone ${a.zone.toUpperCase()}` : ""}
                </List.Item>
              ))}
              {values.auto_aisle_areas && <List.Item>AISLE-01 … AISLE-{String(preview.aisles).padStart(2, "0")}</List.Item>}
              {!values.special_areas.length && !values.auto_aisle_areas && <List.Item>none</List.Item>}
            </List>
          </div>
        </SimpleGrid>
      )}
    </Stack>
  );
}
