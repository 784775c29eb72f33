import { OCI_MANIFEST_MEDIA_TYPE, sha256Digest, type OciArtifact } from './fluxArtifact.js';
import { checkTag, type PulledArtifact } from './imageLayout.js';
import { RegistryHttpError } from './registryErrors.js';
import { RegistrySession, type RegistryTarget } from './registrySession.js';

export type { RegistryTarget } from './registrySession.js';

/** What {@link pushArtifact} did. */
export interface PushResult {
  /** The manifest digest the tag now names. */
  digest: string;
  /** `host[:port]/repository:tag@sha256:…`, the reference to record in `status.artifact`. */
  reference: string;
  /** False when the registry already had every blob and the tag already named this digest. */
  uploaded: boolean;
  /** The blobs that were sent (the others were already there). */
  uploadedBlobs: string[];
}

const blobAction = (digest: string, repository: string) => `push of blob ${digest} to ${repository}`;

/** Uploads one blob monolithically: POST opens an upload session, PUT ?digest= closes it. */
const uploadBlob = async (session: RegistrySession, digest: string, data: Buffer): Promise<void> => {
  const action = blobAction(digest, session.location.repository);
  const opened = await session.request('blobs/uploads/', { method: 'POST' }, [202], action);
  await opened.arrayBuffer();
  const location = opened.headers.get('location');
  if (!location)
    throw new RegistryHttpError(session.location.host, 202, action, undefined, 'no Location for the upload');
  // Location may be relative and usually carries the upload's own state in its query.
  const url = new URL(location, session.url('/'));
  url.searchParams.set('digest', digest);
  const done = await session.request(
    url.toString(),
    {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
      body: data,
    },
    [201],
    action,
  );
  await done.arrayBuffer();
};

/** True when the registry has the blob; HEAD first is what makes a second push free. */
const hasBlob = async (session: RegistrySession, digest: string): Promise<boolean> => {
  const action = `check of blob ${digest} in ${session.location.repository}`;
  const response = await session.request(`blobs/${digest}`, { method: 'HEAD' }, [200, 404], action);
  return response.status === 200;
};

/** The digest the tag names now, if any. */
const taggedDigest = async (session: RegistrySession, tag: string): Promise<string | undefined> => {
  const response = await session.request(
    `manifests/${tag}`,
    { method: 'HEAD', headers: { accept: OCI_MANIFEST_MEDIA_TYPE } },
    [200, 404],
    `check of tag ${tag} in ${session.location.repository}`,
  );
  return response.status === 200 ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
};

/**
 * Pushes `artifact` to `target` under `tag` with the OCI Distribution API: each blob is checked
 * with HEAD and uploaded (POST, then PUT `?digest=`) only when missing; then the manifest is PUT by
 * tag unless the tag already names this digest. Pushing the same artifact twice uploads nothing
 * the second time. Authenticates on demand: none, basic, or a bearer token fetched from the
 * `WWW-Authenticate` realm. Throws `RegistryUnreachableError`, `RegistryTlsError`,
 * `RegistryAuthError` or `RegistryHttpError`, none of which holds a password or token.
 */
export const pushArtifact = async (
  target: RegistryTarget,
  tag: string,
  artifact: OciArtifact,
): Promise<PushResult> => {
  checkTag(tag);
  const session = new RegistrySession(target);
  const { host, repository } = session.location;
  const uploadedBlobs: string[] = [];
  for (const [digest, data] of artifact.blobs) {
    if (await hasBlob(session, digest)) continue;
    await uploadBlob(session, digest, data);
    uploadedBlobs.push(digest);
  }
  const reference = `${host}/${repository}:${tag}@${artifact.digest}`;
  if (uploadedBlobs.length === 0 && (await taggedDigest(session, tag)) === artifact.digest)
    return { digest: artifact.digest, reference, uploaded: false, uploadedBlobs };
  const action = `push of manifest ${tag} to ${repository}`;
  const response = await session.request(
    `manifests/${tag}`,
    { method: 'PUT', headers: { 'content-type': OCI_MANIFEST_MEDIA_TYPE }, body: artifact.manifest },
    [201],
    action,
  );
  await response.arrayBuffer();
  const stored = response.headers.get('docker-content-digest');
  // The registry stores the bytes it got; a different digest means they were changed on the way.
  if (stored && stored !== artifact.digest)
    throw new RegistryHttpError(
      host,
      201,
      action,
      undefined,
      `stored as ${stored}, expected ${artifact.digest}`,
    );
  return { digest: artifact.digest, reference, uploaded: true, uploadedBlobs };
};

/**
 * Reads the artifact `reference` (a tag or a digest) back from `target`, checking every blob and the
 * manifest against their digests. Throws the same typed errors as {@link pushArtifact}.
 */
export const pullArtifact = async (target: RegistryTarget, reference: string): Promise<PulledArtifact> => {
  const session = new RegistrySession(target);
  const { host, repository } = session.location;
  const get = async (path: string, action: string, accept?: string) => {
    const headers: Record<string, string> = accept ? { accept } : {};
    const response = await session.request(path, { headers }, [200], action);
    return Buffer.from(await response.arrayBuffer());
  };
  const bytes = await get(
    `manifests/${reference}`,
    `pull of ${repository}:${reference}`,
    OCI_MANIFEST_MEDIA_TYPE,
  );
  const digest = sha256Digest(bytes);
  if (reference.startsWith('sha256:') && reference !== digest)
    throw new RegistryHttpError(host, 200, `pull of ${reference}`, undefined, `manifest digest is ${digest}`);
  const manifest = JSON.parse(bytes.toString('utf8')) as PulledArtifact['manifest'];
  const blobs = new Map<string, Buffer>();
  for (const d of [manifest.config, ...manifest.layers]) {
    const data = await get(`blobs/${d.digest}`, `pull of blob ${d.digest}`);
    if (sha256Digest(data) !== d.digest)
      throw new RegistryHttpError(
        host,
        200,
        `pull of blob ${d.digest}`,
        undefined,
        'bytes do not match the digest',
      );
    blobs.set(d.digest, data);
  }
  return { digest, manifest, blobs };
};
