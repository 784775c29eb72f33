import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundle,
  clusterProfile,
  CP,
  NS,
  PB,
  startHarness,
  WP,
  workloadProfile,
  type Harness,
} from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
});
afterAll(async () => h.close());

describe('the API server: authentication and discovery', () => {
  it('refuses a request without a token with a 401 Status', async () => {
    const r = await h.api('GET', PB, undefined, { token: '' });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });
  it('refuses a wrong token', async () => {
    expect((await h.api('GET', PB, undefined, { token: 'pai_wrong' })).status).toBe(401);
  });
  it('serves discovery for the core group and both spectrocloud.com versions', async () => {
    expect((await h.api('GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await h.api('GET', '/apis')).body as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(['spectrocloud.com', 'source.toolkit.fluxcd.io']),
    );
    const v1beta1 = (await h.api('GET', '/apis/spectrocloud.com/v1beta1')).body as {
      resources: { name: string }[];
    };
    expect(v1beta1.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining(['profilebundles', 'profilebundles/status', 'workloadprofiles']),
    );
  });
});

describe('the API server: writes and admission', () => {
  it('stores a bundle whose references are missing as Pending, then makes it Ready when they appear', async () => {
    const created = await h.api('POST', PB, bundle('llama'));
    expect(created.status).toBe(201);
    expect(created.body.status.phase).toBe('Pending');
    expect(created.body.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'ResolvedRefs',
        status: 'False',
        message: expect.stringContaining('"edge" not found'),
      }),
    );
    expect((await h.api('POST', WP, workloadProfile('vllm'))).status).toBe(201);
    expect((await h.api('POST', CP, clusterProfile('edge'))).status).toBe(201);
    await h.server.controllers.idle(); // the status controller re-checks referrers after the write
    const now = await h.api('GET', `${PB}/llama`);
    expect(now.body.status.phase).toBe('Ready');
    expect(now.body.status.resolved.workloadProfiles).toEqual([{ name: 'vllm', type: 'Model', revision: 1 }]);
    expect(now.body.metadata).toMatchObject({
      generation: 1,
      uid: expect.any(String),
      resourceVersion: expect.any(String),
    });
  });
  it('rejects a rule violation with 422 and a cause per issue (code, field)', async () => {
    const r = await h.api('POST', PB, bundle('bad', { type: 'Application' }));
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.details.causes).toContainEqual(
      expect.objectContaining({ reason: 'PB003', field: 'spec.clusterProfiles' }),
    );
  });
  it('rejects unknown fields under Strict, warns under Warn, drops them under Ignore', async () => {
    const typo = bundle('typo', { clusterProfile: [] });
    const strict = await h.api('POST', PB, typo);
    expect(strict.status).toBe(422);
    expect(strict.body.details.causes[0]).toMatchObject({ reason: 'SCH001', field: 'spec.clusterProfile' });
    const warn = await h.api('POST', `${PB}?fieldValidation=Warn`, typo);
    expect(warn.status).toBe(201);
    expect(String(warn.headers.warning)).toContain('unknown field \\"clusterProfile\\"');
    const ignore = await h.api('POST', `${PB}?fieldValidation=Ignore`, {
      ...typo,
      metadata: { ...typo.metadata, name: 'typo2' },
    });
    expect(ignore.status).toBe(201);
    expect(ignore.body.spec.clusterProfile).toBeUndefined();
  });
  it('answers 409 AlreadyExists for a second create', async () => {
    const r = await h.api('POST', CP, clusterProfile('edge'));
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe('AlreadyExists');
  });
  it('refuses a stale resourceVersion with 409 and bumps generation only on spec changes', async () => {
    const cur = (await h.api('GET', `${PB}/llama`)).body;
    const labelled = await h.api('PUT', `${PB}/llama`, {
      ...cur,
      metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, team: 'a' } },
    });
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata.generation).toBe(1);
    const stale = await h.api('PUT', `${PB}/llama`, { ...cur, spec: { ...cur.spec, version: '1.1.0' } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('the object has been modified');
    const fresh = await h.api('PUT', `${PB}/llama`, {
      ...labelled.body,
      spec: { ...labelled.body.spec, version: '1.1.0' },
    });
    expect(fresh.body.metadata.generation).toBe(2);
  });
  it('answers a PUT to a name that does not exist with 404, and a stale PUT after a delete does not bring it back', async () => {
    const missing = await h.api('PUT', `${PB}/never-made`, {
      ...bundle('never-made'),
      metadata: { name: 'never-made', namespace: NS },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    expect((await h.api('GET', `${PB}/never-made`)).status).toBe(404);

    await h.api('POST', PB, { ...bundle('short-lived'), metadata: { name: 'short-lived', namespace: NS } });
    const held = (await h.api('GET', `${PB}/short-lived`)).body;
    expect((await h.api('DELETE', `${PB}/short-lived`)).status).toBe(200);
    const stale = await h.api('PUT', `${PB}/short-lived`, {
      ...held,
      metadata: { ...held.metadata, labels: { x: 'y' } },
    });
    expect(stale.status).toBe(404);
    expect((await h.api('GET', `${PB}/short-lived`)).status).toBe(404);
  });
  it('keeps the resourceVersion of a write that changes nothing (PUT of the same object, empty merge patch)', async () => {
    const cur = (await h.api('GET', `${PB}/llama`)).body;
    const put = await h.api('PUT', `${PB}/llama`, cur);
    expect(put.status).toBe(200);
    expect(put.body.metadata.resourceVersion).toBe(cur.metadata.resourceVersion);
    const patched = await h.api('PATCH', `${PB}/llama`, { metadata: { labels: cur.metadata.labels ?? {} } });
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.resourceVersion).toBe(cur.metadata.resourceVersion);
    expect((await h.api('GET', `${PB}/llama`)).body.metadata.resourceVersion).toBe(
      cur.metadata.resourceVersion,
    );
  });
  it('keeps WorkloadProfile spec.type immutable and counts revisions', async () => {
    const cur = (await h.api('GET', `${WP}/vllm`)).body;
    const r = await h.api('PUT', `${WP}/vllm`, { ...cur, spec: { ...cur.spec, type: 'Application' } });
    expect(r.status).toBe(422);
    expect(r.body.details.causes[0]).toMatchObject({ field: 'spec.type', reason: 'FieldValueForbidden' });
    const changed = await h.api('PATCH', `${WP}/vllm`, { spec: { description: 'vLLM OpenAI server' } });
    expect(changed.status).toBe(200);
    expect(changed.body.status.revision).toBe(2);
  });
  it('refuses to delete an object others refer to, naming them (409)', async () => {
    const r = await h.api('DELETE', `${CP}/edge`);
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('ProfileBundle llama');
  });
  it('applies merge patches and JSON patches', async () => {
    const merge = await h.api('PATCH', `${PB}/llama`, { metadata: { labels: { tier: 'gold' } } });
    expect(merge.body.metadata.labels).toMatchObject({ tier: 'gold', team: 'a' });
    const json = await h.api('PATCH', `${PB}/llama`, [{ op: 'remove', path: '/metadata/labels/tier' }], {
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(json.status).toBe(200);
    expect(json.body.metadata.labels.tier).toBeUndefined();
  });
  it('refuses a body over 3 MiB with 413', async () => {
    const big = bundle('big', { description: 'x'.repeat(3 * 1024 * 1024) });
    const r = await h.api('POST', PB, big);
    expect(r.status).toBe(413);
    expect(r.body.reason).toBe('RequestEntityTooLarge');
    // what the limit is and what to do about it, not only the byte counts
    expect(r.body.message).toMatch(
      /^request body of \d+ bytes is over the limit of 3\.0 MiB \(3145728 bytes\); .*keep large data .* out of the object/,
    );
  });
  it('refuses __proto__ keys in a body', async () => {
    const r = await h.api('POST', PB, undefined, {
      raw: '{"apiVersion":"spectrocloud.com/v1beta1","kind":"ProfileBundle","metadata":{"name":"p","__proto__":{"x":1}}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('creates the repositories a bundle lists in workloadProfileDependencies', async () => {
    const b = bundle('with-deps', {
      workloadProfileDependencies: {
        helmRepositories: [{ name: 'vllm', url: 'https://vllm-project.github.io/production-stack' }],
      },
    });
    expect((await h.api('POST', PB, b)).status).toBe(201);
    const repo = await h.api(
      'GET',
      `/apis/source.toolkit.fluxcd.io/v1/namespaces/${NS}/helmrepositories/vllm`,
    );
    expect(repo.status).toBe(200);
    expect(repo.body.spec.url).toBe('https://vllm-project.github.io/production-stack');
  });
});

describe('the API server: reads', () => {
  it('lists with a label selector, a field selector and pages', async () => {
    for (const n of ['a', 'b', 'c'])
      await h.api('POST', PB, {
        ...bundle(`page-${n}`),
        metadata: { name: `page-${n}`, namespace: NS, labels: { set: 'paging' } },
      });
    const sel = await h.api('GET', `${PB}?labelSelector=set%3Dpaging`);
    expect(sel.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'page-a',
      'page-b',
      'page-c',
    ]);
    const byName = await h.api('GET', `${PB}?fieldSelector=metadata.name%3Dpage-b`);
    expect(byName.body.items).toHaveLength(1);
    const notB = await h.api('GET', `${PB}?labelSelector=set%3Dpaging&fieldSelector=metadata.name!%3Dpage-b`);
    expect(notB.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'page-a',
      'page-c',
    ]);
    const otherNs = await h.api(
      'GET',
      `/apis/spectrocloud.com/v1beta1/profilebundles?fieldSelector=metadata.namespace!%3D${NS}`,
    );
    expect(
      otherNs.body.items.filter((i: { metadata: { namespace: string } }) => i.metadata.namespace === NS),
    ).toEqual([]);
    const bad = await h.api('GET', `${PB}?fieldSelector=spec.type%3DModel`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('metadata.name!=NAME');
    const p1 = await h.api('GET', `${PB}?labelSelector=set%3Dpaging&limit=2`);
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.metadata.continue).toBeTruthy();
    const p2 = await h.api(
      'GET',
      `${PB}?labelSelector=set%3Dpaging&limit=2&continue=${encodeURIComponent(p1.body.metadata.continue)}`,
    );
    expect(p2.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['page-c']);
  });
  it('answers a malformed label selector with 400', async () => {
    expect((await h.api('GET', `${PB}?labelSelector=a%20in%20(b`)).status).toBe(400);
  });
  it('answers a Table with useful columns when kubectl asks for one', async () => {
    const r = await h.api('GET', PB, undefined, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    expect(r.body.kind).toBe('Table');
    const names = r.body.columnDefinitions.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Name', 'Type', 'Version', 'Phase']));
  });
  it('answers 404 as a Status for a missing object', async () => {
    const r = await h.api('GET', `${PB}/nope`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'profilebundles.spectrocloud.com "nope" not found',
    });
  });
  it('reads watch=True as kube-apiserver does (the Python client sends it), and watch=false as a list', async () => {
    const start = (await h.api('GET', PB)).body.metadata.resourceVersion;
    for (const flag of ['True', 't', '1']) {
      const lines: { type: string; object: { metadata: { name: string } } }[] = [];
      const w = await h
        .client()
        .watch(`${PB}?watch=${flag}&resourceVersion=${start}`, (e) =>
          lines.push(e as (typeof lines)[number]),
        );
      expect(w.status, flag).toBe(200);
      const name = `flag-${flag.toLowerCase()}`;
      await h.api('POST', PB, { ...bundle(name), metadata: { name, namespace: NS } });
      // A list would have ended without events; a watch streams the create.
      while (!lines.some((e) => e.type === 'ADDED' && e.object.metadata.name === name))
        await new Promise((r) => setTimeout(r, 20));
      w.close();
    }
    const listed = await h.api('GET', `${PB}?watch=false`);
    expect(listed.body.kind).toBe('ProfileBundleList');
  });
  it('refuses a timeoutSeconds that is not a whole number (400), on a list and a watch', async () => {
    for (const q of ['timeoutSeconds=abc', 'watch=1&timeoutSeconds=abc', 'watch=1&timeoutSeconds=-5']) {
      const r = await h.api('GET', `${PB}?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.message, q).toContain('timeoutSeconds must be a whole number');
    }
  });
  it('refuses a resourceVersion or includeObject that is not one (400), on a get, a list and a watch', async () => {
    await h.api('POST', PB, { ...bundle('rv-check'), metadata: { name: 'rv-check', namespace: NS } });
    for (const q of [
      'resourceVersion=abc',
      'watch=1&resourceVersion=-1',
      'includeObject=Garbage',
      'watch=1&includeObject=x',
    ]) {
      const r = await h.api('GET', `${PB}?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.message, q).toMatch(/resourceVersion must be|includeObject must be/);
    }
    expect((await h.api('GET', `${PB}/rv-check?resourceVersion=abc`)).status).toBe(400);
    expect((await h.api('GET', `${PB}/rv-check?resourceVersion=0`)).status).toBe(200);
  });
  it('answers a strategic merge patch of a custom kind with 415, as kube-apiserver does for CRs', async () => {
    await h.api('POST', PB, { ...bundle('smp'), metadata: { name: 'smp', namespace: NS } });
    const r = await h.api(
      'PATCH',
      `${PB}/smp`,
      { metadata: { labels: { a: 'b' } } },
      { headers: { 'content-type': 'application/strategic-merge-patch+json' } },
    );
    expect(r.status).toBe(415);
    expect(r.body.message).toContain('application/merge-patch+json');
    expect((await h.api('GET', `${PB}/smp`)).body.metadata.labels?.a).toBeUndefined();
  });
  it('sends a warning about a non-ASCII unknown field as an ASCII Warning header (fieldValidation=Warn)', async () => {
    const r = await h.api('POST', `${PB}?fieldValidation=Warn`, {
      ...bundle('warned'),
      metadata: { name: 'warned', namespace: NS },
      spec: { ...bundle('warned').spec, versión: 'x' },
    });
    expect(r.status).toBe(201);
    const warning = String(r.headers.warning);
    expect(warning).toMatch(/^299 - "/);
    expect(warning).toContain('versi\\u00f3n');
    expect(/^[\x20-\x7e]*$/.test(warning)).toBe(true);
  });
  it('streams the initial events and then the end-of-initial-events bookmark (sendInitialEvents)', async () => {
    await h.api('POST', PB, { ...bundle('initial-a'), metadata: { name: 'initial-a', namespace: NS } });
    const lines: { type: string; object: any }[] = [];
    const q = 'watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true';
    const w = await h.client().watch(`${PB}?${q}`, (e) => lines.push(e as (typeof lines)[number]));
    expect(w.status).toBe(200);
    while (!lines.some((e) => e.type === 'BOOKMARK')) await new Promise((r) => setTimeout(r, 20));
    await h.api('POST', PB, { ...bundle('initial-b'), metadata: { name: 'initial-b', namespace: NS } });
    while (!lines.some((e) => e.object.metadata.name === 'initial-b'))
      await new Promise((r) => setTimeout(r, 20));
    w.close();
    const mark = lines.findIndex((e) => e.type === 'BOOKMARK');
    expect(lines.slice(0, mark).every((e) => e.type === 'ADDED')).toBe(true);
    expect(lines.slice(0, mark).map((e) => e.object.metadata.name)).toContain('initial-a');
    expect(lines[mark]!.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    const listed = (await h.api('GET', PB)).body.metadata.resourceVersion;
    expect(Number(lines[mark]!.object.metadata.resourceVersion)).toBeLessThan(Number(listed));
    expect(lines.slice(mark + 1).map((e) => [e.type, e.object.metadata.name])).toContainEqual([
      'ADDED',
      'initial-b',
    ]);
    // The contract's other halves are checked as kube-apiserver checks them.
    expect((await h.api('GET', `${PB}?watch=1&sendInitialEvents=true&allowWatchBookmarks=true`)).status).toBe(
      400,
    );
    expect(
      (await h.api('GET', `${PB}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`)).status,
    ).toBe(400);
  });
  it('streams watch events in order', async () => {
    const start = (await h.api('GET', PB)).body.metadata.resourceVersion;
    const lines: unknown[] = [];
    const w = await h.client().watch(`${PB}?watch=true&resourceVersion=${start}`, (e) => lines.push(e));
    expect(w.status).toBe(200);
    await h.api('POST', PB, { ...bundle('watched'), metadata: { name: 'watched', namespace: NS } });
    await h.api('PATCH', `${PB}/watched`, { metadata: { labels: { seen: 'yes' } } });
    await h.api('DELETE', `${PB}/watched`);
    // Until the three events arrive, however long that takes (the test's timeout is the hang guard).
    while (lines.length < 3) await new Promise((r) => setTimeout(r, 20));
    w.close();
    const events = lines as { type: string; object: { metadata: { name: string } } }[];
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'watched'],
      ['MODIFIED', 'watched'],
      ['DELETED', 'watched'],
    ]);
  });
});

describe('the API server: roles', () => {
  let viewer: string;
  let editor: string;
  beforeAll(async () => {
    viewer = await h.server.ctx.tokens.create({ name: 'ann', role: 'viewer', namespace: NS });
    editor = await h.server.ctx.tokens.create({ name: 'bob', role: 'editor', namespace: NS });
  });
  it('lets a viewer read but not write (403 Status)', async () => {
    expect((await h.api('GET', PB, undefined, { token: viewer })).status).toBe(200);
    const r = await h.api('POST', PB, bundle('nope'), { token: viewer });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
  });
  it('keeps a viewer out of Secrets, and lets an editor write them', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'hf' },
      stringData: { token: 'hf_SECRET_VALUE' },
    };
    expect((await h.api('POST', `/api/v1/namespaces/${NS}/secrets`, secret, { token: editor })).status).toBe(
      201,
    );
    expect(
      (await h.api('GET', `/api/v1/namespaces/${NS}/secrets/hf`, undefined, { token: viewer })).status,
    ).toBe(403);
  });
  it('lets an editor write spec but not status, and checks a status write against the schema', async () => {
    await h.api('POST', PB, {
      ...bundle('status-target'),
      metadata: { name: 'status-target', namespace: NS },
    });
    const cur = (await h.api('GET', `${PB}/status-target`)).body;
    const ready = { ...cur, status: { ...cur.status, phase: 'Ready' } };
    const byEditor = await h.api('PUT', `${PB}/status-target/status`, ready, { token: editor });
    expect(byEditor.status).toBe(403);
    expect(byEditor.body.message).toContain('writing status needs an admin token');
    const admin = await h.server.ctx.tokens.create({ name: 'ada', role: 'admin', namespace: NS });
    const bogus = await h.api(
      'PUT',
      `${PB}/status-target/status`,
      { ...cur, status: { ...cur.status, phase: 'Bogus', extra: 1 } },
      { token: admin },
    );
    expect(bogus.status).toBe(422);
    expect(bogus.body.details.causes.map((c: any) => c.field)).toEqual(
      expect.arrayContaining(['status.phase', 'status.extra']),
    );
    expect((await h.api('GET', `${PB}/status-target`)).body.metadata.resourceVersion).toBe(
      cur.metadata.resourceVersion,
    );
  });
  it('does not tell a token of one namespace whether objects exist in another', async () => {
    const other = `/apis/spectrocloud.com/v1beta1/namespaces/other/profilebundles`;
    const existing = await h.api('GET', `${other}/x`, undefined, { token: editor });
    expect(existing.status).toBe(403);
    expect((await h.api('GET', other, undefined, { token: editor })).status).toBe(403);
    expect(
      (await h.api('GET', '/apis/spectrocloud.com/v1beta1/profilebundles', undefined, { token: editor }))
        .status,
    ).toBe(403);
    expect((await h.api('GET', `${other}?watch=true`, undefined, { token: editor })).status).toBe(403);
  });
  it('audits allowed and denied mutations and never logs Secret data', async () => {
    const log = await readFile(join(h.data, 'audit.log'), 'utf8');
    const records = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { user: string; verb: string; allowed: boolean; code: number });
    expect(records).toContainEqual(
      expect.objectContaining({ user: 'ann', verb: 'create', allowed: false, code: 403 }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ user: 'bob', verb: 'create', allowed: true, code: 201 }),
    );
    expect(log).not.toContain('hf_SECRET_VALUE');
  });
});

describe('the API server: Secrets', () => {
  const SEC = `/api/v1/namespaces/${NS}/secrets`;
  it('folds stringData into base64 data on write and never returns it', async () => {
    const r = await h.api('POST', SEC, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'folded', namespace: NS },
      data: { other: Buffer.from('x').toString('base64'), token: Buffer.from('old').toString('base64') },
      stringData: { token: 'abc' },
    });
    expect(r.status).toBe(201);
    expect(r.body.stringData).toBeUndefined();
    expect(r.body.data).toEqual({ other: 'eA==', token: Buffer.from('abc').toString('base64') });
    const read = (await h.api('GET', `${SEC}/folded`)).body;
    expect(read.stringData).toBeUndefined();
    expect(Buffer.from(read.data.token, 'base64').toString()).toBe('abc');
  });
  it('refuses a key Kubernetes would refuse, naming it and not the value', async () => {
    const r = await h.api('POST', SEC, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'bad-key', namespace: NS },
      stringData: { 'bad key!': 's3cr3t-value' },
    });
    expect(r.status).toBe(422);
    expect(r.body.details.causes[0]).toMatchObject({ reason: 'SCH005', field: 'stringData["bad key!"]' });
    expect(JSON.stringify(r.body)).not.toContain('s3cr3t-value');
    expect((await h.api('GET', `${SEC}/bad-key`)).status).toBe(404);
  });
});
