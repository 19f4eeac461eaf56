import type { AdminAuthority } from '../src/admin/admin-authority.js';
import { channelKeyOf, channelKeyString, type ChannelKey } from '../src/channels/channel-key.js';
import type { Clock } from '../src/clock.js';
import type { GapOccurrence, ShowKnowledgeGaps } from '../src/gaps/gap-report.js';
import { groupGaps } from '../src/gaps/group-gaps.js';
import { gapReasonsOf } from '../src/gaps/knowledge-gap.js';
import type { Logger } from '../src/logger.js';
import type { AuditLog } from '../src/ports/audit-log.js';
import type { ChannelSettingsReader } from '../src/ports/channel-settings-reader.js';
import type { GapListing, KnowledgeGapIndex, RecordedGap } from '../src/ports/knowledge-gap-index.js';
import { refuseNonAdmin } from './admin/admin-deps.js';

export interface ShowKnowledgeGapsDeps {
  readonly gaps: KnowledgeGapIndex;
  /** Each channel's retention: a gap older than it is never shown, even while still stored. */
  readonly channelSettings: ChannelSettingsReader;
  /** HISTORY_RETENTION_DAYS: the retention of channels that set none. */
  readonly defaultRetentionDays: number;
  readonly authority: AdminAuthority;
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly clock: Clock;
  /** At most this many gaps are read for one report (the newest); more marks it truncated. */
  readonly maxGaps?: number;
}

/** A report covers the last 30 days unless asked otherwise. */
export const DEFAULT_GAP_PERIOD_DAYS = 30;
const DEFAULT_MAX_GAPS = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What Steward could not answer and what people disliked, grouped by question, newest first.
 * Channel reports are for admins only (a refusal is audited); questions asked in private
 * conversations are never part of them and are shown only to the person who asked.
 */
export function createShowKnowledgeGaps(deps: ShowKnowledgeGapsDeps): ShowKnowledgeGaps {
  const maxGaps = deps.maxGaps ?? DEFAULT_MAX_GAPS;

  return async function showKnowledgeGaps(request) {
    const now = deps.clock.now();
    const until = request.until ?? now;
    const since = request.since ?? new Date(until.getTime() - DEFAULT_GAP_PERIOD_DAYS * DAY_MS);
    if (since.getTime() >= until.getTime()) {
      const message = 'The start of the period must come before its end.';
      return {
        ok: false,
        refusal: { code: 'INVALID', message, fields: [{ path: 'since', setting: 'since', message }] },
      };
    }
    let listing: GapListing;
    if (request.audience === 'channels') {
      const channel = request.scope.kind === 'channel' ? request.scope.channel : undefined;
      const refusal = await refuseNonAdmin(deps, request.actor, 'gaps.read', channel);
      if (refusal) {
        return { ok: false, refusal };
      }
      listing = await deps.gaps.channelGaps({ scope: request.scope, since, until, limit: maxGaps });
    } else {
      listing = await deps.gaps.personalGaps({ ...request.person, since, until, limit: maxGaps });
    }
    const kept = await withinRetention(listing.gaps, now);
    const groups = groupGaps(kept.map(occurrenceOf));
    return {
      ok: true,
      value: {
        audience: request.audience,
        since,
        until,
        groups,
        total: kept.length,
        truncated: listing.truncated,
      },
    };
  };

  /** Drops gaps older than their channel's retention now: lowering it hides older questions at once. */
  async function withinRetention(gaps: readonly RecordedGap[], now: Date): Promise<readonly RecordedGap[]> {
    const oldestByChannel = new Map<string, Promise<number>>();
    const oldestFor = (channel: ChannelKey): Promise<number> => {
      const key = channelKeyString(channel);
      let oldest = oldestByChannel.get(key);
      if (oldest === undefined) {
        oldest = deps.channelSettings
          .settingsFor(channel)
          .then((settings) => now.getTime() - (settings.retentionDays ?? deps.defaultRetentionDays) * DAY_MS);
        oldestByChannel.set(key, oldest);
      }
      return oldest;
    };
    const verdicts = await Promise.all(
      gaps.map(async (gap) => gap.turn.at.getTime() > (await oldestFor(channelKeyOf(gap.ref)))),
    );
    return gaps.filter((_, index) => verdicts[index] === true);
  }
}

function occurrenceOf(gap: RecordedGap): GapOccurrence {
  const reasons = gapReasonsOf(gap.turn);
  return {
    channel: channelKeyOf(gap.ref),
    threadId: gap.ref.threadId,
    turnId: gap.turn.id,
    question: gap.turn.question,
    at: gap.turn.at,
    reasons,
    ...(reasons.includes('disliked') ? { answer: gap.turn.answer } : {}),
    citations: gap.turn.citations,
  };
}
