/** Every page's address, in one place: links and tests build them here. */
const ns = (namespace: string) => `/ns/${encodeURIComponent(namespace)}`;
const name = (n: string) => encodeURIComponent(n);

export const to = {
  signIn: () => '/signin',
  bundles: (n: string) => `${ns(n)}/bundles`,
  bundle: (n: string, b: string) => `${ns(n)}/bundles/${name(b)}`,
  newBundle: (n: string, from?: { clone?: string; version?: string }) =>
    `${ns(n)}/bundles-new${from?.clone ? `?clone=${name(from.clone)}` : from?.version ? `?newVersion=${name(from.version)}` : ''}`,
  workloadProfiles: (n: string) => `${ns(n)}/workloadprofiles`,
  workloadProfile: (n: string, p: string) => `${ns(n)}/workloadprofiles/${name(p)}`,
  newWorkloadProfile: (n: string, clone?: string) =>
    `${ns(n)}/workloadprofiles-new${clone ? `?clone=${name(clone)}` : ''}`,
  studio: (n: string) => `${ns(n)}/studio`,
  studioEntry: (n: string, entry: string) => `${ns(n)}/studio/${name(entry)}`,
  pools: (n: string) => `${ns(n)}/pools`,
  pool: (n: string, p: string) => `${ns(n)}/pools/${name(p)}`,
  newPool: (n: string) => `${ns(n)}/pools-new`,
  deployments: (n: string, type: 'app' | 'model') => `${ns(n)}/${type}s`,
  deployment: (n: string, d: string) => `${ns(n)}/deployments/${name(d)}`,
  deploy: (n: string, type: 'app' | 'model') => `${ns(n)}/deploy-${type}`,
  settings: (n: string) => `${ns(n)}/settings`,
};
