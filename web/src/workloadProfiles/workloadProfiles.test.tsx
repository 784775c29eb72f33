// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { profileBundleBaseline, workloadProfileBaseline } from '../../../src/model/baselines.js';
import type { ProfileBundle, WorkloadProfile } from '../../../src/model/index.js';
import { renderUi } from '../../test/render';
import { ComponentsEditor } from './ComponentsEditor';
import {
  fieldErrors,
  fieldOf,
  fromProfile,
  move,
  repositoryWarnings,
  toProfile,
  type ComponentDraft,
} from './profileDraft';
import { ProfileRevisions, revisionRows } from './ProfileRevisions';
import { bundlesUsing } from './WorkloadProfileDetail';
import { matchesProfile } from './WorkloadProfileList';

afterEach(cleanup);

describe('the draft ↔ WorkloadProfile', () => {
  it('a clone gives back the same spec (properties through YAML, typed defaults)', () => {
    const d = fromProfile(workloadProfileBaseline);
    expect(d.name).toBe('vllm-server-copy');
    const { object, problems } = toProfile({ ...d, name: 'vllm-server' }, 'project-melbourne');
    expect(problems).toEqual({});
    expect(object.spec).toEqual(workloadProfileBaseline.spec);
    expect(object.metadata).toEqual({ name: 'vllm-server', namespace: 'project-melbourne' });
  });

  it('finds properties that are not YAML, not a mapping, or fail their built-in type’s check', () => {
    const base = fromProfile(workloadProfileBaseline);
    const withProps = (type: string, properties: string) =>
      toProfile({ ...base, components: [{ ...base.components[0]!, type, properties }] }, 'ns').problems;
    expect(Object.keys(withProps('helm', 'a: [1'))).toEqual(['spec.workload.components[0].properties']);
    expect(withProps('helm', '- a\n- b')).toEqual({
      'spec.workload.components[0].properties': 'properties must be a mapping (key: value)',
    });
    const web = withProps('webservice', 'port: 8080\nimagee: x');
    expect(Object.values(web).join(' ')).toMatch(/WP00\d/);
    expect(Object.keys(web).every((k) => fieldOf(k) === 'spec.workload.components[0].properties')).toBe(true);
    expect(withProps('my-definition', 'anything: 1')).toEqual({});
  });

  it('sends server causes to their fields and keeps the rest for the alert', () => {
    expect(fieldOf('spec.workload.components[2].properties.values.x')).toBe(
      'spec.workload.components[2].properties',
    );
    expect(fieldOf('spec.workload.components[1]')).toBe('spec.workload.components[1].name');
    expect(fieldOf('spec.variables[0].value')).toBe('spec.variables[0]');
    expect(fieldOf('metadata.name')).toBe('metadata.name');
    const { byField, rest } = fieldErrors({}, [
      {
        reason: 'WP004',
        message: 'repository "vlm" not found',
        field: 'spec.workload.components[0].properties.repository',
      },
      { reason: 'AlreadyExists', message: 'exists' },
    ]);
    expect(byField).toEqual({
      'spec.workload.components[0].properties': 'WP004: repository "vlm" not found',
    });
    expect(rest.map((c) => c.reason)).toEqual(['AlreadyExists']);
  });

  it('warns about a helm repository the namespace lacks (WP004), naming those it has', () => {
    const { object } = toProfile(fromProfile(workloadProfileBaseline), 'ns');
    expect(repositoryWarnings(object, 'ns', ['vllm'])).toEqual({});
    expect(repositoryWarnings(object, 'ns', ['other', 'bitnami'])[0]).toMatch(
      /^WP004: repository "vllm" is neither .* in namespace ns \(found: bitnami, other\)/,
    );
  });

  it('moves a component and ignores a move past either end', () => {
    expect(move([1, 2, 3], 2, 0)).toEqual([3, 1, 2]);
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
  });
});

let latest: ComponentDraft[] = [];
const Harness = ({ errors = {} }: { errors?: Record<string, string> }) => {
  const [components, setComponents] = useState<ComponentDraft[]>([
    {
      key: 'a',
      name: 'server',
      type: 'helm',
      priority: '',
      properties: 'repository: vllm\nchart: vllm-stack\nversion: 0.1.5\n',
    },
  ]);
  latest = components;
  return <ComponentsEditor components={components} onChange={setComponents} errors={errors} />;
};

describe('<ComponentsEditor>', () => {
  it('adds a webservice component, moves it first, and the profile holds both in that order', () => {
    renderUi(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Add component' }));
    fireEvent.change(screen.getByLabelText('Component 2 name', { exact: false }), {
      target: { value: 'ui' },
    });
    // The type select: choose webservice; its properties template replaces helm's untouched one.
    fireEvent.click(screen.getByRole('combobox', { name: 'Component 2 type' }));
    fireEvent.click(screen.getByRole('option', { name: 'webservice' }));
    fireEvent.change(screen.getByLabelText('Component 2 properties (YAML)'), {
      target: { value: 'image: ghcr.io/open-webui/open-webui:0.5.4\nport: 8080\n' },
    });
    fireEvent.change(screen.getByLabelText('Component 2 priority', { exact: false }), {
      target: { value: '0' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Move component 2 up' }));
    const { object, problems } = toProfile(
      { name: 'chat', type: 'Application', description: '', components: latest, variables: [] },
      'ns',
    );
    expect(problems).toEqual({});
    expect(object.spec.workload.components).toEqual([
      {
        name: 'ui',
        type: 'webservice',
        deploymentPriority: 0,
        properties: { image: 'ghcr.io/open-webui/open-webui:0.5.4', port: 8080 },
      },
      {
        name: 'server',
        type: 'helm',
        properties: { repository: 'vllm', chart: 'vllm-stack', version: '0.1.5' },
      },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove component 1' }));
    expect(latest.map((c) => c.name)).toEqual(['server']);
    // The last component cannot be removed (a profile has at least one).
    expect((screen.getByRole('button', { name: 'Remove component 1' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('shows a problem at the component field it names', () => {
    renderUi(
      <Harness errors={{ 'spec.workload.components[0].properties': 'WP004: repository "vllm" not found' }} />,
    );
    const field = screen.getByLabelText('Component 1 properties (YAML)');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('WP004: repository "vllm" not found')).toBeTruthy();
  });
});

describe('list and detail helpers', () => {
  it('search matches component types and labels; bundles using a profile are found by name', () => {
    const p = {
      ...workloadProfileBaseline,
      metadata: { ...workloadProfileBaseline.metadata, labels: { team: 'ml' } },
    };
    expect(matchesProfile(p, 'HELM')).toBe(true);
    expect(matchesProfile(p, 'team=ml')).toBe(true);
    expect(matchesProfile(p, 'webservice')).toBe(false);
    const b = (name: string, wps: string[]) =>
      ({ metadata: { name }, spec: { workloadProfiles: wps.map((n) => ({ name: n })) } }) as never;
    expect(
      bundlesUsing([b('a', ['vllm-server']), b('b', ['other'])], 'vllm-server').map(
        (x: { metadata: { name: string } }) => x.metadata.name,
      ),
    ).toEqual(['a']);
  });
});

describe('the revisions of a profile', () => {
  const specAt = (tag: string) => ({
    ...workloadProfileBaseline.spec,
    description: `at ${tag}`,
  });
  const profile = {
    ...workloadProfileBaseline,
    spec: specAt('3'),
    status: {
      revision: 3,
      history: [1, 2].map((revision) => ({ revision, spec: specAt(String(revision)) })),
    },
  } as WorkloadProfile;
  const bundleWith = (name: string, revision?: number) =>
    ({
      ...profileBundleBaseline,
      metadata: { name, namespace: 'project-melbourne' },
      spec: {
        ...profileBundleBaseline.spec,
        workloadProfiles: [{ name: profile.metadata.name, ...(revision ? { revision } : {}) }],
      },
    }) as ProfileBundle;
  const bundles = [bundleWith('latest'), bundleWith('pinned-1', 1), bundleWith('pinned-3', 3)];

  it('lists the current revision and the kept ones, newest first, with the bundles that deploy each', () => {
    const rows = revisionRows(profile, bundles);
    expect(rows.map((r) => [r.revision, r.current, r.spec.description])).toEqual([
      [3, true, 'at 3'],
      [2, false, 'at 2'],
      [1, false, 'at 1'],
    ]);
    expect(rows.map((r) => r.deployedBy)).toEqual([
      [
        { bundle: 'latest', pinned: false },
        { bundle: 'pinned-3', pinned: true },
      ],
      [],
      [{ bundle: 'pinned-1', pinned: true }],
    ]);
  });

  it('shows each revision, and its spec when opened', () => {
    renderUi(<ProfileRevisions profile={profile} bundles={bundles} namespace="project-melbourne" />);
    expect(screen.getByRole('button', { name: 'Revision 1' }).textContent).toContain('pinned-1 (pinned)');
    fireEvent.click(screen.getByRole('button', { name: 'Revision 1' }));
    expect(screen.getByText(/description: at 1/)).toBeTruthy();
  });
});
