import { readKinds } from '../../kinds/index.js';
import { KINDS, SYSTEM_NAMESPACE, type KubeObject } from '../../model/index.js';
import { collectionPath, connect, expectOk } from './session.js';

/** The server's objects of the namespaces the files use (plus system VariableSets and every Project). */
export const serverObjects = async (
  opts: { kubeconfig?: string },
  namespaces: string[],
): Promise<KubeObject[]> => {
  const { client } = await connect(opts);
  const out: KubeObject[] = [];
  const read = async (kind: string, ns?: string) => {
    const info = KINDS.find((k) => k.kind === kind)!;
    const r = expectOk(
      await client.request('GET', collectionPath(info, ns)),
      `read ${info.plural} from the server`,
    );
    out.push(
      ...(r.json as { items: KubeObject[] }).items.map((o) => ({ ...o, apiVersion: info.apiVersion, kind })),
    );
  };
  for (const ns of namespaces)
    for (const kind of readKinds().filter((k) => k !== 'Project')) await read(kind, ns);
  if (!namespaces.includes(SYSTEM_NAMESPACE)) await read('VariableSet', SYSTEM_NAMESPACE);
  await read('Project');
  return out;
};
