/**
 * The frame of every page: the product name, the project (namespace) switcher, the connection
 * banner, sign-out, and the navigation by resource.
 */
import { Alert, AppShell, Button, Group, NavLink, ScrollArea, Select, Title } from '@mantine/core';
import {
  IconApps,
  IconBox,
  IconBrain,
  IconBuildingStore,
  IconLogout,
  IconServer2,
  IconSettings,
  IconStack2,
} from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useConnectionLost, useFetch } from '../api/hooks';
import { session } from '../api/session';
import { rememberNamespace, lastNamespace } from './namespace';
import { to } from './paths';

const NAV = [
  { label: 'Profile bundles', icon: IconStack2, href: to.bundles, match: /\/bundles/ },
  { label: 'Workload profiles', icon: IconBox, href: to.workloadProfiles, match: /\/workloadprofiles/ },
  { label: 'Studio', icon: IconBuildingStore, href: to.studio, match: /\/studio/ },
  { label: 'Compute pools', icon: IconServer2, href: to.pools, match: /\/pools/ },
  {
    label: 'App deployments',
    icon: IconApps,
    href: (n: string) => to.deployments(n, 'app'),
    match: /\/(apps|deploy-app)/,
  },
  {
    label: 'Model deployments',
    icon: IconBrain,
    href: (n: string) => to.deployments(n, 'model'),
    match: /\/(models|deploy-model)/,
  },
  { label: 'Project settings', icon: IconSettings, href: to.settings, match: /\/settings/ },
];

/** The namespace in the address (`/ns/NAME/...`), else the last one used. */
const namespaceOf = (pathname: string) => {
  const m = /^\/ns\/([^/]+)/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : lastNamespace();
};

export const Shell = ({ children }: { children: ReactNode }) => {
  const location = useLocation();
  const navigate = useNavigate();
  const ns = namespaceOf(location.pathname);
  // Read once (and on opening the picker), not watched: a page's watches share the browser's six
  // connections to the server, and namespaces seldom change.
  const namespaces = useFetch(() => api.list('Namespace'), []);
  const lost = useConnectionLost();
  useEffect(() => rememberNamespace(ns), [ns]);
  const names = (namespaces.data?.items ?? []).map((n) => n.metadata.name);
  if (!names.includes(ns)) names.unshift(ns);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
              <Title order={4}>PaletteAI</Title>
            </Link>
          </Group>
          <Group gap="sm">
            <Select
              aria-label="Project namespace"
              data={names}
              value={ns}
              searchable
              allowDeselect={false}
              w={240}
              onDropdownOpen={namespaces.reload}
              onChange={(next) => {
                if (!next || next === ns) return;
                // Same kind of page in the other project; a detail page goes back to its list.
                const rest = location.pathname.replace(/^\/ns\/[^/]+/, '').split('/')[1] ?? 'bundles';
                navigate(`/ns/${encodeURIComponent(next)}/${rest}`);
              }}
            />
            <Button variant="subtle" leftSection={<IconLogout size={16} />} onClick={() => session.signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          {NAV.map((item) => (
            <NavLink
              key={item.label}
              component={Link}
              to={item.href(ns)}
              label={item.label}
              leftSection={<item.icon size={18} stroke={1.5} />}
              active={item.match.test(location.pathname)}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {lost ? (
          <Alert color="orange" mb="md" role="status" title="Connection lost">
            The server does not answer; reconnecting. What you see may be out of date until it is back.
          </Alert>
        ) : null}
        {children}
      </AppShell.Main>
    </AppShell>
  );
};
