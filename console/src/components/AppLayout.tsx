import { AppShell, Burger, Button, Group, Menu, NavLink, Select, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconBuildingWarehouse,
  IconChevronDown,
  IconFileUpload,
  IconGauge,
  IconListDetails,
  IconLogout,
  IconMail,
  IconRulerMeasure,
  IconUsers,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useLocation, useMatch, useNavigate } from "react-router";
import { useAuth, useCurrentUser } from "../auth/AuthProvider";
import { useWarehouses } from "../api/warehouses";

const WAREHOUSE_LINKS = [
  { to: "", label: "Dashboard", icon: IconGauge },
  { to: "/upload", label: "Upload", icon: IconFileUpload },
  { to: "/reports", label: "Reports", icon: IconListDetails },
  { to: "/rules", label: "Rules", icon: IconRulerMeasure },
  { to: "/people", label: "People", icon: IconUsers },
];

export function AppLayout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const me = useCurrentUser();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const match = useMatch("/w/:warehouseId/*");
  const warehouseId = match?.params.warehouseId;
  const warehouses = useWarehouses();
  const options = (warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }));

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: "md", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Toggle navigation" />
            <UnstyledButton component={Link} to="/" aria-label="WIE home: your warehouses">
              <Group gap={6} wrap="nowrap">
                <IconBuildingWarehouse aria-hidden />
                <Text fw={700}>WIE</Text>
                <Text c="dimmed" size="sm" visibleFrom="sm">
                  Warehouse Intelligence Engine
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {options.length > 0 && (
              <Select
                aria-label="Warehouse"
                placeholder="Choose a warehouse"
                data={options}
                value={warehouseId ?? null}
                onChange={(value) => value && navigate(`/w/${value}`)}
                w={200}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="subtle" rightSection={<IconChevronDown size={14} aria-hidden />}>
                  <VisuallyHidden>Account menu for </VisuallyHidden>
                  {me.username}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Signed in as {me.username} ({me.role})</Menu.Label>
                <Menu.Item component={Link} to="/invitations" leftSection={<IconMail size={16} aria-hidden />}>
                  Invitation codes
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void auth.signOut()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <NavLink component={Link} to="/" label="All warehouses" active={location.pathname === "/"} onClick={close} />
        {warehouseId &&
          WAREHOUSE_LINKS.map(({ to, label, icon: Icon }) => {
            const href = `/w/${warehouseId}${to}`;
            const active = to === "" ? location.pathname === href : location.pathname.startsWith(href);
            return (
              <NavLink
                key={label}
                component={Link}
                to={href}
                label={label}
                active={active}
                aria-current={active ? "page" : undefined}
                leftSection={<Icon size={18} aria-hidden />}
                onClick={close}
              />
            );
          })}
      </AppShell.Navbar>
      <AppShell.Main>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
