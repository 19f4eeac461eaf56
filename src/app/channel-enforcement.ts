import { ChannelPolicy } from '../channels/channel-policy.js';
import type { Clock } from '../clock.js';
import type { Admission } from '../conversation/dispatcher.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { EventLedger } from '../ports/event-ledger.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import type { RateLimiter } from '../ports/rate-limiter.js';

/** What the core needs to apply each channel's settings in the message path. */
export interface ChannelEnforcementDeps {
  readonly settings: ChannelSettingsReader;
  readonly groups: GroupDirectory;
  readonly rateLimiter: RateLimiter;
  /** The per-person limit of channels whose settings set none (USER_MESSAGES_PER_MINUTE). */
  readonly defaultUserMessagesPerMinute?: number;
}

/**
 * The channel's enabled switch, access list and rate limit, checked by the dispatcher before a
 * handler runs. Without enforcement deps every message is admitted: every channel behaves as the
 * defaults say. (Retention, knowledge source and model are applied by the conversation service,
 * which reads the same settings.)
 */
export function channelAdmission(
  enforcement: ChannelEnforcementDeps | undefined,
  deps: { readonly ledger: EventLedger; readonly clock: Clock },
): Admission | undefined {
  if (enforcement === undefined) {
    return undefined;
  }
  const policy = new ChannelPolicy({ ...enforcement, notices: deps.ledger, clock: deps.clock });
  return (message, intent, logger, reads) => policy.admit(message, intent.kind, logger, reads);
}
