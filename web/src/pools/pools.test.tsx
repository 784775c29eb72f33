// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Event, ProfileBundle } from '../../../src/model/index.js';
import { planWorkflow } from '../../../src/planner/index.js';
import { bundle, clusterProfile, NS, resolverOf, workloadProfile } from '../../../src/testing/builders.js';
import { renderUi } from '../../test/render';
import { ApiError } from '../api/client';
import { timelineSteps } from '../components/Timeline';
import { BundlePicker } from './BundlePicker';
import { emptyPaletteDraft, PaletteConfigForm, paletteConfig } from './PaletteConfigForm';
import { PlanView } from './PlanView';
import { bundleChoices, placeIssues, poolObject } from './poolModel';

afterEach(cleanup);

const withPhase = (b: ProfileBundle, phase: string, message?: string): ProfileBundle =>
  ({
    ...b,
    status: {
      phase,
      ...(message
        ? { conditions: [{ type: 'ResolvedRefs', status: 'False', reason: 'MissingReference', message }] }
        : {}),
    },
  }) as ProfileBundle;

const bundles = [
  withPhase(bundle('zeta-infra', 'Infrastructure'), 'Ready'),
  withPhase(bundle('apps', 'Application'), 'Ready'),
  withPhase(bundle('alpha-broken', 'Infrastructure'), 'Pending', 'ClusterProfile "gone" not found'),
  withPhase(bundle('full', 'Fullstack'), 'Ready'),
];

describe('the bundle picker', () => {
  it('offers only Infrastructure and Fullstack bundles, Ready ones first, the others disabled with why', () => {
    const choices = bundleChoices(bundles);
    expect(choices.map((c) => c.bundle.metadata.name)).toEqual(['full', 'zeta-infra', 'alpha-broken']);
    expect(choices[2]!.disabled).toBe('Pending: ClusterProfile "gone" not found');

    const onChange = vi.fn();
    renderUi(<BundlePicker bundles={bundles} value="" onChange={onChange} />);
    const radios = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.value)).toEqual(['full', 'zeta-infra', 'alpha-broken']);
    expect(screen.queryByText('apps')).toBeNull();
    expect(radios[2]!.disabled).toBe(true);
    expect(screen.getByText('Pending: ClusterProfile "gone" not found')).toBeTruthy();
    fireEvent.click(radios[1]!);
    expect(onChange).toHaveBeenCalledWith('zeta-infra');
  });
});

describe('the plan preview', () => {
  it('shows what the Compute Pool workflow deploys of a Fullstack bundle and what it ignores with why', () => {
    const objects = [
      clusterProfile('edge'),
      clusterProfile('monitoring', 'Add-on'),
      workloadProfile('gpu-metrics', 'Infrastructure'),
      workloadProfile('chat-ui', 'Application'),
      bundle('stack', 'Fullstack', {
        clusterProfiles: ['edge', 'monitoring'],
        workloadProfiles: ['gpu-metrics', 'chat-ui'],
      }),
    ];
    const { plan } = planWorkflow(
      { workflow: 'compute-pool', pool: 'shared', namespace: NS, bundles: ['stack'], overrides: {} },
      resolverOf(objects),
    );
    renderUi(<PlanView plan={plan} checks={plan.checks} />);
    const deployed = screen.getByRole('region', { name: 'Deployed' });
    for (const n of ['edge', 'monitoring', 'gpu-metrics']) expect(within(deployed).getByText(n)).toBeTruthy();
    expect(within(deployed).queryByText('chat-ui')).toBeNull();
    const ignored = screen.getByRole('table', { name: 'Ignored parts' });
    const row = within(ignored).getByText('chat-ui').closest('tr')!;
    expect(row.textContent).toContain('a compute pool deploys infrastructure only');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why a plan is refused (an Application bundle cannot make a pool)', () => {
    const { plan } = planWorkflow(
      { workflow: 'compute-pool', pool: 'dedicated', namespace: NS, bundles: ['apps'], overrides: {} },
      resolverOf([
        workloadProfile('chat-ui'),
        bundle('apps', 'Application', { workloadProfiles: ['chat-ui'] }),
      ]),
    );
    expect(plan.allowed).toBe(false);
    renderUi(<PlanView plan={plan} checks={plan.checks} />);
    const alert = screen.getByRole('alert');
    const failed = plan.checks.find((c) => c.result === 'fail')!;
    expect(alert.textContent).toContain(failed.code);
    expect(alert.textContent).toContain(failed.message);
  });
});

describe('the pool form', () => {
  it('builds the object the CLI builds, with the Palette config only when given', () => {
    const o = poolObject({ name: 'p', namespace: NS, bundle: 'b', variant: 'dedicated', variables: {} });
    expect(o).toEqual({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ComputePool',
      metadata: { name: 'p', namespace: NS },
      spec: { profileBundleRef: { name: 'b' }, clusterVariant: { dedicated: {} } },
    });
  });

  it("places the server's issues at the fields they name", () => {
    const placed = placeIssues(
      new ApiError(422, 'invalid', 'Invalid', [
        { reason: 'REF001', message: 'not found', field: 'spec.profileBundleRef.name' },
        { reason: 'VAR002', message: 'not an int32', field: 'spec.variables.cacheRetentionDays' },
        {
          reason: 'SCH004',
          message: 'too long',
          field: 'spec.paletteClusterDeploymentConfig.machinePools[0].name',
        },
        { reason: 'X', message: 'elsewhere', field: 'spec.other' },
      ]),
    );
    expect(placed.fields).toEqual({
      bundle: 'REF001: not found',
      palette: 'SCH004: too long',
    });
    expect(placed.variables).toEqual({ cacheRetentionDays: 'VAR002: not an int32' });
    expect(placed.rest.map((c) => c.reason)).toEqual(['X']);
    expect(
      placeIssues(new ApiError(409, 'computepools "p" already exists', 'AlreadyExists', [])).fields.name,
    ).toBe('AlreadyExists: computepools "p" already exists');
  });
});

describe('the phase timeline', () => {
  it('keeps the object’s own Events and its conditions, newest first', () => {
    const event = (name: string, kind: string, reason: string, time: string, type = 'Normal'): Event => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: NS },
      involvedObject: { kind, name: 'pool-a' },
      reason,
      type,
      lastTimestamp: time,
    });
    const steps = timelineSteps(
      [
        event('e1', 'ComputePool', 'Planned', '2026-01-01T10:00:00Z'),
        event('e2', 'AIWorkload', 'Deployed', '2026-01-01T11:00:00Z'),
        event('e3', 'ComputePool', 'BundleChanged', '2026-01-01T12:00:00Z', 'Warning'),
      ],
      [{ type: 'Valid', status: 'True', lastTransitionTime: '2026-01-01T09:00:00Z' }],
      'ComputePool',
      'pool-a',
    );
    expect(steps.map((s) => s.title)).toEqual(['BundleChanged', 'Planned', 'Valid True']);
    expect(steps[0]!.tone).toBe('warning');
  });
});

describe('the Palette edge cluster', () => {
  it('turns the draft into spec.paletteClusterDeploymentConfig (uids one per line, VIP endpoint)', () => {
    const draft = emptyPaletteDraft();
    draft.host = ' 10.10.0.50 ';
    draft.pools[0]!.edgeHostUids = 'edge-a\n edge-b ,edge-c\n\n';
    draft.pools.push({
      name: 'gpu',
      controlPlane: false,
      controlPlaneAsWorker: true,
      edgeHostUids: 'edge-d',
    });
    expect(paletteConfig(draft)).toEqual({
      controlPlaneEndpoint: { host: '10.10.0.50', type: 'VIP' },
      machinePools: [
        { name: 'control-plane', controlPlane: true, edgeHostUids: ['edge-a', 'edge-b', 'edge-c'] },
        { name: 'gpu', edgeHostUids: ['edge-d'] },
      ],
    });
    draft.pools[0]!.controlPlaneAsWorker = false;
    expect(paletteConfig(draft).machinePools[0]!.controlPlaneAsWorker).toBe(false);
  });

  it('adds a machine pool and shows the server’s issue', () => {
    const onChange = vi.fn();
    renderUi(<PaletteConfigForm draft={emptyPaletteDraft()} onChange={onChange} error="SCH004: too many" />);
    fireEvent.click(screen.getByRole('button', { name: 'Add machine pool' }));
    expect(onChange.mock.calls[0]![0].pools).toHaveLength(2);
    expect(screen.getByRole('alert').textContent).toBe('SCH004: too many');
    expect(
      (screen.getByRole('button', { name: 'Remove machine pool 1' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });
});
