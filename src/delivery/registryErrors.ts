/**
 * Typed errors of the registry client. Messages say what to fix and where (Settings
 * `ociRegistry`, the credentials Secret); they never hold a password or a token.
 */

/** The registry could not be reached: nothing answered at `host`. */
export class RegistryUnreachableError extends Error {
  override readonly name = 'RegistryUnreachableError';
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(
      `OCI registry ${host} is unreachable (${reason}): check Settings ociRegistry.url and that the ` +
        'registry is running and reachable from the server',
    );
  }
}

/** The TLS handshake failed, most often a certificate this machine does not trust. */
export class RegistryTlsError extends Error {
  override readonly name = 'RegistryTlsError';
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(
      `TLS with OCI registry ${host} failed (${reason}): give the registry a certificate this machine ` +
        'trusts, or set Settings ociRegistry.insecure: true for a registry you trust without one',
    );
  }
}

/** The registry refused the credentials (401) or the action (403). */
export class RegistryAuthError extends Error {
  override readonly name = 'RegistryAuthError';
  constructor(
    readonly host: string,
    readonly status: 401 | 403,
    readonly action: string,
    /** How the credentials were named to the caller, e.g. `Secret project-melbourne/registry-creds`. */
    readonly credentialsName: string | undefined,
    hadCredentials: boolean,
  ) {
    const where = credentialsName ?? 'the Secret named by Settings ociRegistry.credentialsSecretRef';
    super(
      status === 403
        ? `OCI registry ${host} denied ${action} (HTTP 403): the account in ${where} lacks the ` +
            'permission; grant it on the registry or use another account'
        : hadCredentials
          ? `OCI registry ${host} refused the credentials for ${action} (HTTP 401): fix the username ` +
            `and password in ${where}`
          : `OCI registry ${host} requires credentials for ${action} (HTTP 401): set Settings ` +
            'ociRegistry.credentialsSecretRef to a Secret with username and password',
    );
  }
}

/** Any other HTTP error, with the registry's own error code and message when it sent them. */
export class RegistryHttpError extends Error {
  override readonly name = 'RegistryHttpError';
  constructor(
    readonly host: string,
    readonly status: number,
    readonly action: string,
    /** The distribution spec's error code (`BLOB_UNKNOWN`, `MANIFEST_INVALID`, …), if any. */
    readonly code: string | undefined,
    detail: string | undefined,
  ) {
    super(
      `OCI registry ${host} answered HTTP ${status} to ${action}` +
        (code ? `: ${code}` : '') +
        (detail ? ` (${detail})` : ''),
    );
  }
}

/** Reads the spec's `{"errors":[{"code","message"}]}` body, tolerating anything else. */
export const registryErrorOf = async (response: Response): Promise<{ code?: string; message?: string }> => {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = body.errors?.[0];
    return {
      code: typeof first?.code === 'string' ? first.code : undefined,
      message: typeof first?.message === 'string' ? first.message : undefined,
    };
  } catch {
    return { message: text.trim().slice(0, 200) || undefined };
  }
};
