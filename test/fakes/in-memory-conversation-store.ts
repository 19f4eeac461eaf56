import { systemClock, type Clock } from '../../src/clock.js';
import { conversationKey } from '../../src/conversation/conversation-key.js';
import type { ConversationRef, ConversationState, Turn, TurnFeedback } from '../../src/conversation/types.js';
import type { ConversationStore, SummaryFold } from '../../src/ports/conversation-store.js';

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
  summary?: StoredSummary;
  readonly turns: Map<string, StoredTurn>;
}

/**
 * A working ConversationStore in memory, with the same observable behaviour as the DynamoDB one:
 * expired entries stay stored but are invisible, an expired summary reads as version 0, turns come
 * back ordered by id. Every call is atomic, as each DynamoDB request is.
 */
export class InMemoryConversationStore implements ConversationStore {
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
    this.conversation(ref).turns.set(turn.id, {
      turn: structuredClone(turn),
      expiresAt: expiresAt.getTime(),
    });
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
    const stored = this.conversations.get(conversationKey(ref))?.turns.get(turnId);
    if (stored === undefined || stored.expiresAt <= this.now()) {
      return Promise.resolve(false);
    }
    stored.turn = { ...stored.turn, feedback: structuredClone(feedback) };
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

  private conversation(ref: ConversationRef): StoredConversation {
    const key = conversationKey(ref);
    let conversation = this.conversations.get(key);
    if (conversation === undefined) {
      conversation = { turns: new Map() };
      this.conversations.set(key, conversation);
    }
    return conversation;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/** DynamoDB orders sort keys by UTF-8 bytes; for the ASCII ids in use this equals code-unit order. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
