import { ProviderError, type SecretKeyRef } from './providerError.js';
import type {
  PaletteClusterProfile,
  PaletteEdgeNativeClusterEntity,
  PaletteProfileSummary,
  PaletteProfilesFilter,
  PaletteProfilesSummary,
  PaletteSpectroCluster,
} from './paletteTypes.js';

/** How a {@link PaletteClient} reaches Palette. */
export interface PaletteClientOptions {
  /** Base URL, e.g. `https://api.spectrocloud.com` (Settings `spec.palette.endpoint`). */
  endpoint: string;
  /** Sent as the `ProjectUid` header: every call is scoped to this project. */
  projectUid: string;
  /** Reads the API key when a request is made (so a rotated key is used at once). */
  apiKey: () => Promise<string>;
  /** Where the API key lives: named in errors, never its value. */
  apiKeySecretRef: Required<SecretKeyRef>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Time allowed for one request. @default 30000 */
  timeoutMs?: number;
}

/** Profiles read per page of `POST /v1/dashboard/clusterprofiles`. */
export const PALETTE_PAGE_SIZE = 50;
const MAX_PAGES = 200;

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** What the client was doing, for messages: "listing cluster profiles". */
  doing: string;
  /** The message for a 404, which depends on what was asked for. */
  notFound: string;
}

/**
 * A small client of Palette's public v1 REST API over `fetch`: API key in the `ApiKey` header,
 * project in the `ProjectUid` header, JSON both ways. Every failure is a {@link ProviderError}.
 */
export class PaletteClient {
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: PaletteClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /**
   * Every cluster profile summary of the project, page by page (`limit` and `continue` query
   * parameters; the answer's `listmeta.continue` is empty on the last page).
   */
  async listClusterProfiles(
    filter: PaletteProfilesFilter = { filter: {} },
  ): Promise<PaletteProfileSummary[]> {
    const items: PaletteProfileSummary[] = [];
    let token = '';
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = (await this.call({
        method: 'POST',
        path: '/v1/dashboard/clusterprofiles',
        query: { limit: String(PALETTE_PAGE_SIZE), ...(token ? { continue: token } : {}) },
        body: filter,
        doing: 'listing cluster profiles',
        notFound: this.projectNotFound(),
      })) as PaletteProfilesSummary | undefined;
      if (!answer || !Array.isArray(answer.items)) {
        throw this.badResponse('listing cluster profiles', 'no "items" list');
      }
      items.push(...answer.items);
      token = answer.listmeta?.continue ?? '';
      if (!token) return items;
    }
    throw this.badResponse('listing cluster profiles', `more than ${MAX_PAGES} pages`);
  }

  /** One cluster profile with its packs (`GET /v1/clusterprofiles/{uid}`). */
  async getClusterProfile(uid: string): Promise<PaletteClusterProfile> {
    return (await this.call({
      method: 'GET',
      path: `/v1/clusterprofiles/${encodeURIComponent(uid)}`,
      doing: `reading cluster profile ${uid}`,
      notFound: `cluster profile ${uid} is not in Palette project ${this.options.projectUid}; pick a profile of that project`,
    })) as PaletteClusterProfile;
  }

  /** Creates an edge-native cluster (`POST /v1/spectroclusters/edge-native`); returns its uid. */
  async createEdgeNativeCluster(entity: PaletteEdgeNativeClusterEntity): Promise<string> {
    const answer = (await this.call({
      method: 'POST',
      path: '/v1/spectroclusters/edge-native',
      body: entity,
      doing: `creating edge-native cluster "${entity.metadata.name}"`,
      notFound: this.projectNotFound(),
    })) as { uid?: unknown } | undefined;
    if (typeof answer?.uid !== 'string' || !answer.uid) {
      throw this.badResponse('creating an edge-native cluster', 'no "uid" in the answer');
    }
    return answer.uid;
  }

  /** One cluster with its `status.state` (`GET /v1/spectroclusters/{uid}`). */
  async getCluster(uid: string): Promise<PaletteSpectroCluster> {
    return (await this.call({
      method: 'GET',
      path: `/v1/spectroclusters/${encodeURIComponent(uid)}`,
      doing: `reading cluster ${uid}`,
      notFound: this.clusterNotFound(uid),
    })) as PaletteSpectroCluster;
  }

  /** Deletes a cluster (`DELETE /v1/spectroclusters/{uid}`); Palette then reports it `Deleting`. */
  async deleteCluster(uid: string): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `/v1/spectroclusters/${encodeURIComponent(uid)}`,
      doing: `deleting cluster ${uid}`,
      notFound: this.clusterNotFound(uid),
    });
  }

  private projectNotFound(): string {
    return `Palette has no project ${this.options.projectUid} (HTTP 404); fix Settings spec.palette.projectUid (Palette: Project Settings → Project UID)`;
  }

  private clusterNotFound(uid: string): string {
    return `cluster ${uid} is not in Palette project ${this.options.projectUid} (HTTP 404): it was deleted in Palette or spec.palette.projectUid changed`;
  }

  private badResponse(doing: string, what: string): ProviderError {
    return new ProviderError(
      'BadResponse',
      `Palette at ${this.endpoint} gave an unexpected answer while ${doing}: ${what}`,
    );
  }

  private async call(call: Call): Promise<unknown> {
    const apiKey = await this.options.apiKey();
    const url = new URL(this.endpoint + call.path);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ApiKey: apiKey,
      ProjectUid: this.options.projectUid,
    };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: call.method,
        headers,
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ProviderError(
        'Unreachable',
        `Palette at ${this.endpoint} could not be reached while ${call.doing} (${describeNetworkError(error)}); check Settings spec.palette.endpoint and the network — retrying with backoff`,
      );
    }
    const text = await response.text().catch(() => '');
    if (response.ok)
      return text ? parseJson(text, () => this.badResponse(call.doing, 'not JSON')) : undefined;
    // Palette's error body carries a `message` in practice; its schema is not documented, so it is
    // read when present and any copy of the key is cut out before it reaches a message.
    const said = paletteMessage(text).replaceAll(apiKey, '(redacted)');
    throw this.httpError(response.status, call, said);
  }

  private httpError(status: number, call: Call, said: string): ProviderError {
    const detail = said ? `: ${said}` : '';
    const { name, key } = this.options.apiKeySecretRef;
    if (status === 401 || status === 403) {
      return new ProviderError(
        'Unauthorized',
        `Palette refused the API key in Secret "${name}" (key "${key}") with HTTP ${status} while ${call.doing}; create an API key in Palette (Tenant Settings → API Keys) with access to project ${this.options.projectUid} and store it in that Secret`,
        status,
      );
    }
    if (status === 404) return new ProviderError('NotFound', call.notFound, status);
    if (status === 409) {
      return new ProviderError(
        'Conflict',
        `Palette answered HTTP 409 while ${call.doing}${detail}; a cluster of that name may already exist in the project: delete it in Palette or use another pool name`,
        status,
      );
    }
    if (status === 429 || status >= 500) {
      return new ProviderError(
        'ServerError',
        `Palette answered HTTP ${status} while ${call.doing}${detail}; this is on Palette's side — retrying with backoff; if it persists, check Palette's status page`,
        status,
      );
    }
    return new ProviderError(
      'Rejected',
      `Palette refused the request (HTTP ${status}) while ${call.doing}${detail}`,
      status,
    );
  }
}

const parseJson = (text: string, onError: () => ProviderError): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw onError();
  }
};

const paletteMessage = (text: string): string => {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' ? body.message.slice(0, 500) : '';
  } catch {
    return '';
  }
};

const describeNetworkError = (error: unknown): string => {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (typeof cause?.code === 'string') return cause.code;
    if (typeof cause?.message === 'string') return cause.message;
    return error.message;
  }
  return String(error);
};
