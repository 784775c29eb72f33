/**
 * The rules that read other objects, run over an archive's objects. Plainly, every object is kept
 * and they are checked together at the end. In `compact` mode (the import's worker, which reads
 * the files in write order) WorkloadProfiles, the kind an archive holds by the thousand, are checked
 * a batch at a time as they are read, against everything read before them (their rules read only
 * definitions and repositories, of lower write rank, and the bundle's repositories: the bundle is
 * read first), and then let go: the worker's heap does not grow with the number of profiles
 * (issue #11: a 50,000-manifest archive held every parsed document until the end). Only the
 * profiles the bundle names are kept, for the bundle's own check at the end.
 */
import { checkObject } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { validateObjects, type ObjectResult, type SourcedObject } from '../rules/index.js';

/** An object read from a file, where it stands in the report (`order`), its shape checked or not. */
export type ArchiveSource = SourcedObject & { file: string; line: number; order: number };

/** Where an archive's references are looked up, as messages name it: an archive is self-contained. */
const inTheArchive = () => 'the archive';

/** Profiles checked together, at most. */
const BATCH = 500;

const typed = (s: SourcedObject): boolean =>
  !!s.shape?.info && !s.shape.issues.some((i) => i.severity === 'error');

export class ArchiveChecks {
  private readonly kept: ArchiveSource[] = [];
  private batch: (ArchiveSource & { stand?: true })[] = [];
  private readonly done: { order: number; result: ObjectResult }[] = [];
  /** Where each profile checked so far was first defined (a second one is reported against it). */
  private readonly firstAt = new Map<string, { file: string; line: number }>();
  private readonly named: KubeObject[] = [];

  constructor(
    private readonly compact?: {
      /** Whether the bundle names the profile `name` (kept for its check). */
      named: (name: string) => boolean;
      /** A profile's result, its object still on it (it goes once this returns). */
      checked: (result: ObjectResult) => void;
      /** Whether the results of profiles without issues are kept for {@link finish} (default: yes). */
      keepClean?: boolean;
    },
  ) {}

  /** An object read; in compact mode its shape must be checked already (`source.shape`). */
  add(source: ArchiveSource): void {
    if (!this.compact || source.object.kind !== 'WorkloadProfile' || !typed(source)) {
      this.kept.push(source);
      return;
    }
    const name = (source.object as unknown as KubeObject).metadata.name;
    const first = this.firstAt.get(name);
    if (first) {
      // The first of the name was checked in an earlier batch: a stand-in for it (the same object,
      // at the first one's file and line) makes this one the second, reported as validateObjects
      // reports any object defined twice. The stand-in's own result is dropped.
      this.batch.push({
        object: source.object,
        ...first,
        order: source.order,
        shape: { ...source.shape!, issues: [] },
        stand: true,
      });
    } else {
      this.firstAt.set(name, { file: source.file, line: source.line });
      if (this.compact.named(name)) this.named.push(source.object as unknown as KubeObject);
    }
    this.batch.push(source);
    if (this.batch.length >= BATCH) this.checkBatch();
  }

  private checkBatch(): void {
    // Everything read before the batch resolves its references (in the order read, as at the end).
    const context = this.kept.filter(typed).map((s) => s.object as unknown as KubeObject);
    const { results } = validateObjects(this.batch, [checkObject], context, { where: inTheArchive });
    results.forEach((result, i) => {
      const s = this.batch[i]!;
      if (s.stand) return;
      this.compact!.checked(result);
      delete result.object;
      if (result.issues.length || !result.valid || this.compact!.keepClean !== false)
        this.done.push({ order: s.order, result });
    });
    this.batch = [];
  }

  /**
   * Checks what is left; every object's result, in the report's order (without the profiles that
   * have no issues, unless they are kept).
   */
  finish(): ObjectResult[] {
    if (this.batch.length) this.checkBatch();
    // The rules see the objects in the report's order (the first of two same-named objects is kept).
    this.kept.sort((a, b) => a.order - b.order);
    const { results } = validateObjects(this.kept, [checkObject], this.named, { where: inTheArchive });
    results.forEach((result, i) => this.done.push({ order: this.kept[i]!.order, result }));
    return this.done.sort((a, b) => a.order - b.order).map((d) => d.result);
  }
}
