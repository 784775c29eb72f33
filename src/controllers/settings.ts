/**
 * What controllers read of a namespace's integrations: the Settings a project uses (SPEC §2.8:
 * the one its Project's `settingsRef` names, else `default`), and Secret values by name and key —
 * handed to providers and registries only, never to status, events or logs.
 */
import type { Project, Settings } from '../model/index.js';
import type { StoreReader } from '../storage/store.js';

/** The Settings that apply to `namespace`, if any. */
export const settingsFor = async (store: StoreReader, namespace: string): Promise<Settings | undefined> => {
  const projects = (await store.list('Project')).items as unknown as Project[];
  const name = projects.find((p) => p.spec.namespace === namespace)?.spec.settingsRef?.name ?? 'default';
  return (await store.get({ kind: 'Settings', namespace, name })) as unknown as Settings | undefined;
};

/** One key of a Secret: `stringData` as is, `data` decoded from base64. */
export const secretKey = (secret: object, key: string): string | undefined => {
  const s = secret as { data?: Record<string, string>; stringData?: Record<string, string> };
  const plain = s.stringData?.[key];
  if (plain !== undefined) return plain;
  const encoded = s.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
};

/** A reader of Secret values of `namespace`, by Secret name and key. */
export const secretValues =
  (store: StoreReader, namespace: string) =>
  async (name: string, key: string): Promise<string | undefined> => {
    const secret = await store.get({ kind: 'Secret', namespace, name });
    return secret ? secretKey(secret, key) : undefined;
  };
