import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import { useWarehouses } from "../api/warehouses";
import { useCurrentUser } from "../auth/AuthProvider";
import { EmptyState } from "../components/EmptyState";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { ProblemAlert } from "../components/ProblemAlert";
import { ago } from "../format/time";

export function HomePage() {
  const me = useCurrentUser();
  const warehouses = useWarehouses();
  const create = (
    <Button component={Link} to="/warehouses/new" leftSection={<IconPlus size={16} aria-hidden />}>
      Set up a warehouse
    </Button>
  );
  return (
    <>
      <PageHeader title="Your warehouses" subtitle={`Signed in as ${me.username}`} actions={create} />
      {warehouses.isPending && <Loading label="Loading your warehouses…" />}
      {warehouses.isError && <ProblemAlert error={warehouses.error} />}
      {warehouses.data && warehouses.data.items.length === 0 && (
        <EmptyState title="No warehouse yet" action={create}>
          Set up your warehouse (its aisles, racks and special areas), or ask a colleague to give you access to
          theirs. Then upload an inventory export to find its anomalies.
        </EmptyState>
      )}
      {warehouses.data && warehouses.data.items.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {warehouses.data.items.map((w) => (
            <Card key={w.id} withBorder padding="lg" radius="md">
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600} component="h2" size="lg" m={0}>
                    {w.name}
                  </Text>
                  {w.access && <Badge variant="default">{w.access}</Badge>}
                </Group>
                <Text size="sm" c="dimmed">
                  {w.structure.aisles} aisles · {w.special_areas.length} special areas · {w.timezone}
                </Text>
                <Text size="xs" c="dimmed">
                  Created {ago(w.created_at)}
                </Text>
                <Group gap="xs">
                  <Button component={Link} to={`/w/${w.id}`} size="xs">
                    Open {w.name}
                  </Button>
                  <Button component={Link} to={`/w/${w.id}/upload`} size="xs" variant="default">
                    Upload an export
                  </Button>
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
