/**
 * Decoding of the Kubernetes protobuf request bodies kubectl sends for core kinds.
 *
 * kubectl's typed clients write `Content-Type: application/vnd.kubernetes.protobuf` for built-in
 * kinds: `kubectl create secret generic|docker-registry|tls` and `kubectl create namespace` POST
 * protobuf, and do not retry with JSON on 415 (verified with kubectl 1.32). The body is the magic
 * `k8s\0` then a `runtime.Unknown` message {typeMeta(1){apiVersion(1), kind(2)}, raw(2),
 * contentEncoding(3), contentType(4)}; `raw` is the kind's message. Only `v1` Secret and Namespace
 * are decoded (the core kinds this server serves), into the JSON kube-apiserver would have read.
 * Answers stay JSON: those requests accept `application/vnd.kubernetes.protobuf,application/json`.
 */

/** `Content-Type` of Kubernetes protobuf bodies. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** One decoded field: number, wire type and value (varint as number, length-delimited as bytes). */
interface Field {
  no: number;
  value: number | Uint8Array;
}

const fields = (buf: Uint8Array): Field[] => {
  const out: Field[] = [];
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (let n = 0; n < 10; n++) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++] as number;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    throw new Error('varint too long');
  };
  while (i < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.push({ no, value: varint() });
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error('truncated field');
      out.push({ no, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const str = (v: Field['value']): string => (typeof v === 'number' ? String(v) : utf8.decode(v));
const bytes = (v: Field['value']): Uint8Array => (typeof v === 'number' ? new Uint8Array() : v);
const num = (v: Field['value']): number => (typeof v === 'number' ? v : 0);

type Json = Record<string, unknown>;
const setIf = (o: Json, k: string, v: unknown) => {
  if (v === '' || v === 0 || v === undefined) return;
  o[k] = v;
};
const mapEntry = (v: Field['value'], asBytes: boolean): [string, string] => {
  let key = '';
  let value = '';
  for (const f of fields(bytes(v))) {
    if (f.no === 1) key = str(f.value);
    else if (f.no === 2) value = asBytes ? Buffer.from(bytes(f.value)).toString('base64') : str(f.value);
  }
  return [key, value];
};
const time = (v: Field['value']): string | undefined => {
  let seconds = 0;
  for (const f of fields(bytes(v))) if (f.no === 1) seconds = num(f.value);
  return seconds ? new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
};

const ownerReference = (v: Field['value']): Json => {
  const o: Json = {};
  const names: Record<number, string> = { 1: 'kind', 3: 'name', 4: 'uid', 5: 'apiVersion' };
  for (const f of fields(bytes(v))) {
    const name = names[f.no];
    if (name) setIf(o, name, str(f.value));
    else if (f.no === 6) o['controller'] = num(f.value) !== 0;
    else if (f.no === 7) o['blockOwnerDeletion'] = num(f.value) !== 0;
  }
  return o;
};

const objectMeta = (buf: Uint8Array): Json => {
  const m: Json = {};
  const strings: Record<number, string> = {
    1: 'name',
    2: 'generateName',
    3: 'namespace',
    5: 'uid',
    6: 'resourceVersion',
  };
  // Entries, made into objects at the end (Object.fromEntries makes own keys: a `__proto__` label
  // stays a key, which the body checks then refuse, instead of vanishing into the prototype setter).
  const labels: [string, string][] = [];
  const annotations: [string, string][] = [];
  const finalizers: string[] = [];
  const owners: Json[] = [];
  for (const f of fields(buf)) {
    const s = strings[f.no];
    if (s) setIf(m, s, str(f.value));
    else if (f.no === 7) setIf(m, 'generation', num(f.value));
    else if (f.no === 8) setIf(m, 'creationTimestamp', time(f.value));
    else if (f.no === 9) setIf(m, 'deletionTimestamp', time(f.value));
    else if (f.no === 10) setIf(m, 'deletionGracePeriodSeconds', num(f.value));
    else if (f.no === 11) labels.push(mapEntry(f.value, false));
    else if (f.no === 12) annotations.push(mapEntry(f.value, false));
    else if (f.no === 13) owners.push(ownerReference(f.value));
    else if (f.no === 14) finalizers.push(str(f.value));
  }
  if (labels.length) m['labels'] = Object.fromEntries(labels);
  if (annotations.length) m['annotations'] = Object.fromEntries(annotations);
  if (owners.length) m['ownerReferences'] = owners;
  if (finalizers.length) m['finalizers'] = finalizers;
  return m;
};

const secret = (raw: Uint8Array): Json => {
  const o: Json = { apiVersion: 'v1', kind: 'Secret', metadata: {} };
  const data: [string, string][] = [];
  const stringData: [string, string][] = [];
  for (const f of fields(raw)) {
    if (f.no === 1) o['metadata'] = objectMeta(bytes(f.value));
    else if (f.no === 2) data.push(mapEntry(f.value, true));
    else if (f.no === 3) setIf(o, 'type', str(f.value));
    else if (f.no === 4) stringData.push(mapEntry(f.value, false));
    else if (f.no === 5) o['immutable'] = num(f.value) !== 0;
  }
  if (data.length) o['data'] = Object.fromEntries(data);
  if (stringData.length) o['stringData'] = Object.fromEntries(stringData);
  return o;
};

const namespace = (raw: Uint8Array): Json => {
  const o: Json = { apiVersion: 'v1', kind: 'Namespace', metadata: {} };
  for (const f of fields(raw)) {
    if (f.no === 1) o['metadata'] = objectMeta(bytes(f.value));
    else if (f.no === 2) {
      const finalizers = fields(bytes(f.value))
        .filter((x) => x.no === 1)
        .map((x) => str(x.value));
      if (finalizers.length) o['spec'] = { finalizers };
    } else if (f.no === 3) {
      const phase = fields(bytes(f.value)).find((x) => x.no === 1);
      if (phase && str(phase.value)) o['status'] = { phase: str(phase.value) };
    }
  }
  return o;
};

/** Strings of a message by field number (ResourceAttributes, NonResourceAttributes). */
const stringFields = (buf: Uint8Array, names: Record<number, string>): Json => {
  const o: Json = {};
  for (const f of fields(buf)) {
    const name = names[f.no];
    if (name) setIf(o, name, str(f.value));
  }
  return o;
};

/** `authorization.k8s.io/v1` SelfSubjectAccessReview: what `kubectl auth can-i` sends. */
const accessReview = (raw: Uint8Array): Json => {
  const o: Json = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {} };
  const spec: Json = {};
  for (const f of fields(raw)) {
    if (f.no === 1) o['metadata'] = objectMeta(bytes(f.value));
    else if (f.no === 2)
      for (const g of fields(bytes(f.value))) {
        if (g.no === 1)
          spec['resourceAttributes'] = stringFields(bytes(g.value), {
            1: 'namespace',
            2: 'verb',
            3: 'group',
            4: 'version',
            5: 'resource',
            6: 'subresource',
            7: 'name',
          });
        else if (g.no === 2)
          spec['nonResourceAttributes'] = stringFields(bytes(g.value), { 1: 'path', 2: 'verb' });
      }
  }
  o['spec'] = spec;
  return o;
};

/** Result of {@link decodeProtobufObject}. */
export type ProtobufDecodeResult =
  | { ok: true; object: Json }
  | { ok: false; reason: 'NotProtobuf' | 'UnsupportedKind' | 'Malformed'; message: string };

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body of a `v1` Secret or Namespace into its JSON
 * form. Other kinds → `UnsupportedKind` (answer 415); bad bytes → `Malformed` (answer 400).
 */
export const decodeProtobufObject = (body: Uint8Array): ProtobufDecodeResult => {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b))
    return { ok: false, reason: 'NotProtobuf', message: 'body does not start with the k8s protobuf magic' };
  try {
    let apiVersion = '';
    let kind = '';
    let raw: Uint8Array = new Uint8Array();
    for (const f of fields(body.subarray(4))) {
      if (f.no === 1)
        for (const t of fields(bytes(f.value))) {
          if (t.no === 1) apiVersion = str(t.value);
          else if (t.no === 2) kind = str(t.value);
        }
      else if (f.no === 2) raw = bytes(f.value);
    }
    if (apiVersion === 'v1' && kind === 'Secret') return { ok: true, object: secret(raw) };
    if (apiVersion === 'v1' && kind === 'Namespace') return { ok: true, object: namespace(raw) };
    if (apiVersion === 'authorization.k8s.io/v1' && kind === 'SelfSubjectAccessReview')
      return { ok: true, object: accessReview(raw) };
    return {
      ok: false,
      reason: 'UnsupportedKind',
      message: `protobuf bodies are accepted for v1 Secret and Namespace and SelfSubjectAccessReview only, not ${apiVersion} ${kind}`,
    };
  } catch (e) {
    return { ok: false, reason: 'Malformed', message: `malformed protobuf body: ${(e as Error).message}` };
  }
};
