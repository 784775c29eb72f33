import { Command } from 'commander';
import { EXIT } from '../errors.js';
import type { Io } from '../io.js';
import { collectionPath, connect, expectOk, kindNamed } from './session.js';

export const deleteCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('delete')
    .description('Delete an object on the server; refused while others refer to it.')
    .argument('<type>', 'resource type: profilebundles, pb, …')
    .argument('<name>', 'object name')
    .option('-n, --namespace <ns>', "namespace (default: the kubeconfig context's)")
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG or ./.paletteai/kubeconfig)')
    .addHelpText('after', '\nExamples:\n  $ paletteai delete pb vllm-llama3 -n project-melbourne')
    .action(async (type: string, name: string, opts: { namespace?: string; kubeconfig?: string }) => {
      const info = kindNamed(type);
      const { client, namespace } = await connect(opts);
      expectOk(
        await client.request('DELETE', `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`),
        `delete ${info.plural} ${name}`,
      );
      io.out.write(`${info.singular}.${info.group || 'core'} "${name}" deleted\n`);
      setExit(EXIT.ok);
    });
