import { Command } from 'commander';
import { isDeepStrictEqual } from 'node:util';
import { loadFiles } from '../../loader/index.js';
import { findKind } from '../../model/index.js';
import { EXIT, InvalidInputError } from '../errors.js';
import type { Io } from '../io.js';
import { collect } from '../options.js';
import { collectionPath, connect } from './session.js';

/** Whether applying `next` would change `current`: content fields, labels and annotations. */
const sameContent = (next: Record<string, unknown>, current: Record<string, unknown>): boolean => {
  const meta = (o: Record<string, unknown>) =>
    o.metadata as { labels?: unknown; annotations?: unknown } | undefined;
  const content = (o: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(o).filter(([k]) => !['apiVersion', 'kind', 'metadata', 'status'].includes(k)),
    );
  return (
    isDeepStrictEqual(content(next), content(current)) &&
    isDeepStrictEqual(meta(next)?.labels ?? {}, meta(current)?.labels ?? {}) &&
    isDeepStrictEqual(meta(next)?.annotations ?? {}, meta(current)?.annotations ?? {})
  );
};

/** What changed when an object was applied. */
type Outcome = 'created' | 'configured' | 'unchanged';

export const applyCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('apply')
    .description('Create or update every object of files and folders on the server (like kubectl apply).')
    .requiredOption('-f, --filename <path>', 'file or folder (recursive); repeatable', collect)
    .option(
      '-n, --namespace <ns>',
      "namespace for objects that name none (default: the kubeconfig context's)",
    )
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG or ./.paletteai/kubeconfig)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ paletteai apply -f examples/valid\n  $ paletteai apply -f bundle.yaml -n project-melbourne\n\nReferences may arrive in any order: objects wait as Pending until what they name exists.',
    )
    .action(async (opts: { filename: string[]; namespace?: string; kubeconfig?: string }) => {
      const load = await loadFiles(opts.filename);
      if (load.issues.length) {
        throw new InvalidInputError(
          load.issues.map((i) => `${i.file}:${i.line ?? 1}: ${i.code} ${i.message}`).join('\n'),
        );
      }
      const { client, namespace } = await connect(opts);
      let failed = 0;
      // Namespaces first (as Helm installs them): what goes into a namespace needs it to exist.
      const isNamespace = (d: (typeof load.documents)[number]) =>
        (d.object as { kind?: unknown }).kind === 'Namespace' ? 0 : 1;
      const documents = [...load.documents].sort((a, b) => isNamespace(a) - isNamespace(b));
      for (const d of documents) {
        const o = d.object as { kind?: string; metadata?: { name?: string; namespace?: string } };
        const info = typeof o.kind === 'string' ? findKind(o.kind) : undefined;
        const where = `${d.file}:${d.line}`;
        if (!info || !o.metadata?.name) {
          io.err.write(
            `${where}: not an object this server serves (kind ${JSON.stringify(o.kind)}); run \`paletteai validate\` on it\n`,
          );
          failed++;
          continue;
        }
        const ns = info.namespaced ? (o.metadata.namespace ?? namespace) : undefined;
        const body = info.namespaced ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o;
        const base = collectionPath(info, ns);
        let outcome: Outcome | undefined;
        let r = await client.request('POST', base, body);
        if (r.status === 201) outcome = 'created';
        else if (r.status === 409 && (r.json as { reason?: string })?.reason === 'AlreadyExists') {
          const current = await client.request('GET', `${base}/${encodeURIComponent(o.metadata.name)}`);
          const cur = (current.json ?? {}) as Record<string, unknown> & {
            metadata?: { resourceVersion?: string; labels?: unknown; annotations?: unknown };
          };
          const same = sameContent(body as Record<string, unknown>, cur);
          if (same) outcome = 'unchanged';
          else {
            const next = {
              ...body,
              metadata: {
                ...(body as { metadata: object }).metadata,
                resourceVersion: cur.metadata?.resourceVersion,
              },
            };
            r = await client.request('PUT', `${base}/${encodeURIComponent(o.metadata.name)}`, next);
            if (r.status === 200) outcome = 'configured';
          }
        }
        const label = `${info.singular}.${info.group || 'core'}/${o.metadata.name}`;
        if (outcome) {
          const phase = (r.json as { status?: { phase?: string } })?.status?.phase;
          io.out.write(`${label} ${outcome}${phase && phase !== 'Ready' ? ` (${phase})` : ''}\n`);
        } else {
          failed++;
          const s = r.json as { message?: string } | undefined;
          io.err.write(`${where}: ${label}: ${s?.message ?? r.text}\n`);
        }
      }
      setExit(failed ? EXIT.invalid : EXIT.ok);
    });
