/**
 * `GET /apis/palette.spectrocloud.com/v1/namespaces/NS/clusterprofiles`: the published cluster
 * profiles of the Palette project the namespace's Settings name (`spec.palette`), as ClusterProfile
 * objects carrying their Palette uid — what the bundle wizard offers when a project builds on
 * Palette. Read through the palette provider's client with the Settings' API key; nothing is stored.
 */
import { secretValues, settingsFor } from '../../controllers/settings.js';
import { BadRequestError, NotFoundError, ServiceUnavailableError } from '../../model/index.js';
import { PaletteProvider, ProviderError, providerFor } from '../../providers/index.js';
import type { Access } from '../auth/authorize.js';
import { json, type Reply } from '../http/reply.js';
import type { RequestContext } from '../http/router.js';

/** How long the wizard waits for Palette before it offers the local profiles instead. */
const PALETTE_UI_TIMEOUT_MS = 5_000;

export const PALETTE_PROFILES_PATH =
  /^\/apis\/palette\.spectrocloud\.com\/v1\/namespaces\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/clusterprofiles$/;

/** Reading Palette's profiles for a namespace needs the right to list its cluster profiles. */
export const paletteProfilesAccess = (c: RequestContext): Access => ({
  verb: 'list',
  resource: 'clusterprofiles',
  group: 'spectrocloud.com',
  namespaced: true,
  namespace: c.params[0]!,
});

export const paletteProfiles = async (c: RequestContext): Promise<Reply> => {
  const ns = c.params[0]!;
  const settings = await settingsFor(c.ctx.store, ns);
  if (!settings?.spec.palette)
    throw new NotFoundError(
      `the Settings of namespace "${ns}" name no Palette project (spec.palette); the local ClusterProfiles are the ones to use`,
    );
  try {
    const provider = providerFor(
      { ...settings, spec: { ...settings.spec, infrastructureProvider: 'palette' } },
      secretValues(c.ctx.store, ns),
      // Someone is waiting in the wizard: a Palette out of reach is said within seconds.
      { requestTimeoutMs: PALETTE_UI_TIMEOUT_MS },
    );
    if (!(provider instanceof PaletteProvider))
      throw new BadRequestError('the Settings do not choose Palette');
    const items = await provider.listClusterProfiles();
    return json(200, {
      kind: 'ClusterProfileList',
      apiVersion: 'spectrocloud.com/v1alpha1',
      metadata: {},
      items,
    });
  } catch (e) {
    if (e instanceof ProviderError)
      throw new ServiceUnavailableError(
        `Palette (${settings.spec.palette.endpoint}) could not list the project's cluster profiles: ${e.message}`,
      );
    throw e;
  }
};
