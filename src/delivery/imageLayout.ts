import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OCI_MANIFEST_MEDIA_TYPE, sha256Digest, type Descriptor, type OciArtifact } from './fluxArtifact.js';

/** The image index media type (OCI image spec v1). */
export const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
/** The annotation that names a manifest in an image layout's `index.json` (its "tag"). */
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';

const LAYOUT_FILE = '{"imageLayoutVersion":"1.0.0"}';

interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

/**
 * A tag as the distribution spec allows it (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`): no `/`, no `..`
 * prefix, so a tag can never name a path outside the layout. Throws otherwise.
 */
export const checkTag = (tag: string): void => {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag))
    throw new Error(
      `tag ${JSON.stringify(tag)} is not a valid OCI tag: use letters, digits, "_", "." and "-", ` +
        'at most 128, not starting with "." or "-"',
    );
};

const HEX = /^sha256:([0-9a-f]{64})$/;

/** The path of a blob under `dir`, refusing any digest that is not `sha256:<64 hex>`. */
const blobPath = (dir: string, digest: string): string => {
  const hex = HEX.exec(digest)?.[1];
  if (!hex) throw new Error(`digest ${JSON.stringify(digest)} is not sha256:<64 lowercase hex>`);
  return join(dir, 'blobs', 'sha256', hex);
};

/** Writes through a temporary file and a rename so a reader never sees half a file. */
const writeAtomic = (path: string, data: Buffer | string): void => {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
};

const readIndex = (dir: string): ImageIndex => {
  const path = join(dir, 'index.json');
  if (!existsSync(path)) return { schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests: [] };
  try {
    const index = JSON.parse(readFileSync(path, 'utf8')) as ImageIndex;
    if (!Array.isArray(index.manifests)) throw new Error('no "manifests" array');
    return index;
  } catch (error) {
    throw new Error(`while reading the OCI image layout index ${path}: ${(error as Error).message}`);
  }
};

/** What {@link writeImageLayout} did. */
export interface LayoutWrite {
  /** The manifest digest now named by the tag. */
  digest: string;
  /** False when every blob and the tag entry were already there. */
  changed: boolean;
}

/**
 * Writes `artifact` into the OCI image layout folder `dir` (created if missing): `oci-layout`,
 * `blobs/sha256/<hex>` for the manifest, config and layer, and an `index.json` entry for the
 * manifest named `tag` by `org.opencontainers.image.ref.name`. Idempotent: blobs already present are
 * not rewritten, and writing the same artifact and tag again changes no file. A tag moved to another
 * artifact has its entry replaced; another tag adds an entry. Every file is written atomically
 * (temporary file, then rename) and only under `dir`; a tag with `/` or `..` is refused.
 */
export const writeImageLayout = (dir: string, tag: string, artifact: OciArtifact): LayoutWrite => {
  checkTag(tag);
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  let changed = false;
  if (!existsSync(join(dir, 'oci-layout'))) {
    writeAtomic(join(dir, 'oci-layout'), LAYOUT_FILE);
    changed = true;
  }
  const blobs: [string, Buffer][] = [...artifact.blobs, [artifact.digest, artifact.manifest]];
  for (const [digest, data] of blobs) {
    const path = blobPath(dir, digest);
    if (existsSync(path)) continue;
    // A blob is stored under its digest; check it so a caller's mistake cannot corrupt the layout.
    if (sha256Digest(data) !== digest) throw new Error(`blob bytes do not match their digest ${digest}`);
    writeAtomic(path, data);
    changed = true;
  }
  const index = readIndex(dir);
  const named = (d: Descriptor) => d.annotations?.[ANNOTATION_REF_NAME] === tag;
  const current = index.manifests.find(named);
  if (current?.digest !== artifact.digest) {
    index.manifests = [
      ...index.manifests.filter((d) => !named(d)),
      {
        mediaType: OCI_MANIFEST_MEDIA_TYPE,
        digest: artifact.digest,
        size: artifact.manifest.length,
        annotations: { [ANNOTATION_REF_NAME]: tag },
      },
    ];
    writeAtomic(join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    changed = true;
  }
  return { digest: artifact.digest, changed };
};

/** An artifact read back from a layout or a registry: the manifest and its blobs. */
export interface PulledArtifact {
  digest: string;
  manifest: { config: Descriptor; layers: Descriptor[]; annotations?: Record<string, string> };
  blobs: Map<string, Buffer>;
}

/**
 * Reads the artifact named `tag` from the image layout `dir`, checking every blob against its
 * digest. Throws when the tag is not in the index or a blob is missing or corrupt.
 */
export const readImageLayout = (dir: string, tag: string): PulledArtifact => {
  checkTag(tag);
  const entry = readIndex(dir).manifests.find((d) => d.annotations?.[ANNOTATION_REF_NAME] === tag);
  if (!entry) throw new Error(`tag ${JSON.stringify(tag)} is not in the OCI image layout ${dir}`);
  const read = (digest: string): Buffer => {
    const data = readFileSync(blobPath(dir, digest));
    if (sha256Digest(data) !== digest) throw new Error(`blob ${digest} in ${dir} does not match its digest`);
    return data;
  };
  const manifest = JSON.parse(read(entry.digest).toString('utf8')) as PulledArtifact['manifest'];
  const blobs = new Map<string, Buffer>();
  for (const d of [manifest.config, ...manifest.layers]) blobs.set(d.digest, read(d.digest));
  return { digest: entry.digest, manifest, blobs };
};
