// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { useMemo, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Project } from '../../../src/model/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { renderUi } from '../../test/render';
import { mergeIssues } from './fieldIssues';
import { fromDraft, mappingField, toDraft, withMappings, type MappingDraft } from './mappingDraft';
import { MappingPreview } from './MappingPreview';
import { MappingsEditor } from './MappingsEditor';
import { lintProject, projectServing } from './MaasTab';
import { NS, project } from './fixtures';

afterEach(cleanup);

const resolver = new IndexResolver([]);

/** The editor as the tab wires it: drafts in state, the project rules run on every change. */
const Harness = ({ onProject }: { onProject: (p: Project) => void }) => {
  const base = useMemo(project, []);
  const [drafts, setDrafts] = useState<MappingDraft[]>((base.spec.maasMappings ?? []).map(toDraft));
  const edited = withMappings(base, drafts);
  onProject(edited);
  return (
    <MappingsEditor
      drafts={drafts}
      issues={mergeIssues(lintProject(edited, resolver), undefined)}
      onChange={setDrafts}
    />
  );
};

const render = () => {
  const seen: { project?: Project } = {};
  renderUi(<Harness onProject={(p) => (seen.project = p)} />);
  return seen;
};

describe('mapping drafts', () => {
  it('turn back into the stored mapping, leaving out rows whose key is still empty', () => {
    const stored = project().spec.maasMappings![0]!;
    expect(fromDraft(toDraft(stored))).toEqual(stored);
    const d = toDraft(stored);
    d.match.push({ key: ' ', value: 'x' });
    d.labels = [];
    expect(fromDraft(d)).toEqual({ ...stored, profileBundleSelector: {} });
  });

  it('replace the spec’s mappings only, and send no status', () => {
    const p = withMappings(project(), []);
    expect(p.spec).toEqual({ namespace: NS });
    expect(p.metadata.resourceVersion).toBe('7');
    expect('status' in p).toBe(false);
    expect(mappingField('spec.maasMappings[12].priority')).toEqual({ index: 12, field: 'priority' });
    expect(mappingField('spec.settingsRef.name')).toBeUndefined();
  });

  it('find the project serving a namespace among every project', () => {
    const other = { ...project(), spec: { namespace: 'elsewhere' } } as Project;
    expect(projectServing([other, project()], NS)?.metadata.name).toBe('melbourne');
    expect(projectServing([other], NS)).toBeUndefined();
  });
});

describe('<MappingsEditor>', () => {
  it('produces the edited Project: renamed, a match key added, a label removed, a mapping added', () => {
    const seen = render();
    const embeddings = screen.getByRole('group', { name: 'Mapping hf-embeddings' });
    fireEvent.change(within(embeddings).getByLabelText('Name', { exact: false }), {
      target: { value: 'hf-embed' },
    });
    const renamed = screen.getByRole('group', { name: 'Mapping hf-embed' });
    fireEvent.click(within(renamed).getByRole('button', { name: 'Add match key' }));
    fireEvent.change(within(renamed).getByLabelText('Match key 2'), { target: { value: 'library' } });
    fireEvent.change(within(renamed).getByLabelText('Match value 2'), { target: { value: 'sentence-*' } });
    fireEvent.click(
      within(renamed).getByRole('button', { name: 'Remove selector label palette.ai/inference-engine' }),
    );
    fireEvent.change(within(renamed).getByLabelText('Source'), { target: { value: 'nvidia-ngc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add mapping' }));
    expect(seen.project!.spec.maasMappings).toEqual([
      project().spec.maasMappings![0],
      {
        name: 'hf-embed',
        priority: 50,
        source: 'nvidia-ngc',
        match: { task: 'feature-extraction', library: 'sentence-*' },
        profileBundleSelector: {},
      },
      {
        // A new mapping starts below the others, with the usual keys to fill in.
        name: 'mapping-3',
        priority: 40,
        source: 'huggingface',
        match: { id: '' },
        profileBundleSelector: { matchLabels: { 'palette.ai/inference-engine': '' } },
      },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove mapping hf-llama-on-vllm' }));
    expect(seen.project!.spec.maasMappings!.map((m) => m.name)).toEqual(['hf-embed', 'mapping-3']);
  });

  it('shows PRJ002 at the priority when two mappings of equal priority can match one model, and clears it', () => {
    const seen = render();
    expect(screen.queryByText(/PRJ002/)).toBeNull();
    const embeddings = screen.getByRole('group', { name: 'Mapping hf-embeddings' });
    // Same priority, and a match that a Llama text-generation model also satisfies.
    fireEvent.change(within(embeddings).getByLabelText('Match value 1'), {
      target: { value: 'text-generation' },
    });
    fireEvent.change(within(embeddings).getByRole('textbox', { name: 'Priority' }), {
      target: { value: '100' },
    });
    expect(seen.project!.spec.maasMappings![1]!.priority).toBe(100);
    const warning = within(embeddings).getByText(/PRJ002 mappings "hf-llama-on-vllm" and "hf-embeddings"/);
    expect(warning.textContent).toContain('Warning:');
    // The other mapping's fields carry nothing: the warning sits at the one that collides.
    const llama = screen.getByRole('group', { name: 'Mapping hf-llama-on-vllm' });
    expect(within(llama).queryByText(/PRJ002/)).toBeNull();
    fireEvent.change(within(embeddings).getByRole('textbox', { name: 'Priority' }), {
      target: { value: '90' },
    });
    expect(screen.queryByText(/PRJ002/)).toBeNull();
  });
});

describe('<MappingPreview>', () => {
  it('names the mapping that applies to a typed model, and says when none does', () => {
    renderUi(<MappingPreview project={project()} resolver={resolver} />);
    fireEvent.change(screen.getByLabelText('Model id'), { target: { value: 'meta-llama/Llama-3.1-8B' } });
    expect(screen.getByText('Mapping hf-llama-on-vllm applies')).toBeTruthy();
    expect(screen.getByText(/MS002/)).toBeTruthy(); // no bundles in this namespace
    fireEvent.change(screen.getByLabelText('Model id'), { target: { value: 'mistralai/Mistral-7B' } });
    expect(screen.getByText('No mapping applies')).toBeTruthy();
    expect(screen.getByText(/MS001/)).toBeTruthy();
  });
});
