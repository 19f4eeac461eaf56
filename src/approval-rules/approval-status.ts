import { StewardError } from '../errors.js';
import type { ApprovalStatus } from './approval-types.js';

/*
 * The life of an approval request. Only these moves exist; every write checks its move here and
 * is conditional on the version it read, so no click, retry or worker can skip a step.
 *
 *   pending ─▶ approved ─▶ executing ─▶ succeeded | failed | unknown
 *      └────▶ rejected | expired | cancelled
 *   approved ─▶ cancelled  when the channel's policy no longer allows it before it runs
 */
const MOVES: Readonly<Record<ApprovalStatus, readonly ApprovalStatus[]>> = {
  pending: ['pending', 'approved', 'rejected', 'expired', 'cancelled'],
  approved: ['executing', 'cancelled'],
  // executing → executing: a further attempt after a retryable failure or a crashed worker.
  executing: ['executing', 'succeeded', 'failed', 'unknown'],
  succeeded: [],
  failed: [],
  unknown: [],
  rejected: [],
  // expired → expired: only to note the request made again from it (renewedAs).
  expired: ['expired'],
  cancelled: [],
};

const TERMINAL: ReadonlySet<ApprovalStatus> = new Set([
  'succeeded',
  'failed',
  'unknown',
  'rejected',
  'expired',
  'cancelled',
]);

export class ApprovalStateError extends StewardError {
  readonly from: ApprovalStatus;
  readonly to: ApprovalStatus;

  constructor(from: ApprovalStatus, to: ApprovalStatus) {
    super('APPROVAL_STATE_INVALID', `An approval request cannot move from ${from} to ${to}`);
    this.from = from;
    this.to = to;
  }
}

export function canMove(from: ApprovalStatus, to: ApprovalStatus): boolean {
  return MOVES[from].includes(to);
}

/** Throws ApprovalStateError for any move the life cycle does not have. */
export function assertMove(from: ApprovalStatus, to: ApprovalStatus): void {
  if (!canMove(from, to)) {
    throw new ApprovalStateError(from, to);
  }
}

export function isTerminal(status: ApprovalStatus): boolean {
  return TERMINAL.has(status);
}

/** A request with no approvers to wait for is approved from the start; otherwise it waits. */
export function initialStatus(quorum: number): ApprovalStatus {
  return quorum === 0 ? 'approved' : 'pending';
}
