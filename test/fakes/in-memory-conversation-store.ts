import { systemClock, type Clock } from '../../src/clock.js';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type {
  ConversationRef,
  ConversationState,
  Platform,
  Turn,
  TurnFeedback,
} from '../../src/conversation/types.js';
import type { ConversationStore, SummaryFold } from '../../src/ports/conversation-store.js';
import type { ExportedFeedback, ExportedTurn } from '../../src/ports/personal-records.js';
import { channelKeyOf, sameChannel } from '../../src/channels/channel-key.js';
import { isKnowledgeGap } from '../../src/gaps/knowledge-gap.js';
import type {
  ChannelGapQuery,
  ChannelScope,
  GapListing,
  KnowledgeGapIndex,
  PersonalGapQuery,
  RecordedGap,
} from '../../src/ports/knowledge-gap-index.js';

interface StoredSummary {
  readonly summary: string;
  readonly version: number;
  readonly expiresAt: number;
}

interface StoredTurn {
  turn: Turn;
  readonly expiresAt: number;
}

interface StoredConversation {
  readonly ref: ConversationRef;
  summary?: StoredSummary;
  readonly turns: Map<string, StoredTurn>;
  /** Copies of refused and 👎 turns: a fold keeps them, forgetting the conversation removes them. */
  readonly gaps: Map<string, StoredTurn>;
  /** Everyone who wrote or rated here, as the DynamoDB store's person index remembers them. */
  readonly participants: Set<string>;
}

/**
 * A working ConversationStore in memory, with the same observable behaviour as the DynamoDB one:
 * expired entries stay stored but are invisible, an expired summary reads as version 0, turns come
 * back ordered by id. Every call is atomic, as each DynamoDB request is.
 */
export class InMemoryConversationStore implements ConversationStore, KnowledgeGapIndex {
  private readonly conversations = new Map<string, StoredConversation>();

  constructor(private readonly clock: Clock = systemClock) {}

  load(ref: ConversationRef): Promise<ConversationState> {
    const conversation = this.conversations.get(conversationKey(ref));
    const now = this.now();
    const summary =
      conversation?.summary !== undefined && conversation.summary.expiresAt > now
        ? conversation.summary
        : undefined;
    const turns = [...(conversation?.turns.values() ?? [])]
      .filter((stored) => stored.expiresAt > now)
      .map((stored) => structuredClone(stored.turn))
      .sort((a, b) => compareIds(a.id, b.id));
    return Promise.resolve({ summary: summary?.summary ?? '', turns, version: summary?.version ?? 0 });
  }

  appendTurn(ref: ConversationRef, turn: Turn, expiresAt: Date): Promise<void> {
    const conversation = this.conversation(ref);
    conversation.participants.add(turn.author.id);
    conversation.turns.set(turn.id, {
      turn: structuredClone(turn),
      expiresAt: expiresAt.getTime(),
    });
    if (isKnowledgeGap(turn)) {
      conversation.gaps.set(turn.id, { turn: structuredClone(turn), expiresAt: expiresAt.getTime() });
    }
    return Promise.resolve();
  }

  fold(ref: ConversationRef, fold: SummaryFold): Promise<boolean> {
    const conversation = this.conversation(ref);
    const current =
      conversation.summary !== undefined && conversation.summary.expiresAt > this.now()
        ? conversation.summary.version
        : 0;
    if (current !== fold.expectedVersion) {
      return Promise.resolve(false);
    }
    conversation.summary = {
      summary: fold.summary,
      version: fold.expectedVersion + 1,
      expiresAt: fold.expiresAt.getTime(),
    };
    for (const id of fold.foldedTurnIds) {
      conversation.turns.delete(id);
    }
    return Promise.resolve(true);
  }

  recordFeedback(ref: ConversationRef, turnId: string, feedback: TurnFeedback): Promise<boolean> {
    this.conversation(ref).participants.add(feedback.by);
    const stored = this.conversations.get(conversationKey(ref))?.turns.get(turnId);
    if (stored === undefined || stored.expiresAt <= this.now()) {
      return Promise.resolve(false);
    }
    stored.turn = { ...stored.turn, feedback: structuredClone(feedback) };
    const gaps = this.conversation(ref).gaps;
    if (isKnowledgeGap(stored.turn)) {
      gaps.set(turnId, { turn: structuredClone(stored.turn), expiresAt: stored.expiresAt });
    } else {
      gaps.delete(turnId);
    }
    return Promise.resolve(true);
  }

  forget(ref: ConversationRef): Promise<number> {
    const key = conversationKey(ref);
    const now = this.now();
    const removed = [...(this.conversations.get(key)?.turns.values() ?? [])].filter(
      (stored) => stored.expiresAt > now,
    ).length;
    this.conversations.delete(key);
    return Promise.resolve(removed);
  }

  /** The person's live turns, and their ratings of others' turns (PersonalRecords' export). */
  exportPerson(platform: Platform, ids: ReadonlySet<string>): { turns: ExportedTurn[]; feedback: ExportedFeedback[] } {
    const now = this.now();
    const turns: ExportedTurn[] = [];
    const feedback: ExportedFeedback[] = [];
    for (const conversation of this.ofPlatform(platform)) {
      for (const { turn, expiresAt } of conversation.turns.values()) {
        if (expiresAt <= now) {
          continue;
        }
        const rating = turn.feedback;
        if (ids.has(turn.author.id)) {
          turns.push({
            conversation: { ...conversation.ref },
            turnId: turn.id,
            at: turn.at.toISOString(),
            question: turn.question,
            answer: turn.answer,
            found: turn.found,
            ...(rating ? { feedback: { rating: rating.rating, at: rating.at.toISOString() } } : {}),
          });
        } else if (rating !== undefined && ids.has(rating.by)) {
          feedback.push({
            conversation: { ...conversation.ref },
            turnId: turn.id,
            rating: rating.rating,
            at: rating.at.toISOString(),
          });
        }
      }
    }
    return { turns, feedback };
  }

  /** Erases the person's turns, gap copies and ratings, and drops summaries of conversations they were in. */
  erasePerson(
    platform: Platform,
    ids: ReadonlySet<string>,
  ): { turns: number; feedback: number; gaps: number; summaries: number } {
    const now = this.now();
    const counts = { turns: 0, feedback: 0, gaps: 0, summaries: 0 };
    for (const conversation of this.ofPlatform(platform)) {
      const involved = [...ids].some((id) => conversation.participants.has(id));
      for (const id of ids) {
        conversation.participants.delete(id);
      }
      for (const [kind, items] of [['turns', conversation.turns], ['gaps', conversation.gaps]] as const) {
        for (const [id, stored] of items) {
          if (ids.has(stored.turn.author.id)) {
            items.delete(id);
            counts[kind] += stored.expiresAt > now ? 1 : 0;
          } else if (stored.turn.feedback !== undefined && ids.has(stored.turn.feedback.by)) {
            const { feedback: _removed, ...rest } = stored.turn;
            stored.turn = rest;
            if (kind === 'turns') {
              counts.feedback += stored.expiresAt > now ? 1 : 0;
            } else if (!isKnowledgeGap(rest)) {
              items.delete(id);
            }
          }
        }
      }
      if (involved && conversation.summary !== undefined) {
        counts.summaries += conversation.summary.expiresAt > now ? 1 : 0;
        delete conversation.summary;
      }
    }
    return counts;
  }

  private ofPlatform(platform: Platform): StoredConversation[] {
    return [...this.conversations.values()].filter((conversation) => conversation.ref.platform === platform);
  }

  private conversation(ref: ConversationRef): StoredConversation {
    const key = conversationKey(ref);
    let conversation = this.conversations.get(key);
    if (conversation === undefined) {
      conversation = { ref: { ...ref }, turns: new Map(), gaps: new Map(), participants: new Set() };
      this.conversations.set(key, conversation);
    }
    return conversation;
  }

  channelGaps(query: ChannelGapQuery): Promise<GapListing> {
    return Promise.resolve(
      this.listGaps(query, (ref, turn) => turn.privateConversation !== true && inScope(query.scope, ref)),
    );
  }

  personalGaps(query: PersonalGapQuery): Promise<GapListing> {
    return Promise.resolve(
      this.listGaps(
        query,
        (ref, turn) =>
          turn.privateConversation === true &&
          ref.platform === query.platform &&
          ref.tenantId === query.tenantId &&
          turn.author.id === query.userId,
      ),
    );
  }

  private listGaps(
    window: { readonly since: Date; readonly until: Date; readonly limit: number },
    belongs: (ref: ConversationRef, turn: Turn) => boolean,
  ): GapListing {
    const now = this.now();
    const found: RecordedGap[] = [];
    for (const conversation of this.conversations.values()) {
      for (const stored of conversation.gaps.values()) {
        const at = stored.turn.at.getTime();
        if (
          stored.expiresAt > now &&
          at >= window.since.getTime() &&
          at < window.until.getTime() &&
          belongs(conversation.ref, stored.turn)
        ) {
          found.push({ ref: { ...conversation.ref }, turn: structuredClone(stored.turn) });
        }
      }
    }
    found.sort((a, b) => b.turn.at.getTime() - a.turn.at.getTime());
    return { gaps: found.slice(0, window.limit), truncated: found.length > window.limit };
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function inScope(scope: ChannelScope, ref: ConversationRef): boolean {
  switch (scope.kind) {
    case 'channel':
      return sameChannel(scope.channel, channelKeyOf(ref));
    case 'workspace':
      return ref.platform === scope.platform && ref.tenantId === scope.tenantId;
    case 'all':
      return true;
  }
}

/** DynamoDB orders sort keys by UTF-8 bytes; for the ASCII ids in use this equals code-unit order. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
