import type { Clock } from '../clock.js';
import type { IntentKind } from '../conversation/intent.js';
import type { MessageReads } from '../conversation/message-reads.js';
import type { Reply } from '../conversation/reply.js';
import type { InboundMessage } from '../conversation/types.js';
import { DependencyError, UserFacingError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { EventLedger } from '../ports/event-ledger.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import { channelKeyOf, channelKeyString } from './channel-key.js';
import type { AccessPolicy } from './channel-settings.js';

export interface ChannelPolicyDeps {
  readonly settings: ChannelSettingsReader;
  readonly groups: GroupDirectory;
  readonly rateLimiter: RateLimiter;
  /** The per-person limit of channels whose settings set none; none at all when undefined. */
  readonly defaultUserMessagesPerMinute?: number;
  /** Remembers, across instances, who was already told that a channel is switched off. */
  readonly notices: EventLedger;
  readonly clock: Clock;
}

const MINUTE_MS = 60_000;
/** A person is told a channel is switched off at most once per this long. */
const DISABLED_NOTICE_INTERVAL_MS = 60 * MINUTE_MS;

export const DISABLED_NOTICE =
  'Steward is switched off in this channel by its admins, so I will not answer here. ' +
  'Ask a Steward admin if you think it should be on.';
export const ACCESS_DENIED_MESSAGE =
  'Steward is available only to certain people in this channel, and you are not one of them. ' +
  'Ask a Steward admin if you need access.';

/** The intents a channel's settings govern; anything else (admin commands) is never blocked here. */
const GOVERNED: ReadonlySet<IntentKind> = new Set<IntentKind>(['ask', 'help', 'forget', 'run']);

/**
 * Applies a channel's settings to each message before its handler runs:
 * - a disabled channel gets no answers. Someone who addresses the bot there (a mention, a DM, a
 *   command) is told so each time; for messages it only overheard, the first within an hour gets
 *   the notice and the rest silence, so a channel where the bot hears every message is not
 *   flooded. `forget` still works: people may always erase their history.
 * - with listed access, anyone not listed (directly or through a group) is refused privately;
 * - a per-person message rate is enforced across all instances: the channel's, or the
 *   service-wide default (USER_MESSAGES_PER_MINUTE) when the channel sets none.
 */
export class ChannelPolicy {
  constructor(private readonly deps: ChannelPolicyDeps) {}

  /** A reply that replaces the handler's, or undefined to let the message through. */
  async admit(
    message: InboundMessage,
    intent: IntentKind,
    logger: Logger,
    reads?: MessageReads,
  ): Promise<Reply | undefined> {
    if (!GOVERNED.has(intent)) {
      return undefined;
    }
    const channel = channelKeyOf(message.ref);
    const settings = await (reads?.settings() ?? this.deps.settings.settingsFor(channel));
    if (!settings.enabled && intent !== 'forget') {
      return this.disabledNotice(message);
    }
    if (!(await this.mayUse(settings.access, message))) {
      throw new UserFacingError('ACCESS_DENIED', ACCESS_DENIED_MESSAGE, { audience: 'author' });
    }
    const limit = settings.userMessagesPerMinute ?? this.deps.defaultUserMessagesPerMinute;
    if (limit !== undefined) {
      await this.enforceRate(
        `${channelKeyString(channel)}#${encodeURIComponent(message.author.id)}`,
        limit,
        message.eventId,
        logger,
      );
    }
    return undefined;
  }

  private async disabledNotice(message: InboundMessage): Promise<Reply> {
    const notice: Reply = { kind: 'notice', text: DISABLED_NOTICE, audience: 'author' };
    if (message.overheard !== true) {
      return notice;
    }
    const key = [
      'disabled-notice',
      channelKeyString(channelKeyOf(message.ref)),
      encodeURIComponent(message.author.id),
    ].join('#');
    const until = new Date(this.deps.clock.now().getTime() + DISABLED_NOTICE_INTERVAL_MS);
    const first = await this.deps.notices.claim(key, until);
    // Already told within the hour: send nothing, as for a repeated delivery.
    return first ? notice : { kind: 'duplicate' };
  }

  private async mayUse(access: AccessPolicy, message: InboundMessage): Promise<boolean> {
    if (access.mode === 'everyone' || isListed(access.users, message.author)) {
      return true;
    }
    for (const groupId of access.groups) {
      const member = await this.deps.groups.isMember({
        platform: message.ref.platform,
        tenantId: message.ref.tenantId,
        groupId,
        userId: message.author.id,
        ...(message.author.directoryId !== undefined ? { directoryId: message.author.directoryId } : {}),
      });
      if (member) {
        return true;
      }
    }
    return false;
  }

  private async enforceRate(key: string, limit: number, eventId: string, logger: Logger): Promise<void> {
    let decision;
    try {
      // Named by its delivery id: a queued question admitted again by its retried job counts once.
      decision = await this.deps.rateLimiter.consume(key, limit, MINUTE_MS, eventId);
    } catch (error) {
      // The limit guards cost, not secrets: with Redis down, answering beats refusing everyone.
      if (error instanceof DependencyError) {
        logger.warn({ err: error }, 'rate limiter unavailable; message allowed');
        return;
      }
      throw error;
    }
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new UserFacingError(
        'RATE_LIMITED',
        `You have sent ${limit} ${limit === 1 ? 'message' : 'messages'} in the last minute, the most this channel allows. ` +
          `Please wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again.`,
        { audience: 'author' },
      );
    }
  }
}

/** Listed by platform id, or by directory id (Entra object ids compare case-insensitively). */
function isListed(users: readonly string[], author: InboundMessage['author']): boolean {
  if (users.includes(author.id)) {
    return true;
  }
  const directoryId = author.directoryId?.toLowerCase();
  return directoryId !== undefined && users.some((user) => user.toLowerCase() === directoryId);
}
