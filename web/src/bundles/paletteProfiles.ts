/**
 * The cluster profiles the bundle wizard offers: the Palette project's published profiles when the
 * namespace's Settings name one (`spec.palette`), else the project's local ClusterProfiles (SPEC §3
 * PB7, the wizard). A Palette profile already copied into the project is offered as that
 * local object; one picked from Palette is copied in (with its Palette uid) when the bundle is made.
 */
import type { ClusterProfile, Settings } from '../../../src/model/index.js';
import { api, ApiError, request } from '../api/client';
import { useFetch } from '../api/hooks';

export const palettePath = (ns: string) =>
  `/apis/palette.spectrocloud.com/v1/namespaces/${encodeURIComponent(ns)}/clusterprofiles`;

export interface OfferedProfiles {
  items: ClusterProfile[];
  /** Where they come from: the Palette project (its uid), or the project's own. */
  source: { palette: string } | 'local';
  /** Names of offered profiles that exist only in Palette so far. */
  paletteOnly: ReadonlySet<string>;
  loading: boolean;
  /** Why the Palette project's profiles could not be read (the local ones are offered instead). */
  error?: Error;
}

/** Palette's profiles, each replaced by the local copy with the same uid when there is one. */
export const mergeOffered = (palette: readonly ClusterProfile[], local: readonly ClusterProfile[]) => {
  const byUid = new Map(local.flatMap((p) => (p.spec.uid ? [[p.spec.uid, p] as const] : [])));
  const paletteOnly = new Set<string>();
  const items = palette.map((p) => {
    const copy = p.spec.uid ? byUid.get(p.spec.uid) : undefined;
    if (copy) return copy;
    paletteOnly.add(p.metadata.name);
    return p;
  });
  return { items, paletteOnly };
};

export const useOfferedProfiles = (ns: string, local: ClusterProfile[]): OfferedProfiles => {
  const settings = useFetch(
    () =>
      api.get<Settings>('Settings', ns, 'default').catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return undefined;
        throw e;
      }),
    [ns],
  );
  const project = settings.data?.spec.palette?.projectUid;
  const palette = useFetch(
    () =>
      project
        ? request<{ items: ClusterProfile[] }>('GET', palettePath(ns)).then((l) => l.items)
        : Promise.resolve(undefined),
    [ns, project],
  );
  // Palette out of reach is not a dead end: the project's own profiles are offered, with why.
  if (!project || !palette.data)
    return {
      items: local,
      source: 'local',
      paletteOnly: new Set(),
      loading: settings.loading || (Boolean(project) && palette.loading),
      ...(settings.error || palette.error ? { error: (settings.error ?? palette.error)! } : {}),
    };
  return { ...mergeOffered(palette.data, local), source: { palette: project }, loading: false };
};

/** The Palette-only profiles a draft picked: copied into the project before its bundle is made. */
export const profilesToCopy = (picked: readonly string[], offered: OfferedProfiles): ClusterProfile[] =>
  offered.items
    .filter((p) => picked.includes(p.metadata.name) && offered.paletteOnly.has(p.metadata.name))
    .map(({ status: _status, ...p }) => p as ClusterProfile);
