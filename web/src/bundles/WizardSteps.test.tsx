// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clusterProfile, workloadProfile } from '../../../src/testing/builders.js';
import { renderUi } from '../../test/render';
import { emptyDraft, type BundleDraft } from './bundleForm';
import { ClusterStep, GeneralStep, WorkloadStep } from './WizardSteps';

afterEach(cleanup);

const cps = [
  clusterProfile('edge-infra'),
  clusterProfile('aws-infra', 'Infrastructure', 'aws'),
  clusterProfile('gpu-operator', 'Add-on'),
];
const wps = [
  workloadProfile('webui', 'Application'),
  workloadProfile('vllm', 'Model'),
  workloadProfile('metrics', 'Infrastructure'),
];
const draft = (over: Partial<BundleDraft>): BundleDraft => ({ ...emptyDraft(), name: 'b', ...over });
const options = (group: string) =>
  screen
    .getByRole(group === 'main' ? 'radiogroup' : 'group', {
      name: group === 'main' ? /Infrastructure or Full cluster profile/ : group,
    })
    .querySelectorAll('input');
const labelsOf = (inputs: NodeListOf<HTMLInputElement>) => [...inputs].map((i) => i.value);

describe('wizard steps', () => {
  it('the cluster step offers edge-native main profiles and add-ons apart, none for Application', () => {
    renderUi(<ClusterStep draft={draft({})} onChange={() => {}} errors={{}} cps={cps} />);
    expect(labelsOf(options('main'))).toEqual(['edge-infra']);
    expect(labelsOf(options('Add-on cluster profiles'))).toEqual(['gpu-operator']);
    cleanup();
    renderUi(
      <ClusterStep draft={draft({ type: 'Application' })} onChange={() => {}} errors={{}} cps={cps} />,
    );
    expect(screen.getByText(/holds no cluster profiles/)).toBeTruthy();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
  });

  it('the workload step hides Model profiles once an Application profile is chosen', () => {
    const onChange = vi.fn();
    renderUi(<WorkloadStep draft={draft({ type: 'Fullstack' })} onChange={onChange} errors={{}} wps={wps} />);
    expect(labelsOf(options('Workload profiles'))).toEqual(['webui', 'vllm', 'metrics']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'webui' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ workloads: [{ name: 'webui' }] }));
    cleanup();
    renderUi(
      <WorkloadStep
        draft={draft({ type: 'Fullstack', workloads: [{ name: 'webui' }] })}
        onChange={onChange}
        errors={{ workloads: 'PB005: needs one' }}
        wps={wps}
      />,
    );
    expect(labelsOf(options('Workload profiles'))).toEqual(['webui', 'metrics']);
    expect(screen.getByText('PB005: needs one')).toBeTruthy();
  });

  it('the workload step pins a chosen profile to a revision the server keeps, or takes the latest', () => {
    const onChange = vi.fn();
    const revised = workloadProfile('webui', 'Application');
    revised.status = { revision: 3, history: [1, 2].map((revision) => ({ revision, spec: revised.spec })) };
    renderUi(
      <WorkloadStep
        draft={draft({ type: 'Application', workloads: [{ name: 'webui' }] })}
        onChange={onChange}
        errors={{}}
        wps={[revised]}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Revision of webui' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual([
      'latest (now 3)',
      'pin revision 3',
      'pin revision 2',
      'pin revision 1',
    ]);
    fireEvent.change(select, { target: { value: '2' } });
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ workloads: [{ name: 'webui', revision: 2 }] }),
    );
    expect(screen.queryByRole('combobox', { name: 'Revision of vllm' })).toBeNull(); // not chosen
  });

  it('changing the type to Application drops cluster profiles and Infrastructure workloads', () => {
    const onChange = vi.fn();
    renderUi(
      <GeneralStep
        draft={draft({ main: { name: 'edge-infra' }, workloads: [{ name: 'webui' }, { name: 'metrics' }] })}
        onChange={onChange}
        errors={{ version: 'SCH004: not semver' }}
        wps={wps}
      />,
    );
    expect(screen.getByText('SCH004: not semver')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Application' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        type: 'Application',
        main: null,
        addons: [],
        workloads: [{ name: 'webui' }],
      }),
    );
  });
});
