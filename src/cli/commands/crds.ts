import { Command } from 'commander';
import { stringify } from 'yaml';
import { EXIT } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { outputOption } from '../options.js';

interface CrdsOptions {
  output: 'yaml' | 'json';
  withFlux?: boolean;
}

/**
 * `paletteai crds`: the CustomResourceDefinitions of the product's kinds (SPEC §7), offline. YAML
 * documents separated by `---` (for `kubectl apply -f -`), or with `-o json` one `v1` List.
 */
export const crdsCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('crds')
    .description(
      'Print a CustomResourceDefinition for every spectrocloud.com kind, to keep the resources in your own Kubernetes cluster.',
    )
    .addOption(outputOption(['yaml', 'json']))
    .option(
      '--with-flux',
      "also Flux's HelmRepository and OCIRepository (only for a cluster without Flux: Flux installs its own, with more versions)",
    )
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai crds | kubectl apply -f -
  $ paletteai crds -o json | jq '.items[].metadata.name'
  $ paletteai crds --with-flux > crds.yaml`,
    )
    .action(async (opts: CrdsOptions) => {
      // Loaded on demand: other commands do not pay for the OpenAPI modules.
      const { customResourceDefinitions } = await import('../../server/crds/customResourceDefinitions.js');
      const crds = customResourceDefinitions({ flux: opts.withFlux === true });
      if (opts.output === 'json')
        printJson(io, { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: crds });
      else io.out.write(crds.map((c) => `---\n${stringify(c, { lineWidth: 0 })}`).join(''));
      setExit(EXIT.ok);
    });
