/**
 * The subset of Palette's public v1 REST API shapes this client reads and writes. Field names follow
 * Palette's published API models (`V1ClusterProfilesSummary`, `V1SpectroEdgeNativeClusterEntity`,
 * `V1SpectroCluster`, …, as listed in Spectro Cloud's generated API SDK docs); every field is optional
 * on read because Palette documents them so.
 */

/** `V1ObjectMeta` (subset). */
export interface PaletteObjectMeta {
  name?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** `V1ListMetaData`: an empty `continue` ends the result set. */
export interface PaletteListMeta {
  continue?: string;
  count?: number;
  limit?: number;
  offset?: number;
}

/** `V1PackRefSummary` (subset). `layer` is one of kernel, os, k8s, cni, csi, addon. */
export interface PalettePackRefSummary {
  name?: string;
  tag?: string;
  version?: string;
  layer?: string;
  type?: string;
  packUid?: string;
}

/** `V1ClusterProfileTemplateSummary`: `type` is one of cluster, infra, add-on, system. */
export interface PaletteProfileTemplateSummary {
  type?: string;
  cloudType?: string;
  packs?: PalettePackRefSummary[];
}

/** `V1ClusterProfileSummary`, one item of `POST /v1/dashboard/clusterprofiles`. */
export interface PaletteProfileSummary {
  metadata?: PaletteObjectMeta;
  specSummary?: {
    version?: string;
    published?: PaletteProfileTemplateSummary;
    draft?: PaletteProfileTemplateSummary;
  };
}

/** `V1ClusterProfilesSummary`, the answer of `POST /v1/dashboard/clusterprofiles`. */
export interface PaletteProfilesSummary {
  items?: PaletteProfileSummary[];
  listmeta?: PaletteListMeta;
}

/** `V1ClusterProfilesFilterSpec` (subset): `filter.profileType` holds V1ProfileType values. */
export interface PaletteProfilesFilter {
  filter?: { profileType?: string[]; environment?: string[] };
}

/** `V1PackRef` (subset), a pack of a full cluster profile. */
export interface PalettePackRef {
  name?: string;
  tag?: string;
  version?: string;
  layer?: string;
  registryUid?: string;
  values?: string;
}

/** `V1ClusterProfile` (subset), the answer of `GET /v1/clusterprofiles/{uid}`. */
export interface PaletteClusterProfile {
  metadata?: PaletteObjectMeta;
  spec?: {
    version?: string;
    published?: { type?: string; cloudType?: string; profileVersion?: string; packs?: PalettePackRef[] };
  };
}

/** `V1EdgeNativeMachinePoolConfigEntity`. */
export interface PaletteEdgeNativeMachinePool {
  cloudConfig: { edgeHosts: { hostUid: string }[] };
  poolConfig: {
    name: string;
    labels: string[];
    size: number;
    isControlPlane?: boolean;
    useControlPlaneAsWorker?: boolean;
  };
}

/** `V1SpectroEdgeNativeClusterEntity`, the body of `POST /v1/spectroclusters/edge-native`. */
export interface PaletteEdgeNativeClusterEntity {
  metadata: PaletteObjectMeta & { name: string };
  spec: {
    cloudConfig?: { controlPlaneEndpoint?: { host: string; type?: string } };
    machinepoolconfig: PaletteEdgeNativeMachinePool[];
    profiles: { uid: string }[];
  };
}

/** `V1ClusterCondition`. */
export interface PaletteClusterCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** `V1SpectroCluster` (subset), the answer of `GET /v1/spectroclusters/{uid}`. */
export interface PaletteSpectroCluster {
  metadata?: PaletteObjectMeta;
  status?: { state?: string; conditions?: PaletteClusterCondition[] };
}
