import type { Logger } from '../../src/logger.js';
import type { InboundActivity } from './activity-schema.js';
import { referenceFromActivity } from './conversation-references.js';
import { teamsConversationOf } from './teams-conversation.js';
import type { RosterMember } from './teams-outbound.js';
import type { StoredReference } from './conversation-references.js';

/**
 * How the sender of an activity stands to the tenant the conversation belongs to: `member` (the
 * tenant's own people, guests included), `external` (another organisation's, or an anonymous
 * meeting participant), or `unknown` (the roster could not be asked or does not know them).
 */
export type SenderStanding = 'member' | 'external' | 'unknown';

/** The conversation roster, as the Bot Connector serves it. */
export interface Roster {
  member(
    reference: StoredReference,
    conversationId: string,
    userId: string,
  ): Promise<RosterMember | undefined>;
}

export interface SenderOrganisationDeps {
  readonly roster: Roster;
  /** Epoch milliseconds, for the cache. */
  readonly now: () => number;
  readonly logger: Logger;
  /** How long one answer of the roster is believed (default five minutes). */
  readonly cacheMs?: number;
  /** People remembered at most; the oldest answer goes first (default 5,000). */
  readonly cacheSize?: number;
  /**
   * How long a lookup may take before the sender counts as unknown (default 2.5 s): a click
   * waits for it, and Teams gives an invoke only a few seconds.
   */
  readonly lookupDeadlineMs?: number;
}

const DEFAULT_CACHE_MS = 5 * 60_000;
const DEFAULT_CACHE_SIZE = 5_000;
const DEFAULT_LOOKUP_DEADLINE_MS = 2_500;

/**
 * Tells people of other organisations apart in Teams. An activity names the conversation's
 * (host) tenant; the author's home tenant is in `from.tenantId` only sometimes. Where it is
 * missing, the conversation roster is asked: in a Teams Connect shared channel or a chat with
 * people of other tenants, it answers each member's home tenant and role. Answers are kept a
 * few minutes, so a conversation costs one lookup per person, not one per message.
 *
 * Personal chats are the person's own with the bot, in their own tenant, and are not looked up;
 * neither are activities of channels other than Teams (the Emulator, Web Chat), which have no
 * roster and name no tenant Steward could compare.
 */
export class SenderOrganisation {
  private readonly cache = new Map<string, { readonly standing: SenderStanding; readonly until: number }>();

  constructor(private readonly deps: SenderOrganisationDeps) {}

  async standingOf(activity: InboundActivity): Promise<SenderStanding> {
    const conversationTenant = normalised(activity.conversation.tenantId ?? activity.channelData?.tenant?.id);
    if (conversationTenant === undefined) {
      return 'member';
    }
    const home = normalised(activity.from.tenantId);
    if (home !== undefined) {
      return home === conversationTenant ? 'member' : 'external';
    }
    const conversation = teamsConversationOf(activity);
    if (conversation.scope === 'personal' || activity.channelId !== 'msteams') {
      return 'member';
    }
    const key = [activity.serviceUrl, conversation.baseConversationId, activity.from.id].join('\n');
    const now = this.deps.now();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > now) {
      return cached.standing;
    }
    let member: RosterMember | undefined;
    try {
      member = await withDeadline(
        this.deps.roster.member(
          referenceFromActivity(activity, conversation),
          conversation.baseConversationId,
          activity.from.id,
        ),
        this.deps.lookupDeadlineMs ?? DEFAULT_LOOKUP_DEADLINE_MS,
      );
    } catch (error) {
      // Not kept: the next message asks again, and nobody is let in on a failure.
      this.deps.logger.warn({ err: error }, 'teams roster unavailable; sender organisation unknown');
      return 'unknown';
    }
    const standing = standingIn(member, conversationTenant);
    if (standing === 'unknown') {
      this.deps.logger.warn(
        { reason: member === undefined ? 'not in the roster' : 'roster names no tenant' },
        'teams sender organisation unknown',
      );
    }
    this.remember(key, standing, now);
    return standing;
  }

  private remember(key: string, standing: SenderStanding, now: number): void {
    this.cache.delete(key);
    this.cache.set(key, { standing, until: now + (this.deps.cacheMs ?? DEFAULT_CACHE_MS) });
    const limit = this.deps.cacheSize ?? DEFAULT_CACHE_SIZE;
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= limit) {
        break;
      }
      this.cache.delete(oldest);
    }
  }
}

/**
 * Guests (Microsoft Entra B2B) are members of the tenant's directory and carry its id: members.
 * Anonymous meeting participants belong to no organisation: external.
 */
function standingIn(member: RosterMember | undefined, conversationTenant: string): SenderStanding {
  if (member === undefined) {
    return 'unknown';
  }
  if (member.userRole?.toLowerCase() === 'anonymous') {
    return 'external';
  }
  const home = normalised(member.tenantId);
  if (home === undefined) {
    return 'unknown';
  }
  return home === conversationTenant ? 'member' : 'external';
}

function normalised(id: string | undefined): string | undefined {
  const trimmed = id?.trim().toLowerCase();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

class RosterTimeout extends Error {
  override readonly name = 'RosterTimeout';
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RosterTimeout(`the roster did not answer within ${ms} ms`)), ms);
  });
  // A late answer or failure is dropped: the sender already counted as unknown.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
