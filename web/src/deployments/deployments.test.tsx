// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AIWorkload, ProfileBundle } from '../../../src/model/index.js';
import { planWorkflow } from '../../../src/planner/index.js';
import {
  bundle,
  clusterProfile,
  mapping,
  NS,
  pool,
  project,
  resolverOf,
  stringVar,
  workloadProfile,
} from '../../../src/testing/builders.js';
import { renderUi } from '../../test/render';
import { causesByStep, firstBundleOptions, poolKindsFor, rollbackSpec, type DeployChoice } from './model';
import { SelectionView } from './PlanView';
import { ArtifactsTable, HistoryTable } from './StatusTables';
import { WhatStep } from './WhatStep';

afterEach(cleanup);

/** A bundle as the server reports it: a phase and its workload profiles' types. */
const served = (b: ProfileBundle, wpType?: string, phase: 'Ready' | 'Pending' = 'Ready'): ProfileBundle => ({
  ...b,
  status: {
    phase,
    ...(wpType ? { resolved: { workloadProfiles: [{ name: `${b.metadata.name}-wp`, type: wpType }] } } : {}),
  },
});

const BUNDLES = [
  served(bundle('gpu-infra', 'Infrastructure', { clusterProfiles: ['edge'], engine: 'vllm' })),
  served(bundle('vllm-new', 'Application', { workloadProfiles: ['vllm-server'], engine: 'vllm' }), 'Model'),
  served(bundle('webui', 'Application', { workloadProfiles: ['webui'] }), 'Application'),
  served(
    bundle('stack', 'Fullstack', { clusterProfiles: ['edge'], workloadProfiles: ['webui'] }),
    'Application',
  ),
  served(bundle('draft', 'Application', { workloadProfiles: ['webui'] }), 'Application', 'Pending'),
];
const problems = (type: 'app' | 'model') =>
  Object.fromEntries(firstBundleOptions(BUNDLES, type).map((o) => [o.bundle.metadata.name, o.problem]));

describe('bundle filtering per workflow (SPEC §3)', () => {
  it('offers an app the Application-profile bundles and an Infrastructure half, not model bundles', () => {
    const p = problems('app');
    expect(p.webui).toBeUndefined();
    expect(p.stack).toBeUndefined();
    expect(p['gpu-infra']).toBeUndefined();
    expect(p['vllm-new']).toContain('holds Model workload profiles, not Application ones');
    expect(p.draft).toBe('it is Pending, not Ready');
  });

  it('offers a model the Model-profile bundles, not app bundles', () => {
    const p = problems('model');
    expect(p['vllm-new']).toBeUndefined();
    expect(p.webui).toContain('not Model ones');
    expect(p.stack).toContain('not Model ones');
  });

  it('sends each choice of bundles to the pools that accept it', () => {
    expect(poolKindsFor(['webui'], BUNDLES, 'app').shared).toBeUndefined();
    expect(poolKindsFor(['webui'], BUNDLES, 'app').dedicated).toContain('cannot make a pool');
    expect(poolKindsFor(['gpu-infra', 'webui'], BUNDLES, 'app').shared).toContain(
      'cannot go onto an existing pool',
    );
    expect(poolKindsFor(['gpu-infra', 'webui'], BUNDLES, 'app').dedicated).toBeUndefined();
    expect(poolKindsFor(['stack'], BUNDLES, 'app')).toEqual({ shared: undefined, dedicated: undefined });
    expect(poolKindsFor([], BUNDLES, 'model')).toEqual({ shared: undefined, dedicated: undefined });
    expect(poolKindsFor(['gpu-infra'], BUNDLES, 'model').shared).toContain('makes its own pool');
  });

  it('shows an app only the bundles it can use, and says why not for the others', () => {
    const choice: DeployChoice = { type: 'app', name: 'x', namespace: NS, bundles: [], variables: {} };
    renderUi(
      <WhatStep
        choice={choice}
        onChange={() => undefined}
        bundles={BUNDLES}
        attributesText=""
        onAttributesText={() => undefined}
        causes={[{ reason: 'FieldValueInvalid', message: 'bad name', field: 'metadata.name' }]}
      />,
    );
    const options = within(screen.getByRole('combobox', { name: 'Bundle' }))
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));
    expect(options).toEqual(['', 'gpu-infra', 'webui', 'stack']);
    expect(screen.getByText('vllm-new', { selector: 'b' }).closest('li')?.textContent).toContain(
      'not Application ones',
    );
    expect(screen.getByText('FieldValueInvalid: bad name')).toBeTruthy();
  });
});

describe('server causes and rollback', () => {
  it('groups the server’s causes by the step whose field they name', () => {
    const by = causesByStep([
      { reason: 'WF001', message: 'm', field: 'spec.profileBundleRefs' },
      { reason: 'WF004', message: 'm', field: 'spec.computePoolRef' },
      { reason: 'VAR001', message: 'm', field: 'spec.workloadDeploymentConfigs[0].variables.x' },
      { reason: 'X', message: 'm' },
    ]);
    expect([by.what.length, by.where.length, by.variables.length, by.review.length]).toEqual([1, 1, 1, 1]);
  });

  it('rolls back to a recorded revision keeping current secret values', () => {
    const current = {
      metadata: { name: 'a', namespace: NS },
      spec: {
        profileBundleRefs: [{ name: 'new' }],
        computePoolRef: { name: 'p' },
        workloadDeploymentConfigs: [{ variables: { token: 'now-secret', size: 2 } }],
      },
    } as unknown as AIWorkload;
    const spec = rollbackSpec(current, {
      generation: 1,
      time: '2026-01-01T00:00:00Z',
      artifacts: [],
      spec: {
        profileBundleRefs: [{ name: 'old' }],
        workloadDeploymentConfigs: [{ variables: { token: '(secret)', size: 1 } }],
      },
    });
    expect(spec).toEqual({
      profileBundleRefs: [{ name: 'old' }],
      computePoolRef: { name: 'p' },
      workloadDeploymentConfigs: [{ variables: { token: 'now-secret', size: 1 } }],
    });
  });
});

describe('<SelectionView> (Model as a Service: why and why not)', () => {
  it('lists every mapping and every candidate with its verdict and reason, the chosen one marked', () => {
    const resolver = resolverOf([
      clusterProfile('edge'),
      workloadProfile('vllm-server', 'Model', [stringVar('modelId')]),
      workloadProfile('webui', 'Application'),
      bundle('gpu-infra', 'Infrastructure', { clusterProfiles: ['edge'], engine: 'vllm' }),
      bundle('vllm-new', 'Application', {
        workloadProfiles: ['vllm-server'],
        engine: 'vllm',
        version: '2.0.0',
      }),
      bundle('vllm-old', 'Application', {
        workloadProfiles: ['vllm-server'],
        engine: 'vllm',
        version: '1.0.0',
      }),
      bundle('webui', 'Application', { workloadProfiles: ['webui'] }),
      pool('gpu', 'gpu-infra'),
      project('melbourne', [
        mapping('llama', 100, { id: 'meta-llama/*' }, 'vllm'),
        mapping('ngc', 100, { id: 'meta/*' }, 'nim', 'nvidia-ngc'),
      ]),
    ]);
    const { plan } = planWorkflow(
      {
        workflow: 'model',
        pool: 'shared',
        namespace: NS,
        bundles: [],
        computePool: 'gpu',
        model: { source: 'huggingface', id: 'meta-llama/Llama-3.1-8B' },
        project: 'melbourne',
      },
      resolver,
    );
    expect(plan.selection?.chosen).toBe('vllm-new');
    renderUi(<SelectionView selection={plan.selection!} />);
    const row = (table: string, name: string) =>
      within(screen.getByRole('table', { name: table }))
        .getAllByRole('row')
        .find((r) => within(r).queryAllByRole('cell')[0]?.textContent === name)!;
    expect(row('Mappings', 'llama').textContent).toContain('used');
    expect(row('Mappings', 'ngc').textContent).toContain('other-source');
    expect(row('Candidate bundles', 'vllm-new').getAttribute('aria-current')).toBe('true');
    expect(row('Candidate bundles', 'vllm-new').textContent).toContain('chosen');
    expect(row('Candidate bundles', 'vllm-old').textContent).toContain('outranked');
    expect(row('Candidate bundles', 'vllm-old').getAttribute('aria-current')).toBeNull();
    expect(row('Candidate bundles', 'webui').textContent).toMatch(/rejected.*labels do not match/);
    expect(within(screen.getByRole('table', { name: 'Candidate bundles' })).getAllByRole('row')).toHaveLength(
      1 + plan.selection!.candidates.length,
    );
  });
});

describe('<HistoryTable> and <ArtifactsTable>', () => {
  const artifact = (digest: string, revision: number) => ({
    workloadDeployment: 'chat-vllm-server',
    digest: `sha256:${digest.repeat(64)}`,
    workloadProfile: { name: 'vllm-server', revision },
  });
  it('marks only the newest entry current when a profile revision delivered under the same generation', () => {
    const history = [
      { generation: 2, time: '2026-12-01T10:00:00Z', artifacts: [artifact('a', 1)], spec: {} },
      { generation: 2, time: '2026-12-01T11:00:00Z', artifacts: [artifact('b', 2)], spec: {} },
    ];
    renderUi(<HistoryTable history={history} generation={2} onRollback={() => {}} busy={false} />);
    const rows = within(screen.getByRole('table', { name: 'History' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => within(r).queryByText('current') !== null)).toEqual([true, false]);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('chat-vllm-server (vllm-server r2): sha256:bbbb'),
      expect.stringContaining('chat-vllm-server (vllm-server r1): sha256:aaaa'),
    ]);
  });
  it('says which revision of which profile each artifact was rendered from', () => {
    renderUi(<ArtifactsTable artifacts={[artifact('c', 3)]} />);
    expect(screen.getByRole('table', { name: 'Artifacts' }).textContent).toContain('vllm-server, revision 3');
  });
});
