import { createHash } from 'node:crypto';
import type { KubeObject } from '../model/index.js';
import { toYaml } from '../render/index.js';
import { packTarGz } from './tarWriter.js';

/** The OCI image manifest media type (OCI image spec v1). */
export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
/** Flux's config media type: source-controller recognises its artifacts by it. */
export const FLUX_CONFIG_MEDIA_TYPE = 'application/vnd.cncf.flux.config.v1+json';
/** Flux's one content layer: a tar+gzip of the files a Flux `Kustomization` applies. */
export const FLUX_CONTENT_MEDIA_TYPE = 'application/vnd.cncf.flux.content.v1.tar+gzip';
/** The file that holds the objects when the content is given as objects. */
export const FLUX_MANIFESTS_FILE = 'manifests.yaml';

/** Standard OCI annotation keys written on the manifest (what Flux reports as artifact metadata). */
export const ANNOTATION_SOURCE = 'org.opencontainers.image.source';
export const ANNOTATION_REVISION = 'org.opencontainers.image.revision';
export const ANNOTATION_CREATED = 'org.opencontainers.image.created';

/** An OCI content descriptor. */
export interface Descriptor {
  mediaType: string;
  /** `sha256:<64 hex>` */
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** A packed artifact: everything a push or an image layout needs, addressed by digest. */
export interface OciArtifact {
  /** The image manifest, exactly as pushed (its digest is over these bytes). */
  manifest: Buffer;
  /** `sha256:` digest of {@link OciArtifact.manifest}. */
  digest: string;
  mediaType: typeof OCI_MANIFEST_MEDIA_TYPE;
  config: Descriptor;
  layer: Descriptor;
  /** Config and layer bytes by digest. */
  blobs: Map<string, Buffer>;
}

/** Where the content came from; written as manifest annotations. */
export interface ArtifactOrigin {
  /** `org.opencontainers.image.source`, e.g. `paletteai://ns/WorkloadDeployment/name`. */
  source: string;
  /** `org.opencontainers.image.revision`, e.g. the rendered inputs' revision. */
  revision: string;
  /**
   * `org.opencontainers.image.created`, RFC 3339. Given by the caller, never the clock, so that
   * the same render gives the same digest.
   */
  created: string;
}

/** The content: rendered objects (one `manifests.yaml`) or files by relative path. */
export type ArtifactContent = readonly KubeObject[] | ReadonlyMap<string, string | Buffer>;

/** `sha256:<hex>` of some bytes. */
export const sha256Digest = (data: Buffer): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

// source-controller reads nothing from the config; `{}` (the OCI image spec's "empty" content)
// keeps it constant.
const CONFIG = Buffer.from('{}');

const toFiles = (content: ArtifactContent): Map<string, Buffer> => {
  if (Array.isArray(content))
    return new Map([[FLUX_MANIFESTS_FILE, Buffer.from(toYaml([...(content as KubeObject[])]))]]);
  const files = new Map<string, Buffer>();
  for (const [path, data] of content as ReadonlyMap<string, string | Buffer>)
    files.set(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return files;
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Packs rendered manifests as a Flux OCI artifact: one deterministic tar+gzip layer
 * ({@link FLUX_CONTENT_MEDIA_TYPE}), an empty JSON config ({@link FLUX_CONFIG_MEDIA_TYPE}) and an
 * OCI image manifest (schemaVersion 2) annotated with `origin`. The same content and origin give
 * byte-identical blobs and manifest, hence the same digest: that is what lets a controller tell
 * "nothing changed, nothing to push". Objects are serialised with the render's `toYaml` (sorted
 * keys, stable order). Throws on a `created` that is not RFC 3339 or a bad file path.
 */
export const packFluxArtifact = (content: ArtifactContent, origin: ArtifactOrigin): OciArtifact => {
  if (!RFC3339.test(origin.created))
    throw new Error(`artifact "created" must be an RFC 3339 time, got ${JSON.stringify(origin.created)}`);
  const layerBytes = packTarGz(toFiles(content));
  const config: Descriptor = {
    mediaType: FLUX_CONFIG_MEDIA_TYPE,
    digest: sha256Digest(CONFIG),
    size: CONFIG.length,
  };
  const layer: Descriptor = {
    mediaType: FLUX_CONTENT_MEDIA_TYPE,
    digest: sha256Digest(layerBytes),
    size: layerBytes.length,
  };
  // Keys in a fixed order (JSON.stringify keeps insertion order) so the bytes are stable.
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_MEDIA_TYPE,
      config,
      layers: [layer],
      annotations: {
        [ANNOTATION_CREATED]: origin.created,
        [ANNOTATION_REVISION]: origin.revision,
        [ANNOTATION_SOURCE]: origin.source,
      },
    }),
  );
  return {
    manifest,
    digest: sha256Digest(manifest),
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config,
    layer,
    blobs: new Map([
      [config.digest, CONFIG],
      [layer.digest, layerBytes],
    ]),
  };
};
