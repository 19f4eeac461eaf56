/**
 * Platform-neutral conversation types. Adapters translate Slack and Teams payloads into these
 * and back; nothing here knows about a platform SDK.
 */

export type Platform = 'slack' | 'teams' | 'cli';

/** Where a conversation lives. One thread (or one DM, or one terminal session) is one conversation. */
export interface ConversationRef {
  readonly platform: Platform;
  /** Slack team/enterprise id, Teams tenant id; keeps organisations apart. */
  readonly tenantId: string;
  readonly channelId: string;
  /** Thread root id; for a DM without threads, the channel id. */
  readonly threadId: string;
}

export interface Author {
  readonly id: string;
  readonly name?: string;
  /**
   * The person's id in the organisation's directory when the platform has one besides its own
   * (Teams: the Microsoft Entra object id, which admins can look up; the Teams id is not).
   */
  readonly directoryId?: string;
}

export interface InboundMessage {
  readonly ref: ConversationRef;
  readonly author: Author;
  readonly text: string;
  /** The platform's delivery id (Slack event_id, Teams activity id): retries carry the same one. */
  readonly eventId: string;
  readonly receivedAt: Date;
}

/** A passage returned by a knowledge source. */
export interface Passage {
  readonly id: string;
  /** Where it came from: a file path relative to the knowledge folder, an S3 URI, a URL. */
  readonly source: string;
  /** Human-readable title: the document title plus its heading path. */
  readonly title: string;
  readonly headingPath: readonly string[];
  readonly text: string;
  readonly score: number;
  /** A link users can open, when the source has one. */
  readonly url?: string;
}

export interface Citation {
  /** 1-based number as shown in the answer text, e.g. [1]. */
  readonly index: number;
  readonly source: string;
  readonly title: string;
  readonly snippet: string;
  readonly score: number;
  readonly url?: string;
}

export interface Answer {
  /** Markdown text with numbered citation markers such as [1]. */
  readonly text: string;
  readonly citations: readonly Citation[];
  /** False when the knowledge base did not answer the question. */
  readonly found: boolean;
}

/** One exchange: a person's message and the bot's answer to it. */
export interface Turn {
  /** Sortable, unique within the conversation: `<ISO time>#<event id>`. */
  readonly id: string;
  readonly author: Author;
  readonly question: string;
  readonly answer: string;
  readonly citations: readonly Citation[];
  readonly found: boolean;
  readonly at: Date;
  readonly feedback?: TurnFeedback;
}

export interface TurnFeedback {
  readonly rating: 'up' | 'down';
  readonly by: string;
  readonly at: Date;
}

/** What the store keeps for one conversation. */
export interface ConversationState {
  readonly summary: string;
  /** Turns not yet folded into the summary, oldest first. */
  readonly turns: readonly Turn[];
  /** Optimistic-concurrency version of the summary; 0 when nothing was ever folded. */
  readonly version: number;
}
