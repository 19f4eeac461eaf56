import { ChannelPolicy, guardHandlers } from '../channels/channel-policy.js';
import type { Clock } from '../clock.js';
import type { HandlerTable } from '../conversation/dispatcher.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
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
 * Wraps the handler table so each channel's enabled switch, access list and rate limit apply
 * before a handler runs. Without enforcement deps the handlers pass through unchanged: every
 * channel behaves as the defaults say. (Retention, knowledge source and model are applied by
 * the conversation service, which reads the same settings.)
 */
export function guardChannels(
  enforcement: ChannelEnforcementDeps | undefined,
  deps: { readonly ledger: EventLedger; readonly clock: Clock },
): (handlers: HandlerTable) => HandlerTable {
  if (enforcement === undefined) {
    return (handlers) => handlers;
  }
  const policy = new ChannelPolicy({ ...enforcement, notices: deps.ledger, clock: deps.clock });
  return (handlers) => guardHandlers(handlers, policy);
}
