import { describe, expect, it } from 'vitest';
import { fleetArchive } from '../../bench/studioImport.js';
import { inspectFiles } from './archiveContent.js';
import { readArchive } from './readArchive.js';
import { bare } from './testArchives.js';

describe('profiles checked a batch at a time while the archive is read', () => {
  it('reports what checking every object together reports, across batches', () => {
    const files = new Map(readArchive(fleetArchive(1_300).archive).files);
    const edit = (path: string, from: string, to: string) => {
      const text = files.get(path)!.toString();
      expect(text).toContain(from);
      files.set(path, Buffer.from(text.replace(from, to)));
    };
    // The bundle names a profile of a late batch, and one the archive lacks.
    edit(
      'profilebundle.yaml',
      'workloadProfiles:\n    - name: model-0',
      'workloadProfiles:\n    - name: model-0\n    - name: model-1200\n    - name: not-in-the-archive',
    );
    // A rule that reads other objects fails in a late batch.
    edit('workload-profiles/model-01100.yaml', 'type: webservice', 'type: not-defined-anywhere');
    // A profile defined again, batches after the first.
    files.set('workload-profiles/model-99999.yaml', files.get('workload-profiles/model-00005.yaml')!);
    const plain = inspectFiles(files, true);
    let handed = 0;
    const streamed = inspectFiles(files, true, () => handed++);
    expect(bare(streamed)).toEqual(bare(plain));
    expect(handed).toBe(1_300); // the duplicate is not handed out
    const codes = plain.objects.flatMap((o) => o.issues.map((i) => `${o.name} ${i.code}`));
    expect(codes).toEqual(
      expect.arrayContaining(['fleet-models PB008', 'model-1100 WP002', 'model-5 KND004']),
    );
    const duplicate = plain.objects.find((o) => o.file === 'workload-profiles/model-99999.yaml')!;
    expect(duplicate.issues[0]!.message).toContain('the first is at workload-profiles/model-00005.yaml:1');
    // An archive is self-contained, its objects have no namespace yet: the messages name the archive.
    for (const report of [plain, streamed]) {
      const messages = report.objects.flatMap((o) => o.issues.map((i) => `${i.code} ${i.message}`));
      expect(messages).toEqual(
        expect.arrayContaining([
          'PB008 workload profile "not-in-the-archive" not found in the archive; create it (kind WorkloadProfile) or fix the name.',
          expect.stringMatching(
            /^WP002 .*no ComponentDefinition "not-defined-anywhere" exists in the archive/,
          ),
        ]),
      );
      expect(messages.join('\n')).not.toContain('namespace default');
    }
    // Only the missing profile is missing: the named one from a late batch was kept for the bundle.
    const bundle = plain.objects.find((o) => o.kind === 'ProfileBundle')!;
    expect(bundle.issues.map((i) => i.message).join('\n')).not.toContain('model-1200');
  });
});
