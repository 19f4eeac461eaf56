import type { Citation, ConversationRef, OrganisationRelation, Platform } from '../conversation/types.js';
import type { ApproverSpec } from '../channels/channel-settings.js';

/*
 * The approval workflow's records, platform-neutral. A proposal is what someone asked for (or was
 * offered) and has not confirmed yet; an approval request exists only once the requester confirms.
 */

export type RiskLevel = 'low' | 'medium' | 'high';

export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'executing',
  'succeeded',
  'failed',
  /** The action may or may not have run (a timeout, an interrupted attempt): a person must check. */
  'unknown',
  'rejected',
  'expired',
  'cancelled',
] as const;

export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A person on one platform, in one workspace or tenant. */
export interface Person {
  readonly platform: Platform;
  readonly tenantId: string;
  readonly userId: string;
  readonly name?: string;
  /**
   * The person's id in the organisation's directory when the platform has one besides its own
   * (Teams: the Microsoft Entra object id, which approver lists name people by).
   */
  readonly directoryId?: string;
  /** Absent: a member of the organisation. Someone `external` never requests, approves or decides. */
  readonly organisation?: OrganisationRelation;
}

/** One message of the conversation that led to the request, as it was shown. */
export interface ExcerptLine {
  readonly authorId: string;
  readonly authorName?: string;
  readonly text: string;
}

/** Why the action was proposed: what was said, and the sources the answer cited. */
export interface Evidence {
  readonly excerpt: readonly ExcerptLine[];
  readonly citations: readonly Citation[];
}

/**
 * A parameter whose value the model took from the retrieved documents rather than from the
 * requester: it appears in a passage the model was given and in nothing the requester wrote in
 * the conversation. It may be what they meant, or text planted in a document to steer the model
 * (prompt injection), so the cards show it and the audit records it.
 */
export interface ParameterFlag {
  readonly name: string;
  /** Titles of the retrieved passages the value appears in. */
  readonly foundIn: readonly string[];
}

export interface Decision {
  readonly verdict: 'approve' | 'reject';
  readonly by: Person;
  readonly at: Date;
  /** Required for a rejection; optional otherwise. */
  readonly reason?: string;
}

export interface ExecutionOutcome {
  readonly ok: boolean;
  /**
   * Nobody knows whether the action ran: the receiver did not answer in time, or the attempt was
   * interrupted. Never re-sent unless the catalogue marks the action idempotent.
   */
  readonly unknown?: boolean;
  /** Shown to people: "HTTP 200", "HTTP 400: service unknown"... Never secrets. */
  readonly summary: string;
  readonly at: Date;
  /** Executor attempts made, the successful or final one included. */
  readonly attempts: number;
}

/** What the action will do, fixed when it is proposed: the same values run after approval. */
export interface ActionSnapshot {
  readonly actionId: string;
  readonly title: string;
  /** The executor's own description of what runs: "POST https://ops.example.com/hooks/restart". */
  readonly target: string;
  readonly risk: RiskLevel;
  /** The exact, validated parameters (defaults filled in). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** SHA-256 of the action id and canonical parameters: what approvers approve. */
  readonly parametersHash: string;
}

/** The approval policy in force when the request was made. */
export interface ApprovalPolicy {
  /** Distinct approvers needed; 0 runs at once. */
  readonly quorum: number;
  readonly approvers: ApproverSpec;
  readonly expiryHours: number;
  /** Where a second copy of the card goes, in the origin's platform and workspace. */
  readonly approversChannelId?: string;
}

/**
 * A person a proposal's reason or parameters quote ("grant access to @alice"), of the proposal's
 * platform, who may never request, decide or cancel it: indexed under their id so that erasing
 * them finds the request and replaces the quotes by their pseudonym.
 */
export interface QuotedPerson {
  readonly userId: string;
  /** The forms the text quotes them in (`@U0ALICE`, `@alice`, `Alice Example`), longest first. */
  readonly quotedAs: readonly string[];
}

export interface ActionProposal {
  readonly id: string;
  readonly action: ActionSnapshot;
  readonly policy: ApprovalPolicy;
  readonly requester: Person;
  readonly origin: ConversationRef;
  readonly reason: string;
  readonly evidence: Evidence;
  /**
   * `command` for an explicit `run`, `suggestion` when the matcher offered it, `model` when the
   * model proposed it with a tool call.
   */
  readonly source: 'command' | 'suggestion' | 'model';
  /** Required parameters the person still has to give; a proposal with any cannot be confirmed. */
  readonly missing: readonly string[];
  /** Values the model took from retrieved documents (model proposals only; absent when none). */
  readonly flaggedParameters?: readonly ParameterFlag[];
  /** People the reason or parameters quote (mentioned in the message); absent when none. */
  readonly quotes?: readonly QuotedPerson[];
  readonly createdAt: Date;
  /** After this the proposal can no longer be confirmed. */
  readonly validUntil: Date;
  /** Its cards carry signed values only (see ApprovalValues); absent on records made before signing. */
  readonly signedValues?: true;
}

export interface ApprovalRequest {
  readonly id: string;
  readonly action: ActionSnapshot;
  readonly policy: ApprovalPolicy;
  readonly requester: Person;
  readonly origin: ConversationRef;
  readonly reason: string;
  readonly evidence: Evidence;
  /** Carried over from the proposal, so approvers see it too. */
  readonly flaggedParameters?: readonly ParameterFlag[];
  /** The model proposed it with a tool call (the requester confirmed); shown on every card. */
  readonly proposedByModel?: boolean;
  /** Carried over from the proposal: whom its reason or parameters quote, so erasure finds them. */
  readonly quotes?: readonly QuotedPerson[];
  readonly status: ApprovalStatus;
  /** Every decision, oldest first: approvals up to the quorum, or the one rejection. */
  readonly decisions: readonly Decision[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Decision deadline: a request still pending then is expired. */
  readonly decideBy: Date;
  readonly cancelledBy?: Person;
  /**
   * Set when Steward cancelled the request itself because the channel's current policy no longer
   * allows it (approvers changed, the action no longer allowed, the channel switched off).
   */
  readonly cancelledBecause?: string;
  /** Executor attempts started so far (the idempotency key is the same for all of them). */
  readonly attempts: number;
  /**
   * Attempts known to have ended without the action taking effect (an HTTP error answer, a host
   * that could not be reached). An attempt counted in `attempts` but not here may have run.
   */
  readonly attemptsFailed?: number;
  readonly outcome?: ExecutionOutcome;
  /** The request made again from this expired one. */
  readonly renewedAs?: string;
  /** The expired request this one repeats. */
  readonly renewalOf?: string;
  /**
   * Its cards carry signed values only, so a click with an unsigned value is forged. Absent on
   * requests made before approval values were signed, whose cards may still carry unsigned ones.
   */
  readonly signedValues?: true;
  /** Bumped by every change; writes are conditional on it, so concurrent changes cannot both win. */
  readonly version: number;
}
