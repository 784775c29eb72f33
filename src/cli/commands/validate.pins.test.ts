/**
 * A bundle's pin of a WorkloadProfile revision, checked offline. A server counts a profile's
 * revisions as its spec changes; a profile's file carries none (its first apply is revision 1), so
 * `validate` of a GitOps repository whose bundle pins revision 3 said PB008 "has no revision 3 (the
 * latest is 1)", an error no fix of the files could clear. Now the pin is a warning that says why it
 * cannot be checked; a file that does carry `status.revision` (exported from a server) is checked.
 * A Studio archive stays strict: its profiles are new to the namespace, revision 1 once imported.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { checkObject } from '../../kinds/index.js';
import type { Issue } from '../../model/index.js';
import { validateObjects } from '../../rules/index.js';
import { bundle, clusterProfile, workloadProfile } from '../../testing/builders.js';
import { openWorkspace } from '../workspace.js';
import { validateFiles } from './validateStream.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A bundle pinning revision `pin` of profile `chat`, whose file says `revision` (or nothing). */
const objects = (pin: number, revision?: number) => {
  const b = bundle('pinned', 'Fullstack', { clusterProfiles: ['edge'] });
  b.spec.workloadProfiles = [{ name: 'chat', revision: pin }];
  const wp = workloadProfile('chat');
  if (revision !== undefined) wp.status = { revision };
  return [clusterProfile('edge'), wp, b];
};

/** The bundle's issues from both offline paths (file by file, and all at once); they must agree. */
const bundleIssues = async (pin: number, revision?: number): Promise<Issue[]> => {
  const dir = await mkdtemp(join(tmpdir(), 'paletteai-pins-'));
  dirs.push(dir);
  await writeFile(
    join(dir, 'all.yaml'),
    objects(pin, revision)
      .map((o) => dump(o))
      .join('---\n'),
  );
  const streamed = (await validateFiles([dir])).reports.find((r) => r.kind === 'ProfileBundle')!;
  const whole = (await openWorkspace([dir])).reports.find((r) => r.kind === 'ProfileBundle')!;
  expect(streamed).toEqual(whole);
  return streamed.issues;
};

describe("a bundle's pinned WorkloadProfile revision, offline", () => {
  it('is a warning when the profile file carries no revision: a server counts them', async () => {
    const issues = await bundleIssues(3);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'PB008',
        severity: 'warning',
        path: 'spec.workloadProfiles[0].revision',
        message: expect.stringContaining(
          'revision 3 of workload profile "chat" cannot be checked here: its file carries no status.revision',
        ),
      }),
    ]);
  });

  it('is checked when the file carries the revision (a profile exported from a server)', async () => {
    expect(await bundleIssues(2, 2)).toEqual([]);
    expect(await bundleIssues(3, 2)).toEqual([
      expect.objectContaining({
        code: 'PB008',
        severity: 'error',
        message: expect.stringContaining('has no revision 3 (the latest is 2)'),
      }),
    ]);
  });

  it('stays an error in a Studio archive, whose profiles are revision 1 once imported', () => {
    const { results } = validateObjects(
      objects(3).map((object) => ({ object: object as unknown as Record<string, unknown> })),
      [checkObject],
      [],
      { where: () => 'the archive' },
    );
    expect(results.find((r) => r.object?.kind === 'ProfileBundle')!.issues).toEqual([
      expect.objectContaining({ code: 'PB008', severity: 'error' }),
    ]);
  });
});
