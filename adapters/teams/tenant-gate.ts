import type { InboundActivity } from './activity-schema.js';
import type { BotCredentialSettings } from './bot-authentication.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one Microsoft Entra tenant a single-tenant bot serves (SingleTenant, or a user-assigned
 * managed identity, which is single-tenant by nature), when it is named by its id: activities
 * name their tenant by id, so a tenant named by domain cannot be compared and no tenant is
 * enforced. MultiTenant bots serve every tenant that installs them: undefined.
 *
 * botbuilder does not check this itself: the Bot Framework's tokens prove that the Teams service
 * sent the activity, not which tenant it came from. Guests (Microsoft Entra B2B) are members of
 * the tenant's directory, so their activities carry the home tenant's id and pass.
 */
export function servedTenantOf(
  credentials: Pick<BotCredentialSettings, 'appType' | 'tenantId'>,
): string | undefined {
  if (credentials.appType === 'MultiTenant' || credentials.tenantId === undefined) {
    return undefined;
  }
  return GUID.test(credentials.tenantId) ? credentials.tenantId.toLowerCase() : undefined;
}

/** The other tenant an activity names, if it names one that is not `servedTenant`. */
export function foreignTenantOf(
  activity: Pick<InboundActivity, 'conversation' | 'channelData'>,
  servedTenant: string,
): string | undefined {
  const named = [activity.conversation.tenantId, activity.channelData?.tenant?.id].filter(
    (id): id is string => id !== undefined && id !== '',
  );
  return named.find((id) => id.toLowerCase() !== servedTenant);
}
