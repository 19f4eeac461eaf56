import { ChannelPolicy, guardHandlers } from '../channels/channel-policy.js';
import { ChannelRetentionStore } from '../channels/channel-retention-store.js';
import type { Clock } from '../clock.js';
import type { HandlerTable } from '../conversation/dispatcher.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { EventLedger } from '../ports/event-ledger.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import type { RateLimiter } from '../ports/rate-limiter.js';

/** What the core needs to apply each channel's settings in the message path. */
export interface ChannelEnforcementDeps {
  readonly settings: ChannelSettingsReader;
  readonly groups: GroupDirectory;
  readonly rateLimiter: RateLimiter;
}

/**
 * Wraps the conversation store (per-channel retention) and the handler table (enabled, access,
 * rate limit). Without enforcement deps both pass through unchanged: every channel behaves as
 * the defaults say.
 */
export function channelEnforcement(
  enforcement: ChannelEnforcementDeps | undefined,
  deps: { readonly store: ConversationStore; readonly ledger: EventLedger; readonly clock: Clock },
) {
  if (enforcement === undefined) {
    return { store: deps.store, guard: (handlers: HandlerTable) => handlers };
  }
  const policy = new ChannelPolicy({ ...enforcement, notices: deps.ledger, clock: deps.clock });
  return {
    store: new ChannelRetentionStore(deps.store, enforcement.settings, deps.clock),
    guard: (handlers: HandlerTable) => guardHandlers(handlers, policy),
  };
}
