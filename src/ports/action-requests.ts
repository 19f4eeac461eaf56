import type { ApprovalCardView, CardParameter } from '../approval-rules/approval-card.js';
import type { ApprovalStatus, Person } from '../approval-rules/approval-types.js';
import type { MessageReads } from '../conversation/message-reads.js';
import type { Citation, InboundMessage, Passage, ToolCall } from '../conversation/types.js';
import type { ActionTool } from './language-model.js';

export interface ProposalInput {
  readonly message: InboundMessage;
  /** The `run` command's text after `run`: `<action> key=value ... [reason]`. */
  readonly command: string;
}

export type ProposalOutcome =
  /** A proposal card was posted in the thread for the requester to confirm. */
  | { readonly kind: 'proposed'; readonly card: ApprovalCardView }
  /** Nothing was proposed; tell the person why (unknown action, invalid parameters...). */
  | {
      readonly kind: 'refused';
      readonly text: string;
      /** Set when the word after `run` names no action at all (the message may be a question). */
      readonly unknownAction?: true;
    };

/** What the model had and cited when it called tools, for the evidence and the provenance check. */
export interface ToolCallContext {
  /** The sources of the answer given with the calls. */
  readonly citations: readonly Citation[];
  /** Every passage the model was given: arguments found there but not in the requester's words are flagged. */
  readonly passages: readonly Passage[];
  /** The message's settings and conversation, already read for its answer. */
  readonly reads?: MessageReads;
}

export interface ApprovalSummary {
  readonly id: string;
  readonly title: string;
  readonly status: ApprovalStatus;
  readonly parameters: readonly CardParameter[];
  readonly requester: Person;
  readonly approvals: { readonly given: number; readonly needed: number };
  readonly decideBy: Date;
  readonly createdAt: Date;
  /** A link to a copy of the card, when the platform gave one. */
  readonly link?: string;
  /** The channel the request was made in. */
  readonly channelId?: string;
}

/** Requests still waiting for decisions in one workspace or tenant, oldest first. */
export interface PendingApprovals {
  readonly requests: readonly ApprovalSummary[];
  /** True when more are pending than were listed. */
  readonly more: boolean;
}

export interface ApprovalOverview {
  /** Pending requests this person may approve and has not decided yet, oldest first. */
  readonly waitingForYou: readonly ApprovalSummary[];
  /** This person's own most recent requests, newest first. */
  readonly yourRequests: readonly ApprovalSummary[];
}

/** What the conversation use cases ask of the approval workflow. */
export interface ActionRequests {
  /** An explicit `run` command: validates it and posts a proposal card, or says why not. */
  propose(input: ProposalInput): Promise<ProposalOutcome>;
  /**
   * Offers an allowed action when a message asks for one (never runs anything): undefined when
   * nothing matches. `citations` are the sources of the answer given to the same message.
   */
  suggest(message: InboundMessage, citations: readonly Citation[], reads?: MessageReads): Promise<ProposalOutcome | undefined>;
  /**
   * The channel's allowed actions as tools for the model answering `message`: at most 10, the
   * most relevant to the message first; none when the channel allows no actions.
   */
  toolsFor(message: InboundMessage, reads?: MessageReads): Promise<readonly ActionTool[]>;
  /**
   * Turns the model's tool calls into proposal cards the requester must confirm, like
   * suggestions (never runs anything). A call naming an action not allowed here, or whose
   * arguments fail the action's schema, is dropped with a log line. Arguments found in the
   * passages but not in what the requester wrote are flagged on the card and in the audit record.
   */
  proposeToolCalls(message: InboundMessage, calls: readonly ToolCall[], context: ToolCallContext): Promise<readonly ProposalOutcome[]>;
  overview(person: Person): Promise<ApprovalOverview>;
  /**
   * Every request still pending in one workspace, whoever may decide it: for admins' overviews.
   * Callers decide who may see it.
   */
  pending(
    workspace: Pick<Person, 'platform' | 'tenantId'>,
    options?: { readonly limit?: number },
  ): Promise<PendingApprovals>;
}
