import { createHash } from 'node:crypto';
import type { OpenApiSchema } from './openapiMeta.js';
import { openApiV2Document } from './openapiV2.js';
import { ProtoWriter } from './protobufWriter.js';

/**
 * `/openapi/v2` as protobuf: the Swagger 2.0 document encoded as gnostic's `openapi.v2.Document`
 * (github.com/google/gnostic, openapiv2/OpenAPIv2.proto), which kubectl 1.27 and 1.28 ask for
 * (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`) and parse without looking
 * at the Content-Type. Values that are free JSON (`default`, `example`, `enum` entries and the
 * `x-…` vendor extensions) are gnostic `Any` messages holding YAML; JSON is YAML, so they carry
 * their JSON text. Field numbers are those of the .proto; the message names are in the comments.
 */

/** What kubectl puts in `Accept` for the protobuf document (and the Content-Type kube-apiserver answers with). */
export const OPENAPI_V2_PROTOBUF_ACCEPT = [
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
];
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const b = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** `Any { yaml = 2 }`. */
const any = (w: ProtoWriter, no: number, value: unknown) =>
  w.message(no, (a) => a.bytes(2, new TextEncoder().encode(JSON.stringify(value))));

/** `repeated NamedAny vendor_extension`: every `x-` key. */
const extensions = (w: ProtoWriter, no: number, o: Json) => {
  for (const [k, v] of Object.entries(o))
    if (k.startsWith('x-')) w.message(no, (e) => any(e.string(1, k), 2, v));
};

/** `Schema`. */
const schema = (w: ProtoWriter, o: Json): void => {
  w.string(1, s(o['$ref'])).string(2, s(o['format'])).string(3, s(o['title'])).string(4, s(o['description']));
  if ('default' in o) any(w, 5, o['default']);
  w.double(6, n(o['multipleOf']))
    .double(7, n(o['maximum']))
    .varint(8, b(o['exclusiveMaximum']))
    .double(9, n(o['minimum']))
    .varint(10, b(o['exclusiveMinimum']))
    .varint(11, n(o['maxLength']))
    .varint(12, n(o['minLength']))
    .string(13, s(o['pattern']))
    .varint(14, n(o['maxItems']))
    .varint(15, n(o['minItems']))
    .varint(16, b(o['uniqueItems']))
    .varint(17, n(o['maxProperties']))
    .varint(18, n(o['minProperties']))
    .strings(19, strs(o['required']));
  if (Array.isArray(o['enum'])) for (const e of o['enum']) any(w, 20, e);
  const additional = o['additionalProperties'];
  // AdditionalPropertiesItem { oneof: Schema schema = 1; bool boolean = 2 }
  if (isObj(additional)) w.message(21, (a) => a.message(1, (x) => schema(x, additional)));
  else if (typeof additional === 'boolean') w.message(21, (a) => a.varint(2, additional));
  // TypeItem { repeated string value = 1 }
  const type = o['type'];
  if (typeof type === 'string' || Array.isArray(type))
    w.message(22, (t) => t.strings(1, typeof type === 'string' ? [type] : strs(type)));
  // ItemsItem { repeated Schema schema = 1 }
  const items = o['items'];
  if (isObj(items) || Array.isArray(items))
    w.message(23, (it) => {
      for (const x of Array.isArray(items) ? items : [items])
        if (isObj(x)) it.message(1, (y) => schema(y, x));
    });
  if (Array.isArray(o['allOf'])) for (const x of o['allOf']) if (isObj(x)) w.message(24, (y) => schema(y, x));
  // Properties { repeated NamedSchema additional_properties = 1 }
  const props = o['properties'];
  if (isObj(props))
    w.message(25, (p) => {
      for (const [name, v] of Object.entries(props))
        if (isObj(v)) p.message(1, (ns) => ns.string(1, name).message(2, (x) => schema(x, v)));
    });
  w.varint(27, b(o['readOnly']));
  if ('example' in o) any(w, 30, o['example']);
  extensions(w, 31, o);
};

/** `QueryParameterSubSchema` (3) / `PathParameterSubSchema` (4) / `HeaderParameterSubSchema` (1). */
const NON_BODY: Record<string, { no: number; shift: number }> = {
  header: { no: 1, shift: 0 },
  formData: { no: 2, shift: 1 },
  query: { no: 3, shift: 1 },
  path: { no: 4, shift: 0 },
};

/** `ParametersItem { oneof: Parameter parameter = 1; JsonReference json_reference = 2 }`. */
const parameter = (w: ProtoWriter, p: Json): void => {
  if (typeof p['$ref'] === 'string') {
    w.message(2, (r) => r.string(1, s(p['$ref'])));
    return;
  }
  // Parameter { oneof: BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2 }
  w.message(1, (param) => {
    if (p['in'] === 'body') {
      param.message(1, (bp) => {
        bp.string(1, s(p['description']))
          .string(2, s(p['name']))
          .string(3, 'body')
          .varint(4, b(p['required']));
        if (isObj(p['schema'])) bp.message(5, (x) => schema(x, p['schema'] as Json));
        extensions(bp, 6, p);
      });
      return;
    }
    const kind = NON_BODY[s(p['in']) ?? 'query'] ?? { no: 3, shift: 1 };
    // query and formData have allow_empty_value (5) before type: their later fields shift by one.
    const at = (no: number) => no + kind.shift;
    param.message(2, (nb) =>
      nb.message(kind.no, (x) => {
        x.varint(1, b(p['required']))
          .string(2, s(p['in']))
          .string(3, s(p['description']))
          .string(4, s(p['name']))
          .string(at(5), s(p['type']))
          .string(at(6), s(p['format']))
          .varint(at(19), b(p['uniqueItems']));
        extensions(x, at(22), p);
      }),
    );
  });
};

/** `Operation`. */
const operation = (w: ProtoWriter, op: Json): void => {
  w.strings(1, strs(op['tags']))
    .string(2, s(op['summary']))
    .string(3, s(op['description']))
    .string(5, s(op['operationId']))
    .strings(6, strs(op['produces']))
    .strings(7, strs(op['consumes']));
  for (const p of Array.isArray(op['parameters']) ? op['parameters'] : [])
    if (isObj(p)) w.message(8, (x) => parameter(x, p));
  const responses = op['responses'];
  // Responses { repeated NamedResponseValue response_code = 1 }
  if (isObj(responses))
    w.message(9, (rs) => {
      for (const [code, r] of Object.entries(responses)) {
        if (!isObj(r)) continue;
        // ResponseValue { Response response = 1 }; Response { description = 1; SchemaItem schema = 2 }
        rs.message(1, (nr) =>
          nr.string(1, code).message(2, (rv) =>
            rv.message(1, (resp) => {
              resp.string(1, s(r['description']));
              if (isObj(r['schema']))
                resp.message(2, (si) => si.message(1, (x) => schema(x, r['schema'] as Json)));
            }),
          ),
        );
      }
    });
  w.strings(10, strs(op['schemes'])).varint(11, b(op['deprecated']));
  extensions(w, 13, op);
};

const PATH_ITEM_METHODS: Record<string, number> = {
  get: 2,
  put: 3,
  post: 4,
  delete: 5,
  options: 6,
  head: 7,
  patch: 8,
};

/** `PathItem`. */
const pathItem = (w: ProtoWriter, item: Json): void => {
  w.string(1, s(item['$ref']));
  for (const [method, no] of Object.entries(PATH_ITEM_METHODS)) {
    const op = item[method];
    if (isObj(op)) w.message(no, (x) => operation(x, op));
  }
  for (const p of Array.isArray(item['parameters']) ? item['parameters'] : [])
    if (isObj(p)) w.message(9, (x) => parameter(x, p));
  extensions(w, 10, item);
};

/** Encodes a Swagger 2.0 document as gnostic `openapi.v2.Document`. */
export const encodeOpenApiV2 = (doc: OpenApiSchema): Uint8Array => {
  const w = new ProtoWriter();
  w.string(1, s(doc['swagger']));
  const info = doc['info'];
  if (isObj(info))
    w.message(2, (i) =>
      i.string(1, s(info['title'])).string(2, s(info['version'])).string(3, s(info['description'])),
    );
  w.string(3, s(doc['host'])).string(4, s(doc['basePath']));
  w.strings(5, strs(doc['schemes'])).strings(6, strs(doc['consumes'])).strings(7, strs(doc['produces']));
  // Paths { repeated NamedPathItem path = 2 }
  const paths = doc['paths'];
  if (isObj(paths))
    w.message(8, (ps) => {
      for (const [p, item] of Object.entries(paths))
        if (isObj(item)) ps.message(2, (np) => np.string(1, p).message(2, (x) => pathItem(x, item)));
    });
  // Definitions { repeated NamedSchema additional_properties = 1 }
  const definitions = doc['definitions'];
  if (isObj(definitions))
    w.message(9, (ds) => {
      for (const [name, d] of Object.entries(definitions))
        if (isObj(d)) ds.message(1, (ns) => ns.string(1, name).message(2, (x) => schema(x, d)));
    });
  // repeated SecurityRequirement { repeated NamedStringArray additional_properties = 1 }
  for (const req of Array.isArray(doc['security']) ? doc['security'] : [])
    if (isObj(req))
      w.message(12, (sr) => {
        for (const [name, scopes] of Object.entries(req))
          sr.message(1, (ns) => ns.string(1, name).message(2, (sa) => sa.strings(1, strs(scopes))));
      });
  // SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1 }
  const secDefs = doc['securityDefinitions'];
  if (isObj(secDefs))
    w.message(13, (sd) => {
      for (const [name, def] of Object.entries(secDefs)) {
        if (!isObj(def) || def['type'] !== 'apiKey') continue;
        // SecurityDefinitionsItem { ApiKeySecurity api_key_security = 2 }
        sd.message(1, (nd) =>
          nd
            .string(1, name)
            .message(2, (item) =>
              item.message(2, (k) =>
                k
                  .string(1, 'apiKey')
                  .string(2, s(def['name']))
                  .string(3, s(def['in']))
                  .string(4, s(def['description'])),
              ),
            ),
        );
      }
    });
  extensions(w, 16, doc);
  return w.finish();
};

interface Encoded {
  body: Buffer;
  etag: string;
}
let cached: Encoded | undefined;

/** The served protobuf document (encoded once) and its ETag. */
export const openApiV2Protobuf = (): Encoded => {
  if (!cached) {
    const body = Buffer.from(encodeOpenApiV2(openApiV2Document()));
    cached = {
      body,
      etag: `"${createHash('sha512').update(body).digest('hex').slice(0, 32).toUpperCase()}"`,
    };
  }
  return cached;
};

/** Whether an `Accept` header asks for the protobuf document. */
export const acceptsOpenApiV2Protobuf = (accept: string | undefined): boolean =>
  (accept ?? '')
    .split(',')
    .map((t) => t.split(';')[0]!.trim())
    .some((t) => OPENAPI_V2_PROTOBUF_ACCEPT.includes(t));
