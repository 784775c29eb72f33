/**
 * Project settings (`/ns/:ns/settings`): the Model-as-a-Service mappings of the Project serving the
 * namespace, and the namespace's Settings. The tab is in the address (`?tab=settings`), so either
 * can be linked to.
 */
import { Tabs } from '@mantine/core';
import { IconRoute, IconSettings } from '@tabler/icons-react';
import { useSearchParams } from 'react-router-dom';
import { useNamespace } from '../app/namespace';
import { PageHeader } from '../components/PageHeader';
import { MaasTab } from './MaasTab';
import { SettingsTab } from './SettingsTab';

const TABS = ['maas', 'settings'] as const;
type Tab = (typeof TABS)[number];

export const ProjectSettings = () => {
  const ns = useNamespace();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'maas';
  return (
    <>
      <PageHeader
        title="Project settings"
        description={`Model-as-a-Service mappings and integrations of namespace ${ns}.`}
      />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'maas' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="maas" leftSection={<IconRoute size={16} />}>
            Model as a Service
          </Tabs.Tab>
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} />}>
            Settings
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="maas">
          <MaasTab ns={ns} />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <SettingsTab ns={ns} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
};
