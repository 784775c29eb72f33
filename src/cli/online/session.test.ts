import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../client/apiClient.js';
import { expectOk } from './session.js';

const answer = (status: number, json: unknown): ApiResponse => ({
  status,
  headers: {},
  text: JSON.stringify(json),
  json,
});

const messageOf = (r: ApiResponse, what: string): string => {
  try {
    expectOk(r, what);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expectOk accepted a refusal');
};

describe('expectOk', () => {
  it('passes a success through', () => {
    const r = answer(201, { kind: 'ProfileBundle' });
    expect(expectOk(r, 'create')).toBe(r);
  });

  it('says the message, then the reason (it read "Invalid the values do not fit")', () => {
    const r = answer(404, {
      kind: 'Status',
      reason: 'NotFound',
      message: 'profilebundles.spectrocloud.com "x" not found',
    });
    expect(messageOf(r, 'get profilebundles x')).toBe(
      'get profilebundles x: profilebundles.spectrocloud.com "x" not found (NotFound)',
    );
  });

  it("lists a refused write's causes one per line under the headline, with their file:line", () => {
    const r = answer(422, {
      kind: 'Status',
      reason: 'Invalid',
      message:
        'the archive is invalid: LD001 YAML syntax error at line 58; PB008 workload profile "x" not found',
      details: {
        causes: [
          { reason: 'LD001', message: 'workload-profiles/open-webui.yaml:58: YAML syntax error at line 58' },
          {
            reason: 'PB008',
            field: 'spec.workloadProfiles[0].name',
            message: 'workload profile "x" not found',
          },
        ],
      },
    });
    expect(messageOf(r, 'import a.tar.gz')).toBe(
      'import a.tar.gz: the archive is invalid (Invalid):\n' +
        '  LD001: workload-profiles/open-webui.yaml:58: YAML syntax error at line 58\n' +
        '  PB008 spec.workloadProfiles[0].name: workload profile "x" not found',
    );
  });

  it('falls back to the HTTP status and body when the answer is not a Status', () => {
    const r: ApiResponse = { status: 502, headers: {}, text: 'bad gateway', json: undefined };
    expect(messageOf(r, 'list')).toBe('list: bad gateway (502)');
  });
});
