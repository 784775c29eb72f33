/**
 * A minimal protocol-buffers writer (proto3 wire format): varints, length-delimited strings and
 * messages, doubles. Fields holding their type's default (empty string, false, 0) are not written,
 * as proto3 encoders do. Used to encode the gnostic OpenAPI v2 document (openapiV2Proto.ts).
 */

const encoder = new TextEncoder();

/** Builds one message; `finish()` returns its bytes (to nest it with {@link ProtoWriter.message}). */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }

  private rawVarint(v: number): void {
    // Non-negative integers up to 2^53 (field keys, lengths, int64 limits of a schema).
    const out: number[] = [];
    let n = Math.max(0, Math.floor(v));
    while (n >= 0x80) {
      out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    out.push(n);
    this.push(Uint8Array.from(out));
  }

  private key(no: number, wire: number): void {
    this.rawVarint(no * 8 + wire);
  }

  /** A varint field (int64, bool); 0 is not written. */
  varint(no: number, v: number | boolean | undefined): this {
    const n = typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? 0);
    if (n === 0) return this;
    this.key(no, 0);
    this.rawVarint(n);
    return this;
  }

  /** A `double` field (wire type 1, little-endian); 0 is not written. */
  double(no: number, v: number | undefined): this {
    if (!v) return this;
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.key(no, 1);
    this.push(b);
    return this;
  }

  /** Length-delimited bytes (always written, even when empty: an empty nested message is a value). */
  bytes(no: number, b: Uint8Array): this {
    this.key(no, 2);
    this.rawVarint(b.length);
    this.push(b);
    return this;
  }

  /** A `string` field; the empty string is not written. */
  string(no: number, s: string | undefined): this {
    if (!s) return this;
    return this.bytes(no, encoder.encode(s));
  }

  /** A repeated `string` field. */
  strings(no: number, list: readonly string[] | undefined): this {
    for (const s of list ?? []) this.bytes(no, encoder.encode(s));
    return this;
  }

  /** A nested message built by `fill`. */
  message(no: number, fill: (w: ProtoWriter) => void): this {
    const w = new ProtoWriter();
    fill(w);
    return this.bytes(no, w.finish());
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
