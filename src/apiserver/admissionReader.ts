/**
 * Gathers from the store what the rules need to check one object (ADR 0002): its references
 * (through the kind modules), plus what its kind's `prefetch` asks for, into an in-memory
 * resolver. Inside a write, the reads go through the write's transaction, so what admission saw is
 * what the write commits against.
 */
import { SYSTEM_NAMESPACE, type KubeObject, type ProfileBundle } from '../model/index.js';
import { kindModule } from '../kinds/index.js';
import type { AdmissionReader } from '../kinds/index.js';
import { IndexResolver } from '../rules/index.js';
import type { StoreReader } from '../storage/store.js';

/** Reads for the rules over a store reader; `objects()` is what was read. */
export class StoreAdmissionReader implements AdmissionReader {
  private readonly found = new Map<string, KubeObject>();
  private readonly listed = new Map<string, KubeObject[]>();

  constructor(private readonly store: StoreReader) {}

  async get(kind: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.store.get({ kind, namespace, name });
  }

  async list(kind: string, namespace?: string, labels?: Record<string, string>): Promise<KubeObject[]> {
    const key = `${kind}\u0000${namespace ?? '*'}\u0000${JSON.stringify(labels ?? {})}`;
    let items = this.listed.get(key);
    if (!items) {
      const r = await this.store.list(kind, {
        ...(namespace !== undefined ? { namespace } : {}),
        ...(labels
          ? { labels: Object.entries(labels).map(([k, v]) => ({ key: k, op: '=' as const, value: v })) }
          : {}),
      });
      this.listed.set(key, (items = r.items));
    }
    return items;
  }

  add<T extends KubeObject | undefined>(o: T): T {
    if (o) this.found.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    return o;
  }

  async referencesOf(object: KubeObject): Promise<void> {
    const refs = kindModule(object.kind).references?.(object) ?? [];
    for (const ref of refs) {
      if (ref.name === '*') continue; // "any": the kind's prefetch reads what it needs
      const ns = ref.namespace ?? object.metadata.namespace ?? '';
      for (const kind of ref.kinds) {
        const fetch = kindModule(kind).fetchReferenced;
        if (fetch) await fetch(ns, ref.name, this);
        else this.add(await this.get(kind, ns, ref.name));
      }
    }
  }

  async bundle(namespace: string, name: string): Promise<KubeObject | undefined> {
    const b = this.add(await this.get('ProfileBundle', namespace, name));
    if (b) await this.referencesOf(b);
    return b;
  }

  async variableSets(namespace: string): Promise<void> {
    for (const space of new Set([namespace, SYSTEM_NAMESPACE]))
      for (const v of await this.list('VariableSet', space)) this.add(v);
  }

  /** A resolver over everything read; bundles keep the phase stored in their status. */
  resolver(): IndexResolver {
    const resolver = new IndexResolver([...this.found.values()]);
    resolver.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
    return resolver;
  }
}

/** Reads what the rules need for `object` and returns a resolver over it. */
export const prefetch = async (object: KubeObject, store: StoreReader): Promise<IndexResolver> => {
  const reader = new StoreAdmissionReader(store);
  await reader.referencesOf(object);
  await kindModule(object.kind).prefetch?.(object, reader);
  return reader.resolver();
};
