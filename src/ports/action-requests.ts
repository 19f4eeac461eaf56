import type { ApprovalCardView, CardParameter } from '../approvals/approval-card.js';
import type { ApprovalStatus, Person } from '../approvals/approval-types.js';
import type { Citation, InboundMessage } from '../conversation/types.js';

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
  suggest(message: InboundMessage, citations: readonly Citation[]): Promise<ProposalOutcome | undefined>;
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
