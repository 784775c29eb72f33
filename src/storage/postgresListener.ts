/**
 * The change feed's wake-up on PostgreSQL: one dedicated connection that LISTENs on the store's
 * channel (every write transaction NOTIFYs it with its last resourceVersion), plus a poll timer
 * as a safety net (a notification lost while the connection was down; it reconnects on the next
 * tick).
 */
import pg from 'pg';

export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
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
      this.timer = setInterval(() => {
        this.wake();
        if (!this.client && !this.connecting) void this.connect().catch(() => undefined);
      }, this.pollMs);
      this.timer.unref();
    }
  }

  private connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', () => this.wake());
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
    });
    this.connecting = (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
        if (this.stopped) {
          await client.end();
          return;
        }
        this.client = client;
        // Whatever was committed while not listening.
        this.wake();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
