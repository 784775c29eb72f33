import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetArchive } from '../../../bench/studioImport.js';
import { packFolder } from '../../studio/packFolder.js';
import {
  inspectArchive,
  inspectorLimits,
  inspectorThreadId,
  stopInspector,
  streamArchive,
  StreamedManifest,
} from './inspectArchive.js';

const FOLDER = fileURLToPath(new URL('../../../catalog/open-webui', import.meta.url));

afterAll(stopInspector);

describe('inspectArchive (runs the built worker: npm run build first)', () => {
  it('keeps one warm worker for small archives', async () => {
    const { archive } = await packFolder(FOLDER);
    await inspectArchive(archive!);
    const first = inspectorThreadId();
    expect(first).toBeGreaterThan(0);
    await inspectArchive(archive!);
    expect(inspectorThreadId()).toBe(first);
    await stopInspector();
  });

  it('retires a worker that has checked enough bytes (its heap goes back) and hands objects over as JSON text', async () => {
    inspectorLimits.retireAfterBytes = 1;
    inspectorLimits.restartAfterMs = 50;
    const { archive, report } = await packFolder(FOLDER);
    expect(report.valid).toBe(true);
    expect(inspectorThreadId()).toBeUndefined();
    const pending = inspectArchive(archive!);
    const first = inspectorThreadId();
    expect(first).toBeGreaterThan(0);
    const inspected = await pending;
    // The one that parsed this archive is gone; a fresh worker is started a moment later (not
    // while the import that retired the last one commits), and waits for the next archive.
    expect(inspectorThreadId()).toBeUndefined();
    for (let turns = 0; inspectorThreadId() === undefined && turns < 1_000; turns++)
      await new Promise((r) => setTimeout(r, 2));
    const next = inspectorThreadId();
    expect(next).toBeGreaterThan(0);
    expect(next).not.toBe(first);
    expect(inspected.report.valid).toBe(true);
    // The report carries no objects: they come once, as text, in the report's order.
    expect(inspected.report.objects.filter((o) => 'object' in o)).toEqual([]);
    expect(inspected.manifests.map((m) => [m.kind, m.name])).toEqual(
      report.objects.map((o) => [o.kind, o.name]),
    );
    expect(inspected.manifests.map((m) => JSON.parse(m.json) as unknown)).toEqual(
      report.objects.map((o) => o.object),
    );
    // The next archive goes to the fresh worker and gets the same answer.
    const again = await inspectArchive(archive!);
    expect(again.manifests).toEqual(inspected.manifests);
    expect(inspectorThreadId()).not.toBe(next);
    inspectorLimits.retireAfterBytes = 4 * 1024 * 1024;
    inspectorLimits.restartAfterMs = 2_000;
  });

  it("hands over thousands of objects in chunks, all of them, in the report's order", async () => {
    const { archive } = fleetArchive(2_500);
    const inspected = await inspectArchive(archive);
    expect(inspected.report.valid).toBe(true);
    expect(inspected.manifests).toHaveLength(2_500);
    expect(inspected.manifests[0]!.kind).toBe('ProfileBundle');
    // Files come sorted by path (workload-profiles/model-00000.yaml, …): each profile once, in order.
    expect(inspected.manifests.slice(1).map((m) => m.name)).toEqual(
      Array.from({ length: 2_499 }, (_, i) => `model-${i}`),
    );
    expect(inspected.manifests.every((m) => m.shapeChecked)).toBe(true);
  });

  it('counts what an archive unpacks to, not its packed size, towards retiring the worker', async () => {
    await stopInspector();
    const { archive } = await packFolder(FOLDER);
    // More than the packed bytes, less than the unpacked ones: only the unpacked size retires it.
    inspectorLimits.retireAfterBytes = archive!.length + 1;
    try {
      const pending = inspectArchive(archive!);
      const first = inspectorThreadId();
      const inspected = await pending;
      expect(inspectorThreadId()).not.toBe(first);
      // A valid archive's clean objects come once, as manifests: the report lists none of them.
      expect(inspected.report.valid).toBe(true);
      expect(inspected.report.objects).toEqual([]);
      expect(inspected.manifests.length).toBeGreaterThan(1);
    } finally {
      inspectorLimits.retireAfterBytes = 4 * 1024 * 1024;
    }
  });

  it("lends each chunk's texts until the next chunk is asked for: a text still needed is kept, one let go is gone", async () => {
    const { archive } = fleetArchive(1_200);
    const stream = streamArchive(archive);
    expect((await stream.next())!.map((m) => m.kind)).toEqual(['ProfileBundle']);
    const first = (await stream.next())!;
    expect(first.length).toBeGreaterThan(2);
    const [kept, gone] = first as StreamedManifest[];
    const keptText = kept!.json;
    expect(JSON.parse(keptText)).toMatchObject({ kind: 'WorkloadProfile', metadata: { name: 'model-0' } });
    gone!.release();
    let rest = 0;
    for (let chunk = await stream.next(); chunk; chunk = await stream.next()) rest += chunk.length;
    // The chunk went back to the worker: the text not let go was copied out first.
    expect(kept!.json).toBe(keptText);
    expect(() => gone!.json).toThrow(/let go/);
    expect(1 + first.length + rest).toBe(1_200);
    expect((await stream.result).report.valid).toBe(true);
  });

  it('an import that gives up still gets the verdict, and the worker goes on with the next archive', async () => {
    const stream = streamArchive(fleetArchive(3_000).archive);
    await stream.next();
    stream.cancel();
    expect(await stream.next()).toBeUndefined();
    expect((await stream.result).report.valid).toBe(true);
    expect((await inspectArchive(fleetArchive(10).archive)).manifests).toHaveLength(10);
  });

  it('is ready for writing once half the archive is checked, with those objects waiting; a small one once checked', async () => {
    const stream = streamArchive(fleetArchive(3_000).archive);
    await stream.ready;
    // Half the bytes read: about half the profiles (each file holds one), none taken yet.
    expect(stream.waiting).toBeGreaterThanOrEqual(1_000);
    let taken = 0;
    for (let chunk = await stream.next(); chunk; chunk = await stream.next()) taken += chunk.length;
    expect(taken).toBe(3_000);
    const { archive } = await packFolder(FOLDER);
    const small = streamArchive(archive!);
    await small.ready;
    const { report } = await small.result;
    expect(report.valid).toBe(true);
    expect(small.waiting).toBeGreaterThan(1);
  });
});
