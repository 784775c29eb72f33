import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fleetArchive } from '../../bench/studioImport.js';
import { inspectFiles, type ArchiveManifest } from './archiveContent.js';
import { inspectArchiveStream } from './archiveStream.js';
import { ArchiveError } from './errors.js';
import { packFolder } from './packFolder.js';
import { readArchive } from './readArchive.js';
import { bare, rawTarGz } from './testArchives.js';

/** What checking the archive read whole gives: the report as streaming gives it, and the objects handed out. */
const whole = (archive: Buffer) => {
  const manifests: ArchiveManifest[] = [];
  const report = inspectFiles(readArchive(archive).files, true, (m) => manifests.push(m));
  return { report: bare(report), manifests };
};

const streamed = async (archive: Buffer) => {
  const manifests: ArchiveManifest[] = [];
  const { report, digest } = await inspectArchiveStream(archive, (m) => manifests.push(m));
  return { report: bare(report), manifests, digest };
};

const catalog = (name: string) => fileURLToPath(new URL(`../../catalog/${name}`, import.meta.url));

describe('inspectArchiveStream (an archive checked as it is read)', () => {
  it('reports and hands out what checking the whole archive does (a packed bundle: its definitions come before its bundle in the tar)', async () => {
    const { archive } = await packFolder(catalog('vllm-fullstack'));
    const files = readArchive(archive!).files;
    expect([...files.keys()].indexOf('profilebundle.yaml')).toBeGreaterThan(0);
    const expected = whole(archive!);
    const got = await streamed(archive!);
    expect(got.report).toEqual(expected.report);
    expect(got.report.valid).toBe(true);
    expect(got.manifests).toEqual(expected.manifests);
    expect(got.manifests.length).toBeGreaterThan(2);
    expect(got.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an invalid archive: the same issues at the same lines, files in the reverse order of the write order', async () => {
    const files = new Map(readArchive(fleetArchive(30).archive).files);
    const text = files.get('workload-profiles/model-00010.yaml')!.toString();
    files.set(
      'workload-profiles/model-00010.yaml',
      Buffer.from(text.replace('type: webservice', 'type: nowhere')),
    );
    files.set('workload-profiles/broken.yaml', Buffer.from('kind: WorkloadProfile\nmetadata: [\n'));
    // A tar written by hand: the bundle last, studio.yaml (now with wrong digests) first.
    const archive = rawTarGz([...files].reverse().map(([name, data]) => ({ name, data })));
    const expected = whole(archive);
    const got = await streamed(archive);
    expect(got.report).toEqual(expected.report);
    expect(got.manifests).toEqual(expected.manifests);
    expect(got.report.valid).toBe(false);
    const where = [...got.report.issues, ...got.report.objects.flatMap((o) => o.issues)].map(
      (i) => `${i.code} ${i.file ?? ''}:${i.line ?? ''}`,
    );
    // The line of the field, read again from a file the stream has let go by then.
    expect(where.sort()).toEqual([
      'LD001 workload-profiles/broken.yaml:3',
      'SD002 studio.yaml:',
      'SD003 studio.yaml:',
      'WP002 workload-profiles/model-00010.yaml:25',
    ]);
  });

  it('refuses what readArchive refuses, with the same error', async () => {
    const archive = rawTarGz([
      { name: 'profilebundle.yaml', data: 'kind: ProfileBundle\n' },
      { name: 'lnk', type: '2', linkname: '/etc/passwd' },
    ]);
    const error = await inspectArchiveStream(archive, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect(() => readArchive(archive)).toThrow((error as Error).message);
  });

  it('waits while `pace` holds it: no object is handed out until it lets the reading go on', async () => {
    const { archive } = fleetArchive(3_000);
    let emitted = 0;
    let paused = 0;
    let goOn: (() => void) | undefined;
    const done = inspectArchiveStream(
      archive,
      () => emitted++,
      () => {
        if (emitted < 600 || paused) return undefined;
        paused++;
        return new Promise<void>((r) => (goOn = r));
      },
    );
    for (let turns = 0; !goOn && turns < 100_000; turns++) await new Promise((r) => setImmediate(r));
    expect(goOn).toBeDefined();
    const at = emitted;
    for (let turns = 0; turns < 50; turns++) await new Promise((r) => setImmediate(r));
    expect(emitted).toBe(at);
    expect(at).toBeLessThan(3_000);
    goOn!();
    expect((await done).report.valid).toBe(true);
    expect(emitted).toBe(3_000);
  });
});
