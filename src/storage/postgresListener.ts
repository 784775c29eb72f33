/**
 * The change feed's wake-up on PostgreSQL: one dedicated connection that LISTENs on the store's
 * channel (every write transaction NOTIFYs it with its last resourceVersion), plus a poll timer
 * as a safety net. A listening connection that breaks (the server restarted, a proxy cut it) is
 * opened again at once and then with a growing delay, whether or not the poll runs; every
 * (re)connection wakes the feed, which then reads whatever was committed while nobody listened.
 */
import pg from 'pg';

/** The first and the longest delay between attempts to listen again. */
const RETRY_MS = { first: 100, max: 5_000 };

export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retryMs = RETRY_MS.first;
  private stopped = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly wake: () => void,
    private readonly pollMs: number,
  ) {}

  async start(): Promise<void> {
    await this.connect();
    if (this.pollMs > 0) {
      this.timer = setInterval(() => this.wake(), this.pollMs);
      this.timer.unref();
    }
  }

  private connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', () => this.wake());
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    };
    // A connection the server ends emits 'end' (and, when it breaks mid-query, 'error' first).
    client.on('error', onLost);
    client.on('end', onLost);
    this.connecting = (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
        if (this.stopped) {
          await client.end();
          return;
        }
        this.client = client;
        this.retryMs = RETRY_MS.first;
        // Whatever was committed while not listening.
        this.wake();
      } catch (error) {
        lost = true; // reconnectLater is the caller's (start: the open fails; a retry: the next one)
        await client.end().catch(() => undefined);
        throw error;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  /** Listens again after the current delay (doubled at each failure, up to RETRY_MS.max). */
  private reconnectLater(): void {
    if (this.stopped || this.retry || this.connecting) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.stopped || this.client) return;
      this.connect().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
        this.reconnectLater();
      });
    }, this.retryMs);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
