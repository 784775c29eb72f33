// @vitest-environment jsdom
import { cleanup, fireEvent, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkObject } from '../../../src/kinds/index.js';
import type { KubeObject } from '../../../src/model/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { renderUi } from '../../test/render';
import { mergeIssues } from './fieldIssues';
import { NS, secret, settings } from './fixtures';
import { newProject, suggestedProjectName } from './ProjectCreate';
import { SecretRefInput } from './SecretRefInput';
import { useConcurrentEdit } from './useConcurrentEdit';
import { fromSettingsDraft, toSettingsDraft } from './settingsDraft';

afterEach(cleanup);

describe('settings drafts', () => {
  it('turn back into the stored Settings, and leave out integrations that name nothing', () => {
    const stored = settings();
    expect(fromSettingsDraft(toSettingsDraft(stored), NS, stored)).toEqual(stored);
    const d = toSettingsDraft(stored);
    d.huggingFace = { name: '', key: 'token' };
    d.oci = {
      url: 'oci://harbor.acme.internal/paletteai',
      credentials: { name: 'registry-creds', key: '' },
      insecure: true,
    };
    expect(fromSettingsDraft(d, NS, stored).spec).toEqual({
      infrastructureProvider: 'none',
      ociRegistry: {
        url: 'oci://harbor.acme.internal/paletteai',
        credentialsSecretRef: { name: 'registry-creds' },
        insecure: true,
      },
    });
  });

  it('make Settings "default" of the namespace when none is stored, with Palette sent whole once named', () => {
    const d = toSettingsDraft(undefined);
    d.infrastructureProvider = 'palette';
    const s = fromSettingsDraft(d, NS);
    expect(s.metadata).toEqual({ name: 'default', namespace: NS });
    expect(s.spec.palette).toEqual({ endpoint: '', projectUid: '', apiKeySecretRef: { name: '' } });
  });
});

describe('<SecretRefInput>', () => {
  it('offers the Secrets by name and shows REF001 when the named Secret does not exist', () => {
    const d = toSettingsDraft(settings());
    d.oci = { url: 'oci://r.example/p', credentials: { name: 'registry-creds', key: '' }, insecure: false };
    const object = fromSettingsDraft(d, NS, settings()) as unknown as KubeObject;
    const resolver = new IndexResolver([secret('hf')] as unknown as KubeObject[]);
    const issues = mergeIssues(checkObject(object, resolver), undefined);
    expect(issues.map((i) => `${i.code} ${i.field}`)).toEqual([
      'REF001 spec.ociRegistry.credentialsSecretRef.name',
    ]);
    const onChange = vi.fn();
    renderUi(
      <SecretRefInput
        label="Registry credentials"
        field="spec.ociRegistry.credentialsSecretRef"
        value={d.oci.credentials}
        onChange={onChange}
        secretNames={['hf']}
        issues={issues}
      />,
    );
    expect(screen.getByText(/REF001 Secret "registry-creds" not found/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Registry credentials key'), {
      target: { value: '.dockerconfigjson' },
    });
    expect(onChange).toHaveBeenCalledWith({ name: 'registry-creds', key: '.dockerconfigjson' });
  });

  it('shows no warning for a Secret that exists', () => {
    renderUi(
      <SecretRefInput
        label="Hugging Face token"
        field="spec.huggingFace.tokenSecretRef"
        value={{ name: 'hf', key: 'token' }}
        onChange={() => {}}
        secretNames={['hf']}
        issues={[]}
      />,
    );
    expect(screen.queryByText(/Warning/)).toBeNull();
    expect(screen.getByDisplayValue('hf').getAttribute('id')).toBe(
      screen.getAllByText('Hugging Face token Secret')[0]!.closest('label')!.getAttribute('for'),
    );
  });
});

describe('a save over someone else’s change', () => {
  it('is stopped once with a message when the live spec moved on, and goes through the second time', () => {
    const { result, rerender } = renderHook(({ spec }) => useConcurrentEdit(spec), {
      initialProps: { spec: { a: 1 } as object },
    });
    result.current.began();
    rerender({ spec: { a: 1 } }); // a status write: same spec
    expect(result.current.check()).toBeUndefined();
    rerender({ spec: { a: 2 } });
    expect(result.current.check()?.message).toContain('Someone else changed this object');
    expect(result.current.check()).toBeUndefined();
  });
});

describe('a new project', () => {
  it('serves this namespace, lives in the tenant namespace given, and uses Settings "default"', () => {
    expect(suggestedProjectName('project-melbourne')).toBe('melbourne');
    expect(newProject(NS, ' melbourne ', 'tenant-acme', '')).toEqual({
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Project',
      metadata: { name: 'melbourne', namespace: 'tenant-acme' },
      spec: { namespace: NS, settingsRef: { name: 'default' } },
    });
  });
});
