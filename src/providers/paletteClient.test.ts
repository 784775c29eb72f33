import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaletteProvider } from './paletteProvider.js';
import { providerFor } from './provider.js';
import { ProviderError } from './providerError.js';
import { startFakePalette, type FakePalette } from './testing/fakePalette.js';
import { settings } from './testing/fixtures.js';

const API_KEY = 'pk-7Qm2-not-for-logs';

const caught = async (run: () => Promise<unknown>): Promise<ProviderError> => {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
};

describe('palette client errors', () => {
  let palette: FakePalette;
  let key: string | undefined;
  const connect = (projectUid = 'proj-5f1c', url = palette.url) => {
    const s = settings('palette', url);
    if (s.spec.palette) s.spec.palette.projectUid = projectUid;
    return providerFor(s, (name, k) => (name === 'palette-creds' && k === 'apiKey' ? key : undefined), {
      requestTimeoutMs: 2000,
    }) as PaletteProvider;
  };

  beforeEach(async () => {
    key = API_KEY;
    palette = await startFakePalette({ apiKey: API_KEY, projectUid: 'proj-5f1c' });
  });
  afterEach(() => palette.close());

  it('a refused API key is Unauthorized, names the Secret and key, and never shows the value', async () => {
    key = 'pk-wrong-value-123';
    const error = await caught(() => connect().listClusterProfiles());
    expect(error).toMatchObject({ code: 'Unauthorized', httpStatus: 401, retryable: false });
    expect(error.message).toContain('Secret "palette-creds" (key "apiKey")');
    expect(error.message).toContain('API Keys');
    expect(error.message).not.toContain('pk-wrong-value-123');
    expect(error.stack ?? '').not.toContain('pk-wrong-value-123');
  });

  it('an unknown project is NotFound and names Settings spec.palette.projectUid', async () => {
    const error = await caught(() => connect('proj-nope').listClusterProfiles());
    expect(error).toMatchObject({ code: 'NotFound', httpStatus: 404 });
    expect(error.message).toContain('proj-nope');
    expect(error.message).toContain('spec.palette.projectUid');
  });

  it('a 500 is a retryable ServerError with retry guidance and Palette’s message', async () => {
    palette.failNext(500, 1, 'database unavailable');
    const error = await caught(() => connect().listClusterProfiles());
    expect(error).toMatchObject({ code: 'ServerError', httpStatus: 500, retryable: true });
    expect(error.message).toContain('retrying with backoff');
    expect(error.message).toContain('database unavailable');
    // The next call succeeds: nothing is cached from the failure.
    await expect(connect().listClusterProfiles()).resolves.toHaveLength(3);
  });

  it('cuts the API key out of anything Palette echoes back', async () => {
    palette.failNext(400, 1, `bad header ApiKey=${API_KEY}`);
    const error = await caught(() => connect().listClusterProfiles());
    expect(error).toMatchObject({ code: 'Rejected', httpStatus: 400 });
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain('(redacted)');
  });

  it('an unreachable endpoint is a retryable Unreachable error naming the endpoint setting', async () => {
    const url = palette.url;
    await palette.close();
    const error = await caught(() => connect('proj-5f1c', url).listClusterProfiles());
    expect(error).toMatchObject({ code: 'Unreachable', retryable: true });
    expect(error.message).toContain(url);
    expect(error.message).toContain('spec.palette.endpoint');
    palette = await startFakePalette({ apiKey: API_KEY, projectUid: 'proj-5f1c' });
  });

  it('a Palette that does not answer in time is a retryable Unreachable error', async () => {
    palette.stallNext();
    const s = settings('palette', palette.url);
    const slow = providerFor(s, () => API_KEY, { requestTimeoutMs: 200 }) as PaletteProvider;
    const error = await caught(() => slow.listClusterProfiles());
    expect(error).toMatchObject({ code: 'Unreachable', retryable: true });
    expect(error.message).toContain('timed out');
  });

  it('a missing API key Secret names the Secret and key without calling Palette', async () => {
    key = undefined;
    const error = await caught(() => connect().listClusterProfiles());
    expect(error).toMatchObject({ code: 'InvalidRequest' });
    expect(error.message).toContain('Secret "palette-creds" has no key "apiKey"');
    expect(palette.requests).toHaveLength(0);
  });

  it('reads the API key on every request, so a rotated key is used at once', async () => {
    const provider = connect();
    await provider.listClusterProfiles();
    key = 'pk-rotated';
    await expect(provider.listClusterProfiles()).rejects.toMatchObject({ code: 'Unauthorized' });
    expect(palette.requests.at(-1)?.headers['apikey']).toBe('pk-rotated');
  });

  it('an answer without the documented shape is a BadResponse', async () => {
    const provider = connect();
    await expect(provider.client.getCluster('cluster-none')).rejects.toMatchObject({ code: 'NotFound' });
    const badFetch = (async () => new Response('{"unexpected":true}', { status: 200 })) as typeof fetch;
    const s = settings('palette', palette.url);
    const odd = providerFor(s, () => API_KEY, { fetch: badFetch }) as PaletteProvider;
    await expect(odd.listClusterProfiles()).rejects.toMatchObject({ code: 'BadResponse' });
  });
});
