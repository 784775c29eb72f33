/**
 * The Settings form's working copy: every integration as plain strings (an empty Secret name means
 * "not configured"), turned back into the `Settings` object the server stores (SPEC §2.8).
 */
import type { Settings } from '../../../src/model/index.js';
import { kindInfo } from '../api/client';

/** A Secret named by name and (optional) key; values are never read. */
export interface RefDraft {
  name: string;
  key: string;
}

export type Provider = '' | 'none' | 'palette' | 'kubeconfig';

export interface SettingsDraft {
  infrastructureProvider: Provider;
  palette: { endpoint: string; projectUid: string; apiKey: RefDraft; packRegistries: string[] };
  huggingFace: RefDraft;
  nvidiaNgc: RefDraft;
  kubeconfig: RefDraft;
  oci: { url: string; credentials: RefDraft; insecure: boolean };
}

type Ref = { name: string; key?: string };
const ref = (r: Ref | undefined): RefDraft => ({ name: r?.name ?? '', key: r?.key ?? '' });
const fromRef = (r: RefDraft): Ref => ({
  name: r.name.trim(),
  ...(r.key.trim() ? { key: r.key.trim() } : {}),
});

/** The form's copy of stored Settings (or of none: everything empty). */
export const toSettingsDraft = (s: Settings | undefined): SettingsDraft => ({
  infrastructureProvider: s?.spec.infrastructureProvider ?? '',
  palette: {
    endpoint: s?.spec.palette?.endpoint ?? '',
    projectUid: s?.spec.palette?.projectUid ?? '',
    apiKey: ref(s?.spec.palette?.apiKeySecretRef),
    packRegistries: s?.spec.palette?.packRegistries ?? [],
  },
  huggingFace: ref(s?.spec.huggingFace?.tokenSecretRef),
  nvidiaNgc: ref(s?.spec.nvidiaNgc?.apiKeySecretRef),
  kubeconfig: ref(s?.spec.kubeconfig?.secretRef),
  oci: {
    url: s?.spec.ociRegistry?.url ?? '',
    credentials: ref(s?.spec.ociRegistry?.credentialsSecretRef),
    insecure: s?.spec.ociRegistry?.insecure ?? false,
  },
});

/** Whether the Palette section holds anything (then it is sent, and the server checks it whole). */
export const paletteGiven = (d: SettingsDraft): boolean =>
  d.infrastructureProvider === 'palette' ||
  !!(d.palette.endpoint.trim() || d.palette.projectUid.trim() || d.palette.apiKey.name.trim());

/**
 * The Settings object of a draft: `base` keeps the stored metadata (resourceVersion: a replace of a
 * stale copy is refused, not merged); a section is left out when it names nothing.
 */
export const fromSettingsDraft = (d: SettingsDraft, ns: string, base?: Settings): Settings => {
  const spec: Settings['spec'] = {};
  if (d.infrastructureProvider) spec.infrastructureProvider = d.infrastructureProvider;
  if (paletteGiven(d))
    spec.palette = {
      endpoint: d.palette.endpoint.trim(),
      projectUid: d.palette.projectUid.trim(),
      apiKeySecretRef: fromRef(d.palette.apiKey),
      ...(d.palette.packRegistries.length ? { packRegistries: d.palette.packRegistries } : {}),
    };
  if (d.huggingFace.name.trim()) spec.huggingFace = { tokenSecretRef: fromRef(d.huggingFace) };
  if (d.nvidiaNgc.name.trim()) spec.nvidiaNgc = { apiKeySecretRef: fromRef(d.nvidiaNgc) };
  if (d.kubeconfig.name.trim()) spec.kubeconfig = { secretRef: fromRef(d.kubeconfig) };
  if (d.oci.url.trim() || d.oci.credentials.name.trim())
    spec.ociRegistry = {
      url: d.oci.url.trim(),
      ...(d.oci.credentials.name.trim() ? { credentialsSecretRef: fromRef(d.oci.credentials) } : {}),
      ...(d.oci.insecure ? { insecure: true } : {}),
    };
  return {
    apiVersion: kindInfo('Settings').apiVersion,
    kind: 'Settings',
    metadata: base ? base.metadata : { name: 'default', namespace: ns },
    spec,
  } as Settings;
};
