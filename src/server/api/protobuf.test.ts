import { describe, expect, it } from 'vitest';
import { parseBody } from '../body.js';
import { decodeProtobufObject } from './protobuf.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

/**
 * Bodies captured from kubectl 1.32: `kubectl create secret generic s1 --from-literal=a=b
 * --from-literal=c=ddd --type=my/type --save-config` and `kubectl create namespace foo`.
 */
const SECRET =
  '6b3873000a0c0a027631120653656372657412ee010ad0010a02733112001a0022002a0032003800420062bb010a306b75626563746c2e6b756265726e657465732e696f2f6c6173742d6170706c6965642d636f6e66696775726174696f6e1286017b226b696e64223a22536563726574222c2261706956657273696f6e223a227631222c226d65746164617461223a7b226e616d65223a227331222c226372656174696f6e54696d657374616d70223a6e756c6c7d2c2264617461223a7b2261223a2259673d3d222c2263223a225a47526b227d2c2274797065223a226d792f74797065227d0a12060a016112016212080a016312036464641a076d792f747970651a002200';
const NAMESPACE =
  '6b3873000a0f0a02763112094e616d657370616365121b0a130a03666f6f12001a0022002a0032003800420012001a020a001a002200';

describe('decodeProtobufObject', () => {
  it('decodes a Secret as kubectl create secret sends it', () => {
    const r = decodeProtobufObject(hex(SECRET));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 's1',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1","creationTimestamp":null},"data":{"a":"Yg==","c":"ZGRk"},"type":"my/type"}\n',
        },
      },
      data: { a: 'Yg==', c: 'ZGRk' },
      type: 'my/type',
    });
  });

  it('decodes a Namespace', () => {
    const r = decodeProtobufObject(hex(NAMESPACE));
    expect(r).toEqual({
      ok: true,
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' } },
    });
  });

  it('refuses other kinds, other bodies and truncated bytes', () => {
    // Same envelope with kind "Secreu".
    const other = SECRET.replace('536563726574', '536563726575');
    expect(decodeProtobufObject(hex(other))).toMatchObject({ ok: false, reason: 'UnsupportedKind' });
    expect(decodeProtobufObject(new TextEncoder().encode('{"kind":"Secret"}'))).toMatchObject({
      ok: false,
      reason: 'NotProtobuf',
    });
    expect(decodeProtobufObject(hex(SECRET.slice(0, 60)))).toMatchObject({ ok: false, reason: 'Malformed' });
  });
});

/** Protocol buffers' length-delimited field `no` (lengths < 128, enough here). */
const field = (no: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([(no << 3) | 2, body.length]), body]);
const text = (no: number, s: string) => field(no, Buffer.from(s));

/** `kubectl create namespace foo` with one label, in the envelope kubectl sends. */
const namespaceWithLabel = (key: string, value: string): Uint8Array => {
  const meta = Buffer.concat([text(1, 'foo'), field(11, Buffer.concat([text(1, key), text(2, value)]))]);
  const typeMeta = Buffer.concat([text(1, 'v1'), text(2, 'Namespace')]);
  const unknown = Buffer.concat([field(1, typeMeta), field(2, field(1, meta))]);
  return new Uint8Array(Buffer.concat([Buffer.from('6b387300', 'hex'), unknown]));
};

describe('a protobuf body with a hostile map key', () => {
  it('keeps a normal label', () => {
    expect(parseBody(Buffer.from(namespaceWithLabel('team', 'a')), 'protobuf')).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'foo', labels: { team: 'a' } },
    });
  });

  it('refuses a __proto__ label as the JSON body is refused (it was silently dropped)', () => {
    const r = decodeProtobufObject(namespaceWithLabel('__proto__', 'x'));
    expect(r.ok && Object.keys((r.object['metadata'] as { labels: object }).labels)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    expect(() => parseBody(Buffer.from(namespaceWithLabel('__proto__', 'x')), 'protobuf')).toThrow(
      /request body: .*__proto__/,
    );
  });
});
