import type { TokenUsage } from './usage.js';

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

/**
 * How a person stands to the organisation Steward serves (the Slack workspace or organisation it
 * is installed in, the Teams tenant). `external`: someone of another organisation who can reach
 * the bot through a shared channel or a direct message, such as a partner in a Slack Connect
 * channel. The platform adapter decides it from what the platform vouches for; absent means
 * `member`, as for every platform that cannot tell.
 */
export type OrganisationRelation = 'member' | 'external';

export interface Author {
  readonly id: string;
  readonly name?: string;
  /**
   * The person's id in the organisation's directory when the platform has one besides its own
   * (Teams: the Microsoft Entra object id, which admins can look up; the Teams id is not).
   */
  readonly directoryId?: string;
  /** Absent: a member of the organisation. */
  readonly organisation?: OrganisationRelation;
}

export interface InboundMessage {
  readonly ref: ConversationRef;
  readonly author: Author;
  readonly text: string;
  /** The platform's delivery id (Slack event_id, Teams activity id): retries carry the same one. */
  readonly eventId: string;
  /**
   * What makes two deliveries the same message when the delivery id does not: Slack re-sends a
   * mention with a new event id when it is edited, so Slack messages are claimed by channel and
   * ts. Absent: the delivery id.
   */
  readonly dedupeKey?: string;
  readonly receivedAt: Date;
  /**
   * True for a message Steward only overheard: no mention, DM or command, but a channel whose
   * reply mode is `all` or a reply in a thread it takes part in. Absent: addressed to Steward.
   */
  readonly overheard?: boolean;
  /**
   * True in a direct message, group DM or personal/group chat: what is asked there belongs to the
   * person who asked, and reports (knowledge gaps) show it to them only, never to admins.
   * Absent: a channel (or the terminal), whose admins may see what it could not answer.
   */
  readonly privateConversation?: boolean;
  /**
   * People the message mentions (never the bot), as the platform marked them: what is stored
   * from the message (an approval request's reason and parameters) may quote them, and erasure
   * must find it under their id.
   */
  readonly mentioned?: readonly MentionedPerson[];
}

/** A person a message mentions. */
export interface MentionedPerson {
  readonly id: string;
  /** How the mention reads in the message text (`@alice`, `Alice Example`); absent when it reads as `@<id>`. */
  readonly label?: string;
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
  /** Tokens the model used for this answer (and its cost, when priced); absent for local answerers. */
  readonly usage?: TokenUsage;
  /** Set when a content guardrail stepped in (see GuardrailIntervention). */
  readonly guardrail?: GuardrailIntervention;
  /**
   * Present when the model was offered tools (AnswerRequest.tools) and could call them: the
   * calls it made, empty when it made none. Absent when no tools were offered or the model does
   * not call tools, so the caller knows whether the model weighed the actions at all.
   */
  readonly toolCalls?: readonly ToolCall[];
  /**
   * Why the model stopped writing, in its provider's words (Bedrock `end_turn`, `max_tokens`,
   * `guardrail_intervened`; OpenAI-compatible `stop`, `length`), for traces. Absent for local answerers.
   */
  readonly finishReason?: string;
}

/** The model asked for one of the offered actions. Nothing runs from it: it may become a proposal. */
export interface ToolCall {
  /** The tool's name as offered: an action id, unless the model made one up. */
  readonly name: string;
  /** The arguments as the model wrote them, not yet checked against the action's schema. */
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * A content guardrail acted on the question (`input`) or the answer (`output`). `blocked`: nothing
 * of the model's may be shown, and the core tells the person why in plain words. `masked`: the
 * answer is shown with sensitive parts replaced (e.g. `{EMAIL}`); still counted and logged.
 */
export interface GuardrailIntervention {
  readonly stage: 'input' | 'output';
  readonly action: 'blocked' | 'masked';
}

/** Why a stored turn has no regular answer. */
export type UnansweredReason =
  /** A guardrail blocked the question; its text is not kept. */
  | 'blocked-question'
  /** A guardrail blocked the answer. */
  | 'blocked-answer'
  /** Retrieval or the model failed; the question is kept so the person can simply ask again. */
  | 'failed';

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
  /** Model tokens (and cost) this turn used: question rewriting plus the answer. */
  readonly usage?: TokenUsage;
  /** Absent for a normal turn, answered or not found. */
  readonly unanswered?: UnansweredReason;
  /** Asked in a private conversation (see InboundMessage.privateConversation). */
  readonly privateConversation?: boolean;
}

export interface TurnFeedback {
  readonly rating: 'up' | 'down';
  readonly by: string;
  readonly at: Date;
}

/** A 👍/👎 click on one answer, as every platform hands it to the feedback use case. */
export interface FeedbackRequest {
  readonly ref: ConversationRef;
  readonly turnId: string;
  readonly rating: TurnFeedback['rating'];
  /** Who rated, as the platform vouched for them. */
  readonly userId: string;
}

/** What the store keeps for one conversation. */
export interface ConversationState {
  readonly summary: string;
  /** Turns not yet folded into the summary, oldest first. */
  readonly turns: readonly Turn[];
  /** Optimistic-concurrency version of the summary; 0 when nothing was ever folded. */
  readonly version: number;
}
