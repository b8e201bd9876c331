import { ActionIcon, Badge, Button, CopyButton, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { ApiProblem } from "../api/problem";
import { EmptyState } from "../components/EmptyState";
import { Loading } from "../components/Loading";
import { ProblemAlert } from "../components/ProblemAlert";
import { PageHeader } from "../components/PageHeader";
import { When } from "../components/When";
import { browserZone } from "../format/time";

const KEY = ["invitations"] as const;

/** Create, list and deactivate invitation codes (each lets someone create an account). */
export function InvitationsPanel({ zone = browserZone() }: { zone?: string }) {
  const queryClient = useQueryClient();
  const [maxUses, setMaxUses] = useState<number | string>(1);
  const [days, setDays] = useState<number | string>(7);
  const [note, setNote] = useState("");
  const list = useQuery({ queryKey: KEY, queryFn: () => call(api.GET("/api/v1/invitations")) });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/invitations", {
          body: {
            max_uses: Number(maxUses),
            expires_in_days: days === "" ? null : Number(days),
            note: note.trim() || null,
          },
        }),
      ),
    onSuccess: async (created) => {
      setNote("");
      notifications.show({ color: "green", title: "Invitation created", message: `Code ${created.code}: copy it and send it.` });
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const deactivate = useMutation({
    mutationFn: (code: string) => call(api.DELETE("/api/v1/invitations/{code}", { params: { path: { code } } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "Invitation deactivated: it can no longer be used." });
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="invitations-title">
      <Title order={2} size="h4" id="invitations-title" mb="xs">
        Invitation codes
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Someone new creates their account with a code; then grant them access to a warehouse by username.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <NumberInput label="Uses" min={1} max={100} w={110} value={maxUses} onChange={setMaxUses} error={problem?.fieldError("max_uses")} />
          <NumberInput
            label="Expires after (days)"
            min={1}
            max={365}
            w={170}
            value={days}
            onChange={setDays}
            error={problem?.fieldError("expires_in_days")}
          />
          <TextInput label="Note" placeholder="Who it is for" w={220} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Button type="submit" loading={create.isPending}>
            Create invitation
          </Button>
        </Group>
      </form>
      {create.isError && !problem?.errors.length && <ProblemAlert error={create.error} title="No invitation was created" />}
      {deactivate.isError && <ProblemAlert error={deactivate.error} title="The invitation was not deactivated" />}
      <Stack mt="md">
        {list.isPending && <Loading />}
        {list.isError && <ProblemAlert error={list.error} />}
        {list.data?.items.length === 0 && (
          <EmptyState title="No invitation codes yet">Create one above and send it to a colleague.</EmptyState>
        )}
        {list.data && list.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label="Invitation codes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Note</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((inv) => (
                  <Table.Tr key={inv.code}>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <code>{inv.code}</code>
                        <CopyButton value={inv.code}>
                          {({ copied, copy }) => (
                            <Tooltip label={copied ? "Copied" : "Copy the code"}>
                              <ActionIcon variant="subtle" onClick={copy} aria-label={`Copy code ${inv.code}`}>
                                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                              </ActionIcon>
                            </Tooltip>
                          )}
                        </CopyButton>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {inv.uses} of {inv.max_uses}
                    </Table.Td>
                    <Table.Td>{inv.expires_at ? <When iso={inv.expires_at} zone={zone} /> : "never"}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{inv.note || "—"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={inv.is_active ? "teal.9" : "gray.7"}>{inv.is_active ? "Active" : "Deactivated"}</Badge>
                    </Table.Td>
                    <Table.Td>
                      {inv.is_active && (
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          onClick={() => deactivate.mutate(inv.code)}
                          loading={deactivate.isPending && deactivate.variables === inv.code}
                          aria-label={`Deactivate ${inv.code}`}
                        >
                          Deactivate
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

export function InvitationsPage() {
  return (
    <>
      <PageHeader title="Invitation codes" />
      <InvitationsPanel />
    </>
  );
}
