import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WritePipeline } from '../../apiserver/index.js';
import { SqliteStore } from '../../storage/sqliteStore.js';
import { createApp } from '../app.js';
import { FileAuditSink } from '../audit.js';
import type { ServerContext } from '../context.js';
import { StoreTokenStore, type Identity } from './tokens.js';

/** The apitokens resource through the whole request path (authentication, authorization, audit). */

const TOKENS = '/apis/auth.paletteai.spectrocloud.com/v1/apitokens';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

let dir: string;
let store: SqliteStore;
let audit: FileAuditSink;
let app: ReturnType<typeof createApp>;
/** The clock authentication reads (expiry); creation uses the real one. */
let offsetMs = 0;
let tokens: StoreTokenStore;
const made: Record<string, string> = {};

/** The fields of the answers the assertions read (a Status, an APIToken, a list, a Table, discovery). */
interface Answer {
  message: string;
  kind: string;
  groups: { name: string }[];
  resources: unknown[];
  metadata: { name: string };
  spec: { expirationTimestamp: string };
  status: { token: string; userInfo: { username: string } };
  items: { metadata: { name: string } }[];
  columnDefinitions: { name: string }[];
  rows: { cells: unknown[] }[];
}

const call = async (
  method: string,
  url: string,
  token: string | undefined,
  body?: unknown,
  accept = 'application/json',
): Promise<{ status: number; body: Answer }> => {
  const r = await inject((req, res) => void app(req, res), {
    method: method as 'GET',
    url,
    headers: {
      accept,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: r.statusCode, body: JSON.parse(r.payload) as Answer };
};

const apiToken = (name: string, spec: unknown) => ({
  apiVersion: 'auth.paletteai.spectrocloud.com/v1',
  kind: 'APIToken',
  metadata: { name },
  spec,
});

const as = async (who: Identity) => (made[who.name] ??= await tokens.create(who));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paletteai-tokenapi-'));
  store = SqliteStore.open(join(dir, 'paletteai.db'));
  audit = new FileAuditSink(join(dir, 'audit.log'));
  tokens = new StoreTokenStore(store.tokens, () => new Date(Date.now() + offsetMs));
  const ctx: ServerContext = {
    store,
    pipeline: new WritePipeline(store),
    tokens,
    audit,
    log: () => {},
    ready: () => true,
  };
  app = createApp(ctx);
});

afterAll(async () => {
  await store.close();
  await audit.close();
  await rm(dir, { recursive: true, force: true });
});

const root = () => as({ name: 'root', role: 'cluster-admin', namespace: '*' });
const nsAdmin = () => as({ name: 'ann', role: 'admin', namespace: 'team-a' });

describe('apitokens', () => {
  it('is in discovery, cluster-scoped, with the verbs it serves', async () => {
    const t = await root();
    const groups = (await call('GET', '/apis', t)).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('auth.paletteai.spectrocloud.com');
    const list = (await call('GET', '/apis/auth.paletteai.spectrocloud.com/v1', t)).body;
    expect(list.resources).toEqual([
      {
        name: 'apitokens',
        singularName: 'apitoken',
        namespaced: false,
        kind: 'APIToken',
        verbs: ['create', 'delete', 'get', 'list'],
      },
    ]);
  });

  it('a cluster-admin creates a token (shown once), lists it as a Table, and a revoke refuses the next request', async () => {
    const t = await root();
    const created = await call('POST', TOKENS, t, apiToken('bob', { role: 'editor', namespace: 'team-b' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'APIToken',
      metadata: { name: 'bob' },
      spec: { role: 'editor', namespace: 'team-b' },
      status: { token: expect.stringMatching(/^pai_/) },
    });
    const bob = created.body.status.token as string;
    const who = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', bob, {});
    expect(who.body.status.userInfo.username).toBe('bob');
    const got = await call('GET', `${TOKENS}/bob`, t);
    expect(got.body.status).toBeUndefined();
    const listed = await call('GET', TOKENS, t);
    expect(listed.body.kind).toBe('APITokenList');
    expect(JSON.stringify(listed.body)).not.toContain(bob);
    const table = await call('GET', TOKENS, t, undefined, TABLE);
    expect(table.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Role',
      'Namespace',
      'Expires',
      'Age',
    ]);
    expect(
      table.body.rows.find((r: { cells: unknown[] }) => r.cells[0] === 'bob')?.cells.slice(0, 4),
    ).toEqual(['bob', 'editor', 'team-b', 'never']);
    expect((await call('DELETE', `${TOKENS}/bob`, t)).status).toBe(200);
    const after = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', bob, {});
    expect(after.status).toBe(401);
    expect((await call('DELETE', `${TOKENS}/bob`, t)).status).toBe(404);
    // The audit log has the create and the delete, never the token.
    const log = await readFile(join(dir, 'audit.log'), 'utf8');
    expect(log).toMatch(/"verb":"create".*"resource":"apitokens".*"name":"bob"/);
    expect(log).not.toContain(bob);
  });

  it('an expired token is 401, saying when it expired and how to get a new one', async () => {
    const t = await root();
    const created = await call(
      'POST',
      TOKENS,
      t,
      apiToken('short', { role: 'viewer', namespace: 'team-a', expirationSeconds: 60 }),
    );
    expect(created.body.spec.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    const short = created.body.status.token as string;
    expect((await call('GET', '/api/v1/namespaces/team-a', short)).status).not.toBe(401);
    offsetMs = 61_000;
    try {
      const r = await call('GET', '/api/v1/namespaces/team-a', short);
      expect(r.status).toBe(401);
      expect(r.body.message).toBe(
        `the token "short" expired at ${created.body.spec.expirationTimestamp}; ask a cluster-admin (or an admin of namespace "team-a") for a new one: paletteai token create --name NAME --role viewer --namespace team-a`,
      );
    } finally {
      offsetMs = 0;
    }
  });

  it('a namespace admin manages the tokens of its namespace only, below cluster-admin', async () => {
    const t = await root();
    const ann = await nsAdmin();
    await call('POST', TOKENS, t, apiToken('other', { role: 'viewer', namespace: 'team-b' }));
    const own = await call('POST', TOKENS, ann, apiToken('ci-a', { role: 'admin', namespace: 'team-a' }));
    expect(own.status).toBe(201);
    const elsewhere = await call('POST', TOKENS, ann, apiToken('x', { role: 'viewer', namespace: 'team-b' }));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toMatch(/cannot create a viewer token for namespace "team-b"/);
    const up = await call('POST', TOKENS, ann, apiToken('x', { role: 'cluster-admin' }));
    expect(up.status).toBe(403);
    expect(up.body.message).toMatch(/only a cluster-admin may create cluster-admin tokens/);
    const names = (await call('GET', TOKENS, ann)).body.items.map(
      (i: { metadata: { name: string } }) => i.metadata.name,
    );
    expect(names.sort()).toEqual(['ann', 'ci-a', 'short']); // short: the expiry test's
    // Other namespaces' tokens are as if they did not exist.
    expect((await call('GET', `${TOKENS}/other`, ann)).status).toBe(404);
    expect((await call('DELETE', `${TOKENS}/other`, ann)).status).toBe(404);
    expect((await call('GET', `${TOKENS}/other`, t)).status).toBe(200);
    expect((await call('DELETE', `${TOKENS}/ci-a`, ann)).status).toBe(200);
  });

  it('editors and viewers may not manage tokens (403), nor an unauthenticated caller (401)', async () => {
    const ed = await as({ name: 'ed', role: 'editor', namespace: 'team-a' });
    const vi = await as({ name: 'vi', role: 'viewer', namespace: 'team-a' });
    for (const who of [ed, vi]) {
      expect((await call('GET', TOKENS, who)).status).toBe(403);
      const r = await call('POST', TOKENS, who, apiToken('y', { role: 'viewer', namespace: 'team-a' }));
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/managing API tokens needs a cluster-admin token, or an admin token/);
    }
    expect((await call('GET', TOKENS, undefined)).status).toBe(401);
  });

  it('refuses a body that is not a token, naming the field', async () => {
    const t = await root();
    const cases: [unknown, number, RegExp][] = [
      [apiToken('z', { namespace: 'team-a' }), 422, /^spec\.role: required: one of viewer/],
      [apiToken('z', { role: 'viewer' }), 422, /^spec\.namespace: required for a viewer token/],
      [apiToken('Z', { role: 'viewer', namespace: 'a' }), 422, /^metadata\.name: token name "Z"/],
      [
        apiToken('z', { role: 'viewer', namespace: 'a', expirationSeconds: -1 }),
        422,
        /^spec\.expirationSeconds: must be a positive/,
      ],
      // A misspelt expiration must not make a token that never ends.
      [
        apiToken('z', { role: 'viewer', namespace: 'a', expiresIn: 3600 }),
        422,
        /^spec\.expiresIn: unknown field: an APIToken's spec has role, namespace, expirationTimestamp, expirationSeconds/,
      ],
      [apiToken('z', 'viewer'), 422, /^spec: must be an object/],
      [
        { ...apiToken('z', { role: 'viewer', namespace: 'a' }), kind: 'Secret' },
        400,
        /kind must be APIToken/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const r = await call('POST', TOKENS, t, body);
      expect(r.status).toBe(status);
      expect(r.body.message).toMatch(message);
    }
    expect((await call('PUT', `${TOKENS}/z`, t, {})).status).toBe(405);
    expect((await call('GET', `${TOKENS}/z`, t)).status).toBe(404);
  });
});
