import { createWriteStream, type WriteStream } from 'node:fs';

/** One audit record: who did what, when, and whether it was allowed. Never holds request bodies. */
export interface AuditRecord {
  time: string;
  user: string;
  role: string;
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  code: number;
  allowed: boolean;
  message?: string;
}

/** Appends one JSON line per mutation (allowed or denied) to the audit log of the data directory. */
export class AuditLog {
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  }

  record(r: Omit<AuditRecord, 'time'>): void {
    this.stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...r })}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
