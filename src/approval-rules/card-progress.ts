import type { ApprovalCardView } from './approval-card.js';

/*
 * Where a card stands in its life cycle, for the platforms that redraw cards: one ordering of the
 * states, so every adapter agrees on which card is newer and which can no longer change.
 */

/**
 * How far along a card is. A request only ever moves forward (pending with more approvals,
 * approved, running, finished; or rejected, expired, cancelled), so a higher number is a later
 * state of the same card.
 */
export function cardProgress(card: ApprovalCardView): number {
  switch (card.state) {
    case 'proposed':
      return 0;
    case 'dismissed':
      return 1;
    case 'pending':
      return 100 + card.approvals.given.length;
    case 'approved':
      return 200;
    case 'executing':
      return 300;
    case 'succeeded':
    case 'failed':
    case 'unknown':
    case 'rejected':
    case 'cancelled':
      return 400;
    case 'expired':
      return card.renewedAs === undefined ? 400 : 401;
  }
}

/**
 * The card may still show something else later (a vote, the run, its result, a renewal), so a
 * platform that redraws cards on view (Teams refresh) keeps asking; a final card never changes.
 */
export function canStillChange(view: ApprovalCardView): boolean {
  switch (view.state) {
    case 'proposed':
    case 'pending':
    case 'approved':
    case 'executing':
      return true;
    case 'expired':
      return view.renewedAs === undefined;
    case 'succeeded':
    case 'failed':
    case 'unknown':
    case 'rejected':
    case 'cancelled':
    case 'dismissed':
      return false;
  }
}
