import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../model/index.js';
import { fieldManagerRequest, managerFromUserAgent, resolveManager } from './requestManager.js';

const request = (query: string, userAgent?: string) => fieldManagerRequest(new URLSearchParams(query), userAgent);
const caught = (f: () => unknown): ApiError => {
  try {
    f();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected an error');
};

describe('resolveManager', () => {
  it('names the manager from fieldManager, else from the User-Agent as kube-apiserver does', () => {
    expect(resolveManager(request('fieldManager=kubectl-edit', 'kubectl/v1.32.4'), 'update').manager).toBe('kubectl-edit');
    expect(resolveManager(request('', 'kubectl/v1.32.4 (linux/amd64) kubernetes/abc'), 'patch').manager).toBe('kubectl');
    expect(resolveManager(request('', 'Mozilla/5.0 (X11)'), 'create').manager).toBe('Mozilla');
    expect(managerFromUserAgent(`a\u0007b${'x'.repeat(200)}`)).toBe(`ab${'x'.repeat(126)}`);
  });

  it('requires fieldManager on an apply: 422 as kube-apiserver answers', () => {
    const e = caught(() => resolveManager(request('', 'kubectl/v1.32'), 'apply'));
    expect(e.status).toBe(422);
    expect(e.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    expect(e.details).toMatchObject({
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', field: 'fieldManager' }],
    });
  });

  it('reads force on an apply only', () => {
    expect(resolveManager(request('fieldManager=a&force=true'), 'apply').force).toBe(true);
    expect(resolveManager(request('fieldManager=a&force=false'), 'apply').force).toBe(false);
    expect(resolveManager(request('fieldManager=a'), 'apply').force).toBe(false);
    expect(caught(() => resolveManager(request('fieldManager=a&force=yes'), 'apply')).status).toBe(400);
    const e = caught(() => resolveManager(request('force=true'), 'patch'));
    expect(e.status).toBe(422);
    expect(e.message).toContain('force: Forbidden: may not be specified for non-apply patch');
  });

  it('refuses a manager name that is too long or unprintable', () => {
    const long = caught(() => resolveManager(request(`fieldManager=${'m'.repeat(129)}`), 'update'));
    expect(long.status).toBe(422);
    expect(long.message).toContain('UpdateOptions.meta.k8s.io "" is invalid: fieldManager: Too long');
    const bell = caught(() => resolveManager(request('fieldManager=a%07b'), 'create'));
    expect(bell.message).toContain('CreateOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value');
  });
});
