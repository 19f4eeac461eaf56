import type { ApprovalRequest, Decision, Person } from './approval-types.js';

export const MAX_REASON_CHARS = 500;

/** Why a click changed nothing; each code is audited as `approval.click-refused`. */
export type RefusalCode =
  | 'UNKNOWN_REQUEST'
  | 'WRONG_CHANNEL'
  | 'NOT_APPROVER'
  | 'SELF_APPROVAL'
  | 'NOT_REQUESTER'
  | 'ALREADY_DECIDED'
  | 'ALREADY_VOTED'
  | 'REASON_REQUIRED'
  | 'NOT_PENDING'
  | 'NO_LONGER_VALID'
  /** The clicker belongs to another organisation: they never confirm, approve, reject or cancel. */
  | 'EXTERNAL_USER'
  /** The button value or card data was not signed by Steward (forged or altered): nothing was read. */
  | 'FORGED_VALUE';

export type DecisionOutcome =
  | {
      readonly kind: 'changed';
      readonly next: ApprovalRequest;
      readonly event: 'approval.approved' | 'approval.decided' | 'approval.rejected';
    }
  /** The deadline passed before the click: the request expires instead. */
  | { readonly kind: 'expire'; readonly next: ApprovalRequest }
  | { readonly kind: 'refused'; readonly code: RefusalCode; readonly message: string };

export interface DecisionInput {
  readonly request: ApprovalRequest;
  readonly actor: Person;
  readonly verdict: 'approve' | 'reject';
  readonly reason?: string;
  readonly now: Date;
  /** Whether the actor is one of the request's approvers, asked only when it matters. */
  readonly isApprover: () => Promise<boolean>;
}

/**
 * One person, known by their platform id or by their directory id (Entra object ids compare
 * case-insensitively), so a requester cannot approve their own request under either id.
 */
export function samePerson(a: Person, b: Person): boolean {
  if (a.platform !== b.platform || a.tenantId !== b.tenantId) {
    return false;
  }
  return a.userId === b.userId || sameDirectoryId(a.directoryId, b.directoryId);
}

function sameDirectoryId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== '' && a.toLowerCase() === b.toLowerCase();
}

/**
 * Applies one approver's click to the request as read. Pure apart from the approver lookup; the
 * caller writes `next` conditionally on the version it read and re-decides if it lost a race.
 */
export async function applyVote(input: DecisionInput): Promise<DecisionOutcome> {
  const { request, actor, now } = input;
  if (request.status !== 'pending') {
    return { kind: 'refused', code: 'ALREADY_DECIDED', message: alreadyDecided(request) };
  }
  if (now.getTime() >= request.decideBy.getTime()) {
    return { kind: 'expire', next: expire(request, now) };
  }
  if (samePerson(actor, request.requester)) {
    return {
      kind: 'refused',
      code: 'SELF_APPROVAL',
      message:
        input.verdict === 'approve'
          ? 'You asked for this, so you cannot approve it. Someone else among the approvers has to.'
          : 'You asked for this; use *Cancel request* to withdraw it.',
    };
  }
  const previous = request.decisions.find((decision) => samePerson(decision.by, actor));
  if (previous !== undefined) {
    return {
      kind: 'refused',
      code: 'ALREADY_VOTED',
      message: `You already ${previous.verdict === 'approve' ? 'approved' : 'rejected'} this request.`,
    };
  }
  if (!(await input.isApprover())) {
    return { kind: 'refused', code: 'NOT_APPROVER', message: 'You are not an approver for this.' };
  }
  const reason = input.reason?.trim() ?? '';
  if (input.verdict === 'reject' && reason === '') {
    return {
      kind: 'refused',
      code: 'REASON_REQUIRED',
      message: 'Say why you reject it: the requester will see your reason.',
    };
  }
  if (reason.length > MAX_REASON_CHARS) {
    return {
      kind: 'refused',
      code: 'REASON_REQUIRED',
      message: `Keep the reason under ${MAX_REASON_CHARS} characters.`,
    };
  }
  const decision: Decision = { verdict: input.verdict, by: actor, at: now, ...(reason ? { reason } : {}) };
  const decisions = [...request.decisions, decision];
  const base = { ...request, decisions, updatedAt: now, version: request.version + 1 };
  if (input.verdict === 'reject') {
    return { kind: 'changed', next: { ...base, status: 'rejected' }, event: 'approval.rejected' };
  }
  const approvals = decisions.filter((d) => d.verdict === 'approve').length;
  return approvals >= request.policy.quorum
    ? { kind: 'changed', next: { ...base, status: 'approved' }, event: 'approval.approved' }
    : { kind: 'changed', next: base, event: 'approval.decided' };
}

export function expire(request: ApprovalRequest, now: Date): ApprovalRequest {
  return { ...request, status: 'expired', updatedAt: now, version: request.version + 1 };
}

function alreadyDecided(request: ApprovalRequest): string {
  switch (request.status) {
    case 'approved':
    case 'executing':
      return 'This request was already approved and is running.';
    case 'succeeded':
    case 'failed':
      return 'This request was already approved and has run.';
    case 'unknown':
      return 'This request was already approved; whether it ran is unknown.';
    case 'rejected':
      return 'This request was already rejected.';
    case 'expired':
      return 'This request expired before enough approvers decided.';
    case 'cancelled':
      return 'This request was cancelled by the requester.';
    case 'pending':
      return 'This request is still waiting.';
  }
}
