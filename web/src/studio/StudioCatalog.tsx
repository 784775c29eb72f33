/** The Studio catalog: ready-to-use bundles as cards, filtered by type and search; upload an archive. */
import { SegmentedControl, SimpleGrid, Group, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useFetch } from '../api/hooks';
import { useNamespace } from '../app/namespace';
import { PageHeader } from '../components/PageHeader';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { CatalogCard } from './CatalogCard';
import { fetchCatalog, filterCatalog } from './studioApi';
import { UploadImport } from './UploadImport';

export const StudioCatalog = () => {
  const ns = useNamespace();
  const catalog = useFetch(fetchCatalog, []);
  const [type, setType] = useState('All');
  const [search, setSearch] = useState('');
  const shown = useMemo(() => filterCatalog(catalog.data ?? [], type, search), [catalog.data, type, search]);
  return (
    <>
      <PageHeader
        title="Studio"
        description="Ready-to-use profile bundles: check what an import would do, then import into a project."
        actions={<UploadImport ns={ns} />}
      />
      <Group mb="sm">
        <SegmentedControl
          aria-label="Bundle type"
          value={type}
          onChange={setType}
          data={['All', 'Infrastructure', 'Application', 'Fullstack']}
        />
        <TextInput
          aria-label="Search the catalog"
          placeholder="Search name, description, label"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
      </Group>
      {catalog.error ? (
        <ErrorAlert error={catalog.error} />
      ) : catalog.loading && !catalog.data ? (
        <Loading what="the catalog" />
      ) : !catalog.data?.length ? (
        <Empty title="The catalog is empty">The server ships no catalog bundles.</Empty>
      ) : shown.length === 0 ? (
        <Empty title="No catalog bundle matches">Change the type or the search.</Empty>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} role="list" aria-label="Catalog bundles">
          {shown.map((e) => (
            <div role="listitem" key={`${e.name}@${e.version}`}>
              <CatalogCard entry={e} ns={ns} />
            </div>
          ))}
        </SimpleGrid>
      )}
    </>
  );
};
