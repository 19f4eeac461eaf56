import { z } from 'zod';
import { channelKeyString } from '../../src/channels/channel-key.js';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { ConversationRef, Turn } from '../../src/conversation/types.js';
import { StewardError } from '../../src/errors.js';
import type { RecordedGap } from '../../src/ports/knowledge-gap-index.js';
import {
  GAP_SK_PREFIX,
  GSI1,
  SORT_KEY,
  channelGapsGsiPk,
  conversationPk,
  gapSk,
  personalGapsGsiPk,
  turnSk,
} from './table-design.js';
import { fromTurnItem, toTurnItem } from './turn-item.js';

/*
 * A gap item is a copy of a refused or 👎 turn in the conversation's own partition (SK
 * `GAP#<turn id>`), with the conversation's parts spelled out and GSI1 keys that list it: under
 * the month for a channel, under the person who asked for a private conversation. It expires with
 * the turn it copies.
 */

const refSchema = z.object({
  platform: z.enum(['slack', 'teams', 'cli']),
  tenantId: z.string(),
  channelId: z.string(),
  threadId: z.string(),
});

export function toGapItem(ref: ConversationRef, turn: Turn, expiresAt: number): Record<string, unknown> {
  const turnItem = toTurnItem('', turn, expiresAt);
  return {
    ...turnItem,
    ...gapKey(ref, turn.id),
    ...gapIndexKeys(ref, turn),
    entity: 'gap',
    platform: ref.platform,
    tenantId: ref.tenantId,
    channelId: ref.channelId,
    threadId: ref.threadId,
  };
}

export function gapKey(ref: ConversationRef, turnId: string): { PK: string; SK: string } {
  return { PK: conversationPk(conversationKey(ref)), SK: gapSk(turnId) };
}

/**
 * Channel gaps share a month partition sorted by channel key, then turn id (which starts with the
 * time): one channel's gaps of a period are one key range, a workspace's a key prefix. Gaps
 * of a private conversation go under their author instead, so no channel listing can reach them.
 */
function gapIndexKeys(ref: ConversationRef, turn: Turn): Record<string, string> {
  if (turn.privateConversation === true) {
    return {
      [GSI1.partitionKey]: personalGapsGsiPk(ref.platform, ref.tenantId, turn.author.id),
      [GSI1.sortKey]: `${turn.id}#${conversationKey(ref)}`,
    };
  }
  return {
    [GSI1.partitionKey]: channelGapsGsiPk(gapMonth(turn.at)),
    [GSI1.sortKey]: `${channelKeyString(ref)}#${turn.id}`,
  };
}

/** The UTC month (`yyyy-mm`) whose partition holds a channel gap of this time. */
export function gapMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function fromGapItem(item: Record<string, unknown>): RecordedGap {
  const ref = refSchema.safeParse(item);
  const sk = item[SORT_KEY];
  if (!ref.success || typeof sk !== 'string' || !sk.startsWith(GAP_SK_PREFIX)) {
    throw new StewardError('INTERNAL', `Malformed knowledge-gap item ${String(sk)} in DynamoDB`, {
      ...(ref.success ? {} : { cause: ref.error }),
    });
  }
  // The copy carries every turn attribute; only its sort key differs from the turn's.
  const turn = fromTurnItem({ ...item, [SORT_KEY]: turnSk(sk.slice(GAP_SK_PREFIX.length)) });
  return { ref: ref.data, turn };
}
