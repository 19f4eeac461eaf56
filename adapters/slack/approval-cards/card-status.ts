import type { ApprovalCardView } from '../../../src/approval-rules/approval-card.js';
import type { RiskLevel } from '../../../src/approval-rules/approval-types.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { mention, slackDate } from './card-text.js';

/*
 * Where a card stands, in Slack's terms: the neutral view's facts, with people as mentions (a
 * name anyone can type is no proof of who decided) and times in each reader's own time zone.
 * Wording follows the neutral status line, so Slack and Teams say the same thing.
 */

/** The card's title line (plain text: Slack's header block shows no mentions). */
export function cardHeader(card: ApprovalCardView): string {
  const title = card.action.title;
  if (card.kind === 'request') {
    return card.headline;
  }
  if (card.state === 'dismissed') {
    return `Dismissed: ${title}`;
  }
  return card.missingParameters.length > 0 ? `Suggested action: ${title}` : `Proposed action: ${title}`;
}

/** One mrkdwn line: what happens next, or how it ended. */
export function cardStatus(card: ApprovalCardView): string {
  const { needed, given } = card.approvals;
  switch (card.state) {
    case 'proposed':
      if (card.missingParameters.length > 0) {
        return `:jigsaw: Missing: ${card.missingParameters.map((name) => `\`${escapeMrkdwn(name)}\``).join(', ')}.`;
      }
      return needed === 0
        ? `:point_right: ${mention(card.requester)}, confirm to run it now (no approval needed).`
        : `:point_right: ${mention(card.requester)}, confirm to ask ${needed === 1 ? 'an approver' : `${needed} approvers`} for approval.`;
    case 'dismissed':
      return `:heavy_minus_sign: ${escapeMrkdwn(card.statusLine)}`;
    case 'pending': {
      const remaining = Math.max(needed - given.length, 0);
      return `:hourglass_flowing_sand: Waiting for ${remaining === 1 ? '1 more approval' : `${remaining} more approvals`} (${given.length} of ${needed}); decide by ${slackDate(card.expiresAt)}.`;
    }
    case 'approved':
    case 'executing':
      return `:gear: ${escapeMrkdwn(card.statusLine)}`;
    case 'succeeded':
      return `:white_check_mark: ${escapeMrkdwn(card.statusLine)}`;
    case 'failed':
      return `:x: ${escapeMrkdwn(card.statusLine)}`;
    case 'unknown':
      return `:warning: ${escapeMrkdwn(card.statusLine)}`;
    case 'rejected':
      return card.rejection
        ? `:no_entry: Rejected by ${mention(card.rejection.by)}: ${escapeMrkdwn(card.rejection.reason)}`
        : ':no_entry: Rejected.';
    case 'expired':
      return card.renewedAs !== undefined
        ? ':alarm_clock: Expired; requested again.'
        : `:alarm_clock: Nobody decided by ${slackDate(card.expiresAt)}; nothing ran. ${mention(card.requester)} can request it again.`;
    case 'cancelled':
      return card.cancelledBecause !== undefined
        ? `:heavy_multiplication_x: ${escapeMrkdwn(card.statusLine)}`
        : `:heavy_multiplication_x: Cancelled by ${mention(card.cancelledBy ?? card.requester)}; nothing ran.`;
  }
}

export function riskLabel(risk: RiskLevel): string {
  switch (risk) {
    case 'low':
      return ':large_green_circle: Low';
    case 'medium':
      return ':large_orange_circle: Medium';
    case 'high':
      return ':red_circle: High';
  }
}

/** Who decided what so far, and how it ran: one mrkdwn line each. */
export function decisionLines(card: ApprovalCardView): string[] {
  const lines = card.approvals.given.map(
    (approval) => `:white_check_mark: Approved by ${mention(approval.by)} ${slackDate(approval.at)}`,
  );
  if (card.rejection) {
    lines.push(`:no_entry: Rejected by ${mention(card.rejection.by)} ${slackDate(card.rejection.at)}`);
  }
  if (card.outcome) {
    const attempts = card.outcome.attempts === 1 ? '1 attempt' : `${card.outcome.attempts} attempts`;
    lines.push(
      `${card.outcome.ok ? ':white_check_mark:' : card.outcome.unknown === true ? ':warning:' : ':x:'} ${card.outcome.unknown === true ? 'Outcome unknown' : 'Result'}: ${escapeMrkdwn(card.outcome.summary)} (${attempts}, ${slackDate(card.outcome.at)})`,
    );
  }
  return lines;
}
