/**
 * CustomResourceDefinitions (apiextensions.k8s.io/v1) for the product's kinds, so the same
 * resources can live in a real Kubernetes cluster (SPEC §7): names, scope, short names and
 * categories as this server's discovery serves them, the structural schema from the same schemas
 * the server validates with, the `status` subresource, and the printer columns of the kind modules.
 */
import { columnsFor, KIND_MODULES } from '../../kinds/index.js';
import type { KindInfo } from '../../model/index.js';
import { categoriesFor, hasStatus, PALETTE_GROUP } from '../api/discovery.js';
import type { OpenApiSchema } from '../api/openapiMeta.js';
import { crdSchema } from './structural.js';

/** The Flux group whose source kinds the product reads (HelmRepository, OCIRepository). */
export const FLUX_SOURCE_GROUP = 'source.toolkit.fluxcd.io';

/** Which kinds get a CustomResourceDefinition. */
export interface CrdOptions {
  /**
   * Also Flux's HelmRepository and OCIRepository. Off by default: a cluster running Flux has its
   * own definitions of them (with more versions); applying these over them would drop those
   * versions. Only for a cluster without Flux. @default false
   */
  flux?: boolean;
}

/** One `additionalPrinterColumns` entry. */
interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description: string;
  jsonPath: string;
  priority?: number;
}

/**
 * The kinds that become CRDs, in the registry's dependency order: every kind of the
 * `spectrocloud.com` group (with `flux`, also the Flux source kinds). Core Namespace, Secret and
 * Event are the cluster's own; the review and token groups are API calls, not stored kinds.
 */
export const crdKinds = (options: CrdOptions = {}): KindInfo[] =>
  KIND_MODULES.map((m) => m.info).filter(
    (k) => k.group === PALETTE_GROUP || (options.flux === true && k.group === FLUX_SOURCE_GROUP),
  );

/**
 * The printer columns of a kind: the kind module's columns that a JSONPath can show (a computed
 * cell has none and is left out), then AGE, as the server's tables end with it.
 */
export const printerColumns = (kind: string): PrinterColumn[] => [
  ...columnsFor(kind).flatMap((c) =>
    c.jsonPath === undefined
      ? []
      : [
          {
            name: c.name,
            type: c.type,
            ...(c.format ? { format: c.format } : {}),
            description: c.description,
            jsonPath: c.jsonPath,
            ...(c.priority ? { priority: c.priority } : {}),
          },
        ],
  ),
  {
    name: 'Age',
    type: 'date',
    description: 'Time since the object was created.',
    jsonPath: '.metadata.creationTimestamp',
  },
];

/** The CustomResourceDefinition of one kind: one version, served and stored. */
export const customResourceDefinition = (k: KindInfo): OpenApiSchema => {
  const categories = categoriesFor(k);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${k.plural}.${k.group}`,
      labels: { 'app.kubernetes.io/part-of': 'paletteai' },
    },
    spec: {
      group: k.group,
      names: {
        kind: k.kind,
        listKind: `${k.kind}List`,
        plural: k.plural,
        singular: k.singular,
        ...(k.shortNames.length ? { shortNames: [...k.shortNames] } : {}),
        ...(categories.length ? { categories } : {}),
      },
      scope: k.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: k.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: crdSchema(k) },
          ...(hasStatus(k) ? { subresources: { status: {} } } : {}),
          additionalPrinterColumns: printerColumns(k.kind),
        },
      ],
    },
  };
};

/** Every CRD of {@link crdKinds}. */
export const customResourceDefinitions = (options: CrdOptions = {}): OpenApiSchema[] =>
  crdKinds(options).map(customResourceDefinition);
