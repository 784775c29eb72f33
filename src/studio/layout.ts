import { STUDIO_FILE } from './studioFile.js';

/** Where a file sits in a Studio archive (SPEC §4), and which kinds it may hold. */
export interface FileRole {
  /** The folder (or root file) that gives the file its role, e.g. `definitions/`. */
  area: string;
  /** The kinds allowed in the file. */
  kinds: readonly string[];
}

/** The archive layout: root files and one-level folders of `.yaml` files. */
export const STUDIO_LAYOUT: ReadonlyArray<{ area: string; folder: boolean; kinds: readonly string[] }> = [
  { area: STUDIO_FILE, folder: false, kinds: ['StudioBundle'] },
  { area: 'profilebundle.yaml', folder: false, kinds: ['ProfileBundle'] },
  { area: 'cluster-profiles/', folder: true, kinds: ['ClusterProfile'] },
  { area: 'workload-profiles/', folder: true, kinds: ['WorkloadProfile'] },
  { area: 'definitions/', folder: true, kinds: ['ComponentDefinition'] },
  { area: 'repositories/', folder: true, kinds: ['HelmRepository', 'OCIRepository'] },
  { area: 'variable-sets/', folder: true, kinds: ['VariableSet'] },
];

/** The result of {@link classify}: the role, or why the path has none. */
export type Classification = ({ ok: true } & FileRole) | { ok: false; message: string };

const EXPECTED = STUDIO_LAYOUT.map((l) => (l.folder ? `${l.area}*.yaml` : l.area)).join(', ');

/**
 * Says which kinds a file of a Studio archive may hold, from its path: `studio.yaml`,
 * `profilebundle.yaml`, or a `.yaml` file directly inside `cluster-profiles/`,
 * `workload-profiles/`, `definitions/`, `repositories/` or `variable-sets/`. Any other path is
 * an error whose message lists the allowed places.
 */
export const classify = (path: string): Classification => {
  for (const l of STUDIO_LAYOUT) {
    if (!l.folder && path === l.area) return { ok: true, area: l.area, kinds: l.kinds };
    if (l.folder && path.startsWith(l.area)) {
      const rest = path.slice(l.area.length);
      if (rest.includes('/'))
        return {
          ok: false,
          message: `"${path}": ${l.area} holds files directly, not sub-folders; move it to ${l.area}${rest.split('/').pop() ?? ''}.`,
        };
      if (!/^[^/]+\.yaml$/.test(rest) || rest === '.yaml')
        return { ok: false, message: `"${path}": files in ${l.area} must end in .yaml.` };
      return { ok: true, area: l.area, kinds: l.kinds };
    }
  }
  return {
    ok: false,
    message: `"${path}" is not part of the Studio archive layout; expected one of: ${EXPECTED}.`,
  };
};
