import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { ACCESS_LEVELS, type Access } from "../api/types";
import { warehouseKeys } from "../api/warehouses";
import { useCurrentUser } from "../auth/AuthProvider";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { ProblemAlert } from "../components/ProblemAlert";
import { ADMIN_ONLY_REASON, useCurrentWarehouse } from "../components/WarehouseContext";
import { InvitationsPanel } from "./InvitationsPanel";

const MEANING: Record<Access, string> = {
  READ: "sees reports and anomalies",
  WRITE: "also uploads and works anomalies",
  ADMIN: "also changes the warehouse, its rules and its people",
};

export function PeoplePage() {
  const { warehouse, canAdmin } = useCurrentWarehouse();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState("");
  const [level, setLevel] = useState<Access>("READ");
  const access = useQuery({
    queryKey: warehouseKeys.access(warehouse.id),
    queryFn: () =>
      call(api.GET("/api/v1/warehouses/{warehouse_id}/access", { params: { path: { warehouse_id: warehouse.id } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: warehouseKeys.access(warehouse.id) });
  const grant = useMutation({
    mutationFn: (v: { username: string; access: Access }) =>
      call(
        api.PUT("/api/v1/warehouses/{warehouse_id}/access/{username}", {
          params: { path: { warehouse_id: warehouse.id, username: v.username } },
          body: { access: v.access },
        }),
      ),
    onSuccess: async (_, v) => {
      setUsername("");
      notifications.show({ color: "green", message: `${v.username} now has ${v.access} access.` });
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (name: string) =>
      call(
        api.DELETE("/api/v1/warehouses/{warehouse_id}/access/{username}", {
          params: { path: { warehouse_id: warehouse.id, username: name } },
        }),
      ),
    onSuccess: async (_, name) => {
      notifications.show({ color: "green", message: `${name} no longer has access to ${warehouse.name}.` });
      await refresh();
    },
  });
  const levels = ACCESS_LEVELS.map((a) => ({ value: a, label: `${a} — ${MEANING[a]}` }));
  return (
    <>
      <PageHeader title="People" subtitle={`Who can see and change ${warehouse.name}`} />
      <Stack>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="access-title">
          <Title order={2} size="h4" id="access-title" mb="sm">
            Access to this warehouse
          </Title>
          {!canAdmin && (
            <Text size="sm" c="dimmed" mb="sm">
              {ADMIN_ONLY_REASON}
            </Text>
          )}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (username.trim()) grant.mutate({ username: username.trim(), access: level });
            }}
          >
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label="Username"
                w={220}
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                disabled={!canAdmin}
              />
              <Select
                label="Access"
                w={380}
                data={levels}
                value={level}
                allowDeselect={false}
                onChange={(v) => v && setLevel(v as Access)}
                disabled={!canAdmin}
              />
              <Button type="submit" disabled={!canAdmin || !username.trim()} loading={grant.isPending}>
                Grant access
              </Button>
            </Group>
          </form>
          {grant.isError && <ProblemAlert error={grant.error} title="Access was not granted" />}
          {revoke.isError && <ProblemAlert error={revoke.error} title="Access was not revoked" />}
          <Stack mt="md">
            {access.isPending && <Loading />}
            {access.isError && <ProblemAlert error={access.error} />}
            {access.data && (
              <Table striped aria-label="People with access">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Username</Table.Th>
                    <Table.Th>Access</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {access.data.items.map((entry) => (
                    <Table.Tr key={entry.user_id}>
                      <Table.Td>
                        {entry.username}
                        {entry.username === me.username && (
                          <Text span size="xs" c="dimmed">
                            {" "}
                            (you)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={entry.access === "ADMIN" ? "red.9" : entry.access === "WRITE" ? "blue.9" : "gray.7"}>
                          {entry.access}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={ADMIN_ONLY_REASON} disabled={canAdmin} multiline w={260}>
                          <span>
                            <Button
                              size="xs"
                              variant="default"
                              disabled={!canAdmin || entry.username === me.username}
                              onClick={() => revoke.mutate(entry.username)}
                              aria-label={`Revoke access of ${entry.username}`}
                            >
                              Revoke
                            </Button>
                          </span>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Paper>
        <InvitationsPanel zone={warehouse.timezone} />
      </Stack>
    </>
  );
}
