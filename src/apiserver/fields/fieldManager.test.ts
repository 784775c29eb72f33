import { describe, expect, it } from 'vitest';
import { ApiError, ConflictError, type KubeObject } from '../../model/index.js';
import { applyConfiguration, recordUpdate } from './fieldManager.js';
import type { ManagedFieldsEntry } from './managedFields.js';

const T1 = new Date('2026-11-30T10:00:00Z');
const T2 = new Date('2026-11-30T11:00:00Z');

/** An applied configuration of a ProfileBundle. */
const config = (spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: { name: 'b', namespace: 'ns', ...(labels ? { labels } : {}) },
  spec,
});

/** What the store would hold after a write: the server's metadata added. */
const stored = (o: KubeObject): KubeObject => ({
  ...o,
  metadata: {
    ...o.metadata,
    uid: 'u1',
    resourceVersion: '7',
    generation: 1,
    creationTimestamp: '2026-11-30T09:00:00Z',
  },
  status: { phase: 'Ready' },
});

const apply = (current: KubeObject | undefined, c: KubeObject, manager: string, force = false, now = T1) =>
  stored(applyConfiguration(current, c, { manager, force, now }));

const entries = (o: KubeObject) => o.metadata.managedFields as unknown as ManagedFieldsEntry[];
const owner = (o: KubeObject, manager: string) => entries(o).find((e) => e.manager === manager);
const caught = (f: () => unknown): ApiError => {
  try {
    f();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected an error');
};

const base = config({ type: 'Application', version: '1.0.0', description: 'A' }, { team: 'a' });

describe('applyConfiguration', () => {
  it('creates with one Apply entry that owns what the configuration sets', () => {
    const o = apply(undefined, base, 'kubectl');
    expect(o.spec).toEqual({ type: 'Application', version: '1.0.0', description: 'A' });
    expect(o.metadata.name).toBe('b');
    expect(entries(o)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'spectrocloud.com/v1beta1',
        time: '2026-11-30T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:team': {} } },
          'f:spec': { 'f:description': {}, 'f:type': {}, 'f:version': {} },
        },
      },
    ]);
  });

  it('refuses a second manager changing an owned field: 409 naming the field and its manager', () => {
    const o = apply(undefined, base, 'kubectl');
    const e = caught(() => apply(o, config({ description: 'B', version: '2.0.0' }), 'other'));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.status).toBe(409);
    expect(e.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .spec.description\n- .spec.version',
    );
    expect(e.details.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.description' },
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.version' },
    ]);
    const one = caught(() => apply(o, config({ description: 'B' }), 'other'));
    expect(one.message).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.description');
  });

  it('shares a field applied with the same value, without conflict', () => {
    const o = apply(apply(undefined, base, 'kubectl'), config({ description: 'A' }), 'other');
    expect(owner(o, 'other')!.fieldsV1).toEqual({ 'f:spec': { 'f:description': {} } });
    expect(owner(o, 'kubectl')!.fieldsV1).toMatchObject({ 'f:spec': { 'f:description': {} } });
  });

  it('with force, takes the field and its ownership from the other manager', () => {
    const o = apply(apply(undefined, base, 'kubectl'), config({ description: 'B' }), 'other', true);
    expect((o.spec as { description: string }).description).toBe('B');
    expect(owner(o, 'other')!.fieldsV1).toEqual({ 'f:spec': { 'f:description': {} } });
    expect(owner(o, 'kubectl')!.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:team': {} } },
      'f:spec': { 'f:type': {}, 'f:version': {} },
    });
  });

  it('removes the fields a manager stops applying, unless another manager owns them', () => {
    const first = apply(undefined, base, 'kubectl');
    const shared = apply(first, config({ version: '1.0.0' }), 'other');
    const o = apply(shared, config({ type: 'Application' }), 'kubectl');
    expect(o.spec).toEqual({ type: 'Application', version: '1.0.0' }); // description gone, version kept
    expect(o.metadata.labels).toBeUndefined();
    expect(owner(o, 'kubectl')!.fieldsV1).toEqual({ 'f:spec': { 'f:type': {} } });
  });

  it('merges associative lists by name: each manager keeps its own items', () => {
    const a = apply(
      undefined,
      config({ type: 'Fullstack', version: '1', clusterProfiles: [{ name: 'edge' }] }),
      'a',
    );
    const b = apply(a, config({ clusterProfiles: [{ name: 'addon', version: '2' }] }), 'b');
    expect((b.spec as { clusterProfiles: unknown }).clusterProfiles).toEqual([
      { name: 'edge' },
      { name: 'addon', version: '2' },
    ]);
    const dropped = apply(b, config({ type: 'Fullstack', version: '1' }), 'a');
    expect((dropped.spec as { clusterProfiles: unknown }).clusterProfiles).toEqual([
      { name: 'addon', version: '2' },
    ]);
  });

  it('changes nothing, not even the entry time, when the same configuration is applied again', () => {
    const o = apply(undefined, base, 'kubectl');
    const again = apply(o, base, 'kubectl', false, T2);
    expect(again.metadata.managedFields).toBe(o.metadata.managedFields);
    expect(again.spec).toEqual(o.spec);
  });

  it('honours a resourceVersion in the configuration as a precondition, and refuses managedFields in it', () => {
    const o = apply(undefined, base, 'kubectl');
    const withRv = config({ description: 'A' });
    withRv.metadata.resourceVersion = '3';
    expect(applyConfiguration(o, withRv, { manager: 'kubectl', force: false }).metadata.resourceVersion).toBe(
      '3',
    );
    const bad = config({});
    bad.metadata.managedFields = [];
    expect(caught(() => applyConfiguration(o, bad, { manager: 'kubectl', force: false })).status).toBe(400);
  });

  it('applies status through the status subresource only, as its own entry', () => {
    const o = apply(undefined, base, 'kubectl');
    const withStatus = { ...config({}), status: { phase: 'Invalid' } };
    const s = applyConfiguration(o, withStatus, { manager: 'ctl', force: false, subresource: 'status' });
    expect(s.status).toEqual({ phase: 'Invalid' });
    expect(s.spec).toEqual(o.spec);
    expect(entries(s).find((e) => e.manager === 'ctl')).toMatchObject({
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:phase': {} } },
    });
    // …and the main resource ignores status in a configuration
    expect(applyConfiguration(o, withStatus, { manager: 'kubectl', force: false }).status).toEqual(o.status);
  });
});

describe('moving from client-side apply (the last-applied-configuration annotation)', () => {
  const clientSide = (description: string, live = description) => {
    const annotated = config({ type: 'Application', version: '1.0.0', description });
    const lastApplied = JSON.stringify(annotated);
    const o = config({ type: 'Application', version: '1.0.0', description: live });
    o.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied };
    return stored(recordUpdate(undefined, o, { manager: 'kubectl-client-side-apply', now: T1 }));
  };
  const changed = config({ type: 'Application', version: '1.0.0', description: 'server-side' });

  it('lets kubectl take fields client-side apply still holds as applied', () => {
    const o = apply(clientSide('client-side'), changed, 'kubectl');
    expect((o.spec as { description: string }).description).toBe('server-side');
    expect(JSON.stringify(owner(o, 'kubectl-client-side-apply')!.fieldsV1)).not.toContain('f:description');
  });

  it('still conflicts for another manager, or for a field changed since it was applied', () => {
    expect(caught(() => apply(clientSide('client-side'), changed, 'other')).status).toBe(409);
    expect(caught(() => apply(clientSide('client-side', 'edited'), changed, 'kubectl')).status).toBe(409);
  });
});

describe('recordUpdate', () => {
  it('gives a create every field it sets, as an Update', () => {
    const o = recordUpdate(undefined, base, { manager: 'kubectl-create', now: T1 });
    expect(entries(o)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'spectrocloud.com/v1beta1',
        time: '2026-11-30T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } },
          'f:spec': { '.': {}, 'f:description': {}, 'f:type': {}, 'f:version': {} },
        },
      },
    ]);
  });

  it('takes ownership of what an update changes, so that the applier then conflicts with it', () => {
    const o = apply(undefined, base, 'kubectl');
    const edited = stored(
      recordUpdate(
        o,
        { ...o, spec: { ...(o.spec as object), description: 'edited' } },
        { manager: 'kubectl-edit', now: T2 },
      ),
    );
    expect(owner(edited, 'kubectl-edit')!.fieldsV1).toEqual({ 'f:spec': { 'f:description': {} } });
    expect(owner(edited, 'kubectl')!.fieldsV1).not.toMatchObject({ 'f:spec': { 'f:description': {} } });
    const e = caught(() => apply(edited, base, 'kubectl'));
    expect(e.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using spectrocloud.com/v1beta1 at 2026-11-30T11:00:00Z: .spec.description',
    );
  });

  it('drops removed fields from every manager, and leaves managedFields as they were on a no-op', () => {
    const o = apply(undefined, base, 'kubectl');
    const removed = recordUpdate(
      o,
      { ...o, spec: { type: 'Application', version: '1.0.0' } },
      { manager: 'x' },
    );
    expect(owner(removed, 'kubectl')!.fieldsV1).toMatchObject({
      'f:spec': { 'f:type': {}, 'f:version': {} },
    });
    expect(JSON.stringify(removed.metadata.managedFields)).not.toContain('description');
    expect(owner(removed, 'x')).toBeUndefined(); // it changed nothing it could own
    const same = recordUpdate(o, structuredClone(o), { manager: 'y', now: T2 });
    expect(same.metadata.managedFields).toBe(o.metadata.managedFields);
  });

  it('accepts valid managedFields from the client, ignores invalid or empty ones, and clears on [{}]', () => {
    const o = apply(undefined, base, 'kubectl');
    const mine: ManagedFieldsEntry = {
      manager: 'mine',
      operation: 'Apply',
      apiVersion: 'spectrocloud.com/v1beta1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:version': {} } },
    };
    const set = (mf: unknown) =>
      recordUpdate(o, { ...o, metadata: { ...o.metadata, managedFields: mf as [] } }, { manager: 'u' });
    expect(entries(set([mine]))).toEqual([mine]);
    expect(set([{ ...mine, operation: 'Steal' }]).metadata.managedFields).toBe(o.metadata.managedFields);
    expect(set([{ ...mine, fieldsV1: { 'x:y': {} } }]).metadata.managedFields).toBe(o.metadata.managedFields);
    expect(set('garbage').metadata.managedFields).toBe(o.metadata.managedFields);
    expect(set([]).metadata.managedFields).toBe(o.metadata.managedFields);
    expect(set([{}]).metadata.managedFields).toBeUndefined();
  });

  it('keeps at most 10 Update entries, merging the oldest into ancient-changes', () => {
    let o = apply(undefined, base, 'kubectl');
    for (let i = 0; i < 12; i++) {
      const next = {
        ...o,
        metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [`a${i}`]: 'x' } },
      };
      o = stored(recordUpdate(o, next, { manager: `writer-${i}`, now: new Date(T1.getTime() + i * 1000) }));
    }
    const updaters = entries(o).filter((e) => e.operation === 'Update');
    expect(updaters).toHaveLength(10);
    expect(updaters[0]).toMatchObject({ manager: 'ancient-changes', time: '2026-11-30T10:00:02Z' });
    expect(updaters.at(-1)!.manager).toBe('writer-11');
    expect(owner(o, 'kubectl')).toBeDefined();
  });

  it('records status writes with subresource status and never lets them rewrite managedFields', () => {
    const o = apply(undefined, base, 'kubectl');
    const next = { ...o, metadata: { ...o.metadata, managedFields: [] }, status: { phase: 'Pending' } };
    const s = recordUpdate(o, next, { manager: 'ctl', subresource: 'status', now: T2 });
    expect(entries(s).map((e) => [e.manager, e.subresource])).toEqual([
      ['kubectl', undefined],
      ['ctl', 'status'],
    ]);
  });
});
