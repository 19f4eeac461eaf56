import type { AttemptResult } from '../runners/execution-runner.js';
import type { DecisionRecord } from '../workflow/decision-record.js';

/*
 * BullMQ job ids derived from the request id, so the same work is never queued twice: adding a
 * job whose id exists is a no-op. BullMQ 6 refuses `:` in custom ids; request ids are base64url.
 */
export const APPROVALS_QUEUE = 'approvals';
/**
 * Card updates and outcome posts have a queue of their own: only processes connected to the chat
 * platforms (the service) consume it, while workers started with `npm run worker` run actions.
 */
export const NOTICES_QUEUE = 'approval-notices';

export const JOB_NAMES = { execute: 'execute', expire: 'expire', notify: 'notify' } as const;

export function executionJobId(requestId: string): string {
  return `execute-${requestId}`;
}

export function expiryJobId(requestId: string): string {
  return `expire-${requestId}`;
}

export function noticeJobId(requestId: string, version: number): string {
  return `notify-${requestId}-v${version}`;
}

export interface ApprovalJobData {
  readonly requestId: string;
  /**
   * execute only: an attempt's result the store could not record yet. The job records it on its
   * next run and never calls the executor again for that attempt.
   */
  readonly unrecorded?: AttemptResult;
  /** execute only: the approved request as stored when the job was added (request-copy.ts). */
  readonly approved?: string;
  /** execute only: the approval's audit record, written by the worker after the call (decision-record.ts). */
  readonly decision?: DecisionRecord;
  /** notify only: the version that asked for the update, and whether to post the outcome. */
  readonly version?: number;
  readonly postOutcome?: boolean;
  /** notify only: the copy the click that made `version` redraws itself (RequestFollowUps.notify). */
  readonly drawn?: { readonly channelId: string; readonly messageId: string };
  /** execute only: W3C trace context of the decision that queued it, so the run joins its trace. */
  readonly trace?: Readonly<Record<string, string>>;
}
