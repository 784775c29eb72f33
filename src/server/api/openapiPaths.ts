import { META, ref, type OpenApiSchema } from './openapiMeta.js';
import { gvkOf, schemaName, type DocumentedResource } from './openapiSchema.js';

/**
 * The `paths` of a group-version OpenAPI v3 document, laid out as kube-apiserver lays them out for a
 * CRD: the collection (list, create, deletecollection), the item (get, put, patch, delete), the
 * `/status` item, and for namespaced kinds the all-namespaces list. Every operation carries
 * `x-kubernetes-action` and `x-kubernetes-group-version-kind` (an object): `kubectl explain` finds a
 * resource's kind through them, and kubectl's field-validation check looks for a PATCH operation of
 * the kind that lists a `fieldValidation` query parameter (then it validates nothing itself and
 * sends `fieldValidation=Strict`, so the server's validation is the one that counts).
 */

type Param = OpenApiSchema;
const query = (name: string, description: string, type = 'string'): Param => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});
const pathParam = (name: string, description: string): Param => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const P = {
  pretty: query('pretty', "If 'true', the output is pretty printed."),
  dryRun: query('dryRun', 'When present (`All`), the request is checked but nothing is persisted.'),
  fieldManager: query('fieldManager', 'Name of the actor making the change (kubectl sets it).'),
  fieldValidation: query(
    'fieldValidation',
    'What to do with unknown or duplicate fields in the body: Ignore, Warn or Strict (rejects the request).',
  ),
  force: query('force', 'Apply requests: take over fields owned by other managers.', 'boolean'),
  resourceVersion: query('resourceVersion', 'Which version of the object or list to read.'),
  resourceVersionMatch: query('resourceVersionMatch', 'How resourceVersion is matched in a list.'),
  allowWatchBookmarks: query('allowWatchBookmarks', 'Watch: whether BOOKMARK events may be sent.', 'boolean'),
  continue: query('continue', 'Token of the next page of a limited list.'),
  fieldSelector: query('fieldSelector', 'Selects objects by fields (metadata.name, metadata.namespace).'),
  labelSelector: query('labelSelector', 'Selects objects by labels.'),
  limit: query('limit', 'Maximum number of items of one page.', 'integer'),
  sendInitialEvents: query(
    'sendInitialEvents',
    'Watch: start with the current objects as ADDED events.',
    'boolean',
  ),
  timeoutSeconds: query('timeoutSeconds', 'Ends the list or watch after this many seconds.', 'integer'),
  watch: query('watch', 'Watch for changes instead of listing.', 'boolean'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'Seconds before the object is deleted.', 'integer'),
  orphanDependents: query('orphanDependents', 'Deprecated: use propagationPolicy.', 'boolean'),
  propagationPolicy: query('propagationPolicy', 'Orphan, Background or Foreground.'),
};

const LIST_PARAMS = [
  P.allowWatchBookmarks,
  P.continue,
  P.fieldSelector,
  P.labelSelector,
  P.limit,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.sendInitialEvents,
  P.timeoutSeconds,
  P.watch,
];
const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];
const DELETE_PARAMS = [P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy];

const content = (name: string, types = ['application/json', 'application/yaml']) =>
  Object.fromEntries(types.map((t) => [t, { schema: { $ref: ref(name) } }]));
const ok = (name: string, more: Record<string, string> = {}) => ({
  '200': { description: 'OK', content: content(name) },
  ...Object.fromEntries(
    Object.entries(more).map(([code, d]) => [code, { description: d, content: content(name) }]),
  ),
  '401': { description: 'Unauthorized' },
});

const camel = (group: string): string =>
  group === ''
    ? 'Core'
    : group
        .split('.')
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('');
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** `operations` when the resource is served with them, else nothing. */
const only = (served: boolean, operations: OpenApiSchema): OpenApiSchema => (served ? operations : {});

/**
 * The `paths` entries of one resource, keyed by path (leading `/`, as kube-apiserver writes them),
 * with an operation for each verb it is served with.
 */
export const kindPaths = (k: DocumentedResource): Record<string, OpenApiSchema> => {
  const served = new Set(k.verbs);
  const gvk = gvkOf(k, k.kind);
  const tag = `${k.group === '' ? 'core' : camel(k.group).replace(/^./, (c) => c.toLowerCase())}_${k.version}`;
  const idPart = `${camel(k.group)}${cap(k.version)}${k.namespaced ? 'Namespaced' : ''}${k.kind}`;
  const base = k.group === '' ? `/api/${k.version}` : `/apis/${k.group}/${k.version}`;
  const collection = k.namespaced ? `${base}/namespaces/{namespace}/${k.plural}` : `${base}/${k.plural}`;
  const item = `${collection}/{name}`;
  const self = schemaName(k, k.kind);
  const list = schemaName(k, `${k.kind}List`);
  const status = `${META}.Status`;

  const op = (verb: string, action: string, description: string, sub = '', extra: OpenApiSchema = {}) => ({
    tags: [tag],
    description,
    operationId: `${verb}${idPart}${cap(sub)}`,
    ...extra,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const body = (name: string, types = ['*/*']) => ({
    requestBody: { content: content(name, types), required: true },
  });
  const patchBody = {
    requestBody: {
      content: content(`${META}.Patch`, [
        'application/apply-patch+yaml',
        'application/json-patch+json',
        'application/merge-patch+json',
        ...(k.group === '' ? ['application/strategic-merge-patch+json'] : []),
      ]),
      required: true,
    },
  };
  const nsParam = k.namespaced
    ? [pathParam('namespace', 'Object name and auth scope, such as for teams and projects.')]
    : [];
  const nameParam = pathParam('name', `Name of the ${k.kind}.`);

  // A `/status` item is served with get, update and patch whatever the main resource's verbs.
  const has = (verb: string, sub: string) => sub !== '' || served.has(verb);
  const itemOps = (sub: string) => ({
    ...only(has('get', sub), {
      get: op('read', 'get', `read ${sub ? `${sub} of ` : ''}the specified ${k.kind}`, sub, {
        parameters: sub ? [] : [P.resourceVersion],
        responses: ok(self),
      }),
    }),
    ...only(has('update', sub), {
      put: op('replace', 'put', `replace ${sub ? `${sub} of ` : ''}the specified ${k.kind}`, sub, {
        parameters: WRITE_PARAMS,
        ...body(self),
        responses: ok(self, { '201': 'Created' }),
      }),
    }),
    ...only(!sub && served.has('delete'), {
      delete: op('delete', 'delete', `delete a ${k.kind}`, sub, {
        parameters: DELETE_PARAMS,
        requestBody: { content: content(`${META}.DeleteOptions`, ['*/*']) },
        responses: { ...ok(status, { '202': 'Accepted' }) },
      }),
    }),
    ...only(has('patch', sub), {
      patch: op('patch', 'patch', `partially update ${sub ? `${sub} of ` : ''}the specified ${k.kind}`, sub, {
        parameters: [...WRITE_PARAMS, P.force],
        ...patchBody,
        responses: ok(self, { '201': 'Created' }),
      }),
    }),
    parameters: [nameParam, ...nsParam, P.pretty],
  });

  const paths: Record<string, OpenApiSchema> = {};
  if (k.namespaced && served.has('list'))
    paths[`${base}/${k.plural}`] = {
      get: op('list', 'list', `list objects of kind ${k.kind}`, '', {
        operationId: `list${camel(k.group)}${cap(k.version)}${k.kind}ForAllNamespaces`,
        parameters: LIST_PARAMS,
        responses: ok(list),
      }),
      parameters: [P.pretty],
    };
  paths[collection] = {
    ...only(served.has('list'), {
      get: op('list', 'list', `list objects of kind ${k.kind}`, '', {
        parameters: LIST_PARAMS,
        responses: ok(list),
      }),
    }),
    ...only(served.has('create'), {
      post: op('create', 'post', `create a ${k.kind}`, '', {
        parameters: WRITE_PARAMS,
        ...body(self),
        responses: ok(self, { '201': 'Created', '202': 'Accepted' }),
      }),
    }),
    ...only(served.has('deletecollection'), {
      delete: op('deletecollection', 'deletecollection', `delete collection of ${k.kind}`, '', {
        parameters: [...DELETE_PARAMS, ...LIST_PARAMS],
        requestBody: { content: content(`${META}.DeleteOptions`, ['*/*']) },
        responses: ok(status),
      }),
    }),
    parameters: [...nsParam, P.pretty],
  };
  if (['get', 'update', 'patch', 'delete'].some((v) => served.has(v))) paths[item] = itemOps('');
  if (k.statusSubresource) paths[`${item}/status`] = itemOps('status');
  return paths;
};
