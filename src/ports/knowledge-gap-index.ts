import type { ChannelKey } from '../channels/channel-key.js';
import type { ConversationRef, Platform, Turn } from '../conversation/types.js';

/** A turn that is a knowledge gap (see gapReasonsOf), with the conversation it belongs to. */
export interface RecordedGap {
  readonly ref: ConversationRef;
  readonly turn: Turn;
}

/** Which channels a report covers: one, every channel of a workspace or tenant, or every channel. */
export type ChannelScope =
  | { readonly kind: 'channel'; readonly channel: ChannelKey }
  | { readonly kind: 'workspace'; readonly platform: Platform; readonly tenantId: string }
  | { readonly kind: 'all' };

interface GapWindow {
  /** Inclusive, on the time the question was asked. */
  readonly since: Date;
  /** Exclusive. */
  readonly until: Date;
  /** At most this many gaps, the newest; `truncated` says when more matched. */
  readonly limit: number;
}

export interface ChannelGapQuery extends GapWindow {
  readonly scope: ChannelScope;
}

export interface PersonalGapQuery extends GapWindow {
  readonly platform: Platform;
  readonly tenantId: string;
  /** The person who asked. */
  readonly userId: string;
}

export interface GapListing {
  /** Newest first. */
  readonly gaps: readonly RecordedGap[];
  readonly truncated: boolean;
}

/**
 * Refused and 👎 turns, kept apart from the conversation history so that folding old turns into a
 * summary does not lose them, and deleted with the conversation when it is forgotten. Gaps of
 * private conversations are kept under the person who asked and are never part of a channel
 * listing. Implementations must leave out expired gaps and turns that stopped being gaps (a 👎
 * changed to 👍).
 */
export interface KnowledgeGapIndex {
  /** Gaps asked in channels (never in private conversations), newest first. */
  channelGaps(query: ChannelGapQuery): Promise<GapListing>;
  /** One person's gaps in their private conversations, newest first. */
  personalGaps(query: PersonalGapQuery): Promise<GapListing>;
}
