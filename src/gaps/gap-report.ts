import type { AdminOutcome } from '../admin/admin-use-cases.js';
import type { ChannelKey } from '../channels/channel-key.js';
import type { Citation, Platform } from '../conversation/types.js';
import type { AuditActor } from '../ports/audit-log.js';
import type { ChannelScope } from '../ports/knowledge-gap-index.js';
import type { GapReason } from './knowledge-gap.js';

/** One time a question was refused or its answer rated 👎. */
export interface GapOccurrence {
  readonly channel: ChannelKey;
  readonly threadId: string;
  readonly turnId: string;
  /** As the person wrote it. */
  readonly question: string;
  readonly at: Date;
  readonly reasons: readonly GapReason[];
  /** The answer given, for a 👎 (a refusal's wording is always the same). */
  readonly answer?: string;
  /** The sources the answer cited (for a refusal, the passages offered as "may be related"). */
  readonly citations: readonly Citation[];
}

/** A cited source, counted over the 👎 answers of a group. */
export interface CitedSource {
  readonly source: string;
  readonly title: string;
  readonly url?: string;
  readonly count: number;
}

/** Occurrences that ask the same thing, worded alike. */
export interface GapGroup {
  /** The newest wording. */
  readonly question: string;
  readonly count: number;
  readonly refused: number;
  readonly disliked: number;
  readonly lastAskedAt: Date;
  readonly firstAskedAt: Date;
  /** Where it was asked, most recent first, each once. */
  readonly channels: readonly ChannelKey[];
  /** What the 👎 answers cited, most often first: where the knowledge base misled. */
  readonly dislikedSources: readonly CitedSource[];
  /** Newest first. */
  readonly occurrences: readonly GapOccurrence[];
}

/**
 * How a group went wrong, as every rendering of the report words it ("refused 2×", "👎 1×"), each
 * part present only when it happened; the renderings join them their own way.
 */
export function gapCounts(group: Pick<GapGroup, 'refused' | 'disliked'>): string[] {
  return [
    group.refused > 0 ? `refused ${group.refused}×` : undefined,
    group.disliked > 0 ? `👎 ${group.disliked}×` : undefined,
  ].filter((part) => part !== undefined);
}

/** What Steward could not answer, and what people disliked, over a period. */
export interface KnowledgeGapReport {
  /** `channels`: an admin's view of channels; `personal`: the asker's own private conversations. */
  readonly audience: 'channels' | 'personal';
  readonly since: Date;
  readonly until: Date;
  /** Newest first (by the group's latest occurrence). */
  readonly groups: readonly GapGroup[];
  /** Occurrences over all groups. */
  readonly total: number;
  /** True when more gaps matched than a report reads: narrow the period or the channel. */
  readonly truncated: boolean;
}

/** What someone asks to see: an admin a set of channels, anyone their own private conversations. */
export type KnowledgeGapRequest =
  | {
      readonly audience: 'channels';
      readonly actor: AuditActor;
      readonly scope: ChannelScope;
      readonly since?: Date;
      readonly until?: Date;
    }
  | {
      readonly audience: 'personal';
      readonly person: { readonly platform: Platform; readonly tenantId: string; readonly userId: string };
      readonly since?: Date;
      readonly until?: Date;
    };

export type ShowKnowledgeGaps = (request: KnowledgeGapRequest) => Promise<AdminOutcome<KnowledgeGapReport>>;
