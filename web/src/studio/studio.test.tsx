// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import { ConflictView, overwriteSummary } from './ConflictView';
import { variableErrors } from './ImportPanel';
import { ImportReportView, reportHeadline } from './ImportReportView';
import { filterCatalog, importQuery, type CatalogEntry, type ImportReport } from './studioApi';

afterEach(cleanup);

const entry = (name: string, type: string, over: Partial<CatalogEntry> = {}): CatalogEntry => ({
  name,
  version: '1.0.0',
  type,
  labels: {},
  variables: [],
  file: `${name}.tar.gz`,
  sha256: 'x',
  size: 1,
  ...over,
});

const CATALOG = [
  entry('vllm-model', 'Application', { labels: { 'palette.ai/inference-engine': 'vllm' } }),
  entry('edge-gpu-infra', 'Infrastructure', { description: 'GPU edge hosts' }),
  entry('vllm-fullstack', 'Fullstack', { labels: { 'palette.ai/inference-engine': 'vllm' } }),
  entry('mlflow', 'Application', { description: 'Experiment tracking' }),
];

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  namespace: 'studio-demo',
  bundle: { name: 'vllm-model', version: '1.0.0', type: 'Application' },
  digest: 'abc123',
  dryRun: false,
  result: 'imported',
  objects: [
    { kind: 'HelmRepository', name: 'vllm', action: 'unchanged' },
    { kind: 'WorkloadProfile', name: 'vllm-server', action: 'update' },
    { kind: 'ProfileBundle', name: 'vllm-model', action: 'create' },
  ],
  missingPacks: [],
  affected: [],
  ...over,
});

describe('catalog filtering', () => {
  it('keeps a type, and searches names, descriptions and labels', () => {
    const names = (type: string, q: string) => filterCatalog(CATALOG, type, q).map((e) => e.name);
    expect(names('All', '')).toHaveLength(4);
    expect(names('Application', '')).toEqual(['vllm-model', 'mlflow']);
    expect(names('All', 'inference-engine=vllm')).toEqual(['vllm-model', 'vllm-fullstack']);
    expect(names('Fullstack', 'vllm')).toEqual(['vllm-fullstack']);
    expect(names('All', 'EXPERIMENT')).toEqual(['mlflow']);
    expect(names('Infrastructure', 'mlflow')).toEqual([]);
  });
});

describe('the import query', () => {
  it('sends each value as set=NAME=VALUE (a value may hold =), dryRun=All and overwrite=true', () => {
    const q = new URLSearchParams(
      importQuery({ dryRun: true, overwrite: true, values: { modelId: 'a=b', replicas: 2 } }),
    );
    expect(q.get('dryRun')).toBe('All');
    expect(q.get('overwrite')).toBe('true');
    expect(q.getAll('set')).toEqual(['modelId=a=b', 'replicas=2']);
    expect(importQuery({ dryRun: false, overwrite: false, values: {} })).toBe('');
  });

  it('maps the server’s refusal of a value to that variable', () => {
    const errors = variableErrors(
      [
        { reason: 'VAR009', message: '--set override replicas does not fit type int32: a whole number.' },
        {
          reason: 'VAR008',
          message: '--set "region" is locked by VariableSet x; a deployment cannot override it.',
        },
        { reason: 'AR001', message: 'something else' },
      ],
      ['replicas', 'region', 'modelId'],
    );
    expect(errors).toEqual({
      replicas: 'VAR009: override replicas does not fit type int32: a whole number.',
      region: 'VAR008: "region" is locked by VariableSet x; a deployment cannot override it.',
    });
  });
});

describe('<ImportReportView>', () => {
  it('shows what was created, replaced and unchanged, and links the imported bundle', () => {
    renderUi(<ImportReportView report={report()} />);
    expect(screen.getByRole('heading').textContent).toBe(
      'Imported vllm-model 1.0.0 (Application) into studio-demo',
    );
    expect(screen.getByText('1 created')).toBeTruthy();
    expect(screen.getByText('1 replaced')).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Imported objects' })).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'KindNameAction',
      'HelmRepositoryvllmunchanged',
      'WorkloadProfilevllm-serverreplaced',
      'ProfileBundlevllm-modelcreated',
    ]);
    expect(screen.getByRole('link', { name: 'vllm-model' }).getAttribute('href')).toBe(
      '/ns/studio-demo/bundles/vllm-model',
    );
  });

  it('in a dry run says what would happen, lists the affected objects and the downgrade, links nothing', () => {
    renderUi(
      <ImportReportView
        report={report({
          dryRun: true,
          result: 'dry-run',
          downgrade: { from: '1.10.0', to: '1.0.0' },
          affected: [{ kind: 'ComputePool', name: 'llama-pool', via: 'ProfileBundle vllm-llama3' }],
        })}
      />,
    );
    expect(reportHeadline(report({ result: 'dry-run' }))).toMatch(/^Dry run: .* would be imported/);
    expect(screen.getByText('1 would create')).toBeTruthy();
    expect(
      screen.getByText(/Would lower ProfileBundle vllm-model from version 1.10.0 to 1.0.0/),
    ).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Affected objects' }).textContent).toBe(
      'ComputePool llama-pool (uses ProfileBundle vllm-llama3)',
    );
    expect(screen.queryByRole('link')).toBeNull();
  });
});

describe('<ConflictView>', () => {
  const preview = report({
    dryRun: true,
    result: 'dry-run',
    downgrade: { from: '1.10.0', to: '1.0.0' },
    affected: [{ kind: 'ProfileBundle', name: 'vllm-llama3', via: 'WorkloadProfile vllm-server' }],
  });

  it('names what an overwrite replaces, lowers and changes', () => {
    expect(overwriteSummary(preview)).toBe(
      'Overwrite: replace WorkloadProfile vllm-server; lower vllm-model from 1.10.0 to 1.0.0; change ProfileBundle vllm-llama3',
    );
  });

  it('groups the causes and offers the overwrite only once it knows what it changes', () => {
    const onOverwrite = vi.fn();
    const causes = [
      {
        reason: 'Downgrade',
        message: 'ProfileBundle "vllm-model" would go from version 1.10.0 down to 1.0.0',
      },
      {
        reason: 'SharedObject',
        message: 'ComputePool "llama-pool" would change: it uses ProfileBundle vllm-llama3',
      },
    ];
    renderUi(
      <ConflictView message="conflicts" causes={causes} overwrite={false} onOverwrite={onOverwrite} />,
    );
    expect(
      screen.getByRole('list', { name: 'Other objects of the namespace would change' }).textContent,
    ).toContain('ComputePool "llama-pool"');
    expect((screen.getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    cleanup();
    renderUi(
      <ConflictView
        message="conflicts"
        causes={causes}
        preview={preview}
        overwrite={false}
        onOverwrite={onOverwrite}
      />,
    );
    fireEvent.click(
      screen.getByRole('checkbox', { name: /^Overwrite: replace WorkloadProfile vllm-server/ }),
    );
    expect(onOverwrite).toHaveBeenCalledWith(true);
  });
});
