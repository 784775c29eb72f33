import { describe, expect, it } from 'vitest';
import { fieldManagerRequest, managerFromUserAgent, resolveManager } from './requestManager.js';

const request = (query: string, userAgent?: string) =>
  fieldManagerRequest(new URLSearchParams(query), userAgent);
/** Expects `resolveManager` to throw an error with these properties. */
const refuses = (query: string, kind: Parameters<typeof resolveManager>[1], error: object) =>
  expect(() => resolveManager(request(query), kind)).toThrow(expect.objectContaining(error));

describe('resolveManager', () => {
  it('names the manager from fieldManager, else from the User-Agent as kube-apiserver does', () => {
    expect(resolveManager(request('fieldManager=kubectl-edit', 'kubectl/v1.32.4'), 'update').manager).toBe(
      'kubectl-edit',
    );
    expect(resolveManager(request('', 'kubectl/v1.32.4 (linux/amd64) kubernetes/abc'), 'patch').manager).toBe(
      'kubectl',
    );
    expect(resolveManager(request('', 'Mozilla/5.0 (X11)'), 'create').manager).toBe('Mozilla');
    expect(managerFromUserAgent(`a\u0007b${'x'.repeat(200)}`)).toBe(`ab${'x'.repeat(126)}`);
  });

  it('requires fieldManager on an apply: 422 as kube-apiserver answers', () => {
    refuses('', 'apply', {
      status: 422,
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: expect.objectContaining({
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [expect.objectContaining({ reason: 'FieldValueRequired', field: 'fieldManager' })],
      }),
    });
  });

  it('reads force on an apply only', () => {
    expect(resolveManager(request('fieldManager=a&force=true'), 'apply').force).toBe(true);
    expect(resolveManager(request('fieldManager=a&force=false'), 'apply').force).toBe(false);
    expect(resolveManager(request('fieldManager=a'), 'apply').force).toBe(false);
    refuses('fieldManager=a&force=yes', 'apply', { status: 400 });
    refuses('force=true', 'patch', {
      status: 422,
      message: expect.stringContaining('force: Forbidden: may not be specified for non-apply patch'),
    });
  });

  it('refuses a manager name that is too long or unprintable', () => {
    refuses(`fieldManager=${'m'.repeat(129)}`, 'update', {
      status: 422,
      message: expect.stringContaining('UpdateOptions.meta.k8s.io "" is invalid: fieldManager: Too long'),
    });
    refuses('fieldManager=a%07b', 'create', {
      message: expect.stringContaining(
        'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value',
      ),
    });
  });
});
