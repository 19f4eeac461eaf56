import type { Citation } from '../conversation/types.js';
import type {
  ActionProposal,
  ApprovalRequest,
  ApprovalStatus,
  Evidence,
  ExecutionOutcome,
  ParameterFlag,
  Person,
  RiskLevel,
} from './approval-types.js';
import type { CardAction } from './card-buttons.js';
import { flagWarning } from './flag-warning.js';

/*
 * The platform-neutral approval card: everything a Slack Block Kit message or a Teams Adaptive Card
 * shows, decided here once so both platforms show the same facts and the same buttons.
 */

export interface CardButton {
  readonly action: CardAction;
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'default';
  /** Who the button is for; clicks by anyone else get a private notice and change nothing. */
  readonly audience: 'requester' | 'approvers';
  /** Collect a reason (a Slack modal, a Teams Input.Text) before sending the click. */
  readonly needsReason: boolean;
}

export type CardState = 'proposed' | 'dismissed' | ApprovalStatus;

export interface CardParameter {
  readonly name: string;
  /** The exact value, as JSON for anything that is not a string. */
  readonly value: string;
}

export interface ApprovalCardView {
  readonly kind: 'proposal' | 'request';
  /** Proposal id or request id. */
  readonly id: string;
  readonly state: CardState;
  /** One line for notifications and screen readers. */
  readonly headline: string;
  /** Where things stand, in words. */
  readonly statusLine: string;
  readonly action: { readonly id: string; readonly title: string; readonly target: string };
  /** Exactly what will run. */
  readonly parameters: readonly CardParameter[];
  readonly parametersHash: string;
  /** Required parameters still missing (a suggestion the person has to complete). */
  readonly missingParameters: readonly string[];
  /**
   * Parameters the model took from retrieved documents, not from the requester (a possible
   * prompt injection). Mark them beside their values and show `warning` prominently.
   */
  readonly flaggedParameters?: readonly ParameterFlag[];
  /** A sentence for the top of the card, set when the model proposed it or parameters are flagged. */
  readonly warning?: string;
  /** The model proposed this action (a tool call), not the requester's own words. */
  readonly proposedByModel?: boolean;
  readonly risk: RiskLevel;
  readonly requester: Person;
  readonly reason: string;
  readonly evidence: Evidence;
  readonly approvals: {
    readonly needed: number;
    readonly given: readonly { readonly by: Person; readonly at: Date }[];
  };
  readonly rejection?: { readonly by: Person; readonly reason: string; readonly at: Date };
  readonly cancelledBy?: Person;
  /** Why Steward cancelled the request itself (the channel's policy no longer allows it). */
  readonly cancelledBecause?: string;
  /** When a proposal can no longer be confirmed, or a request no longer decided. */
  readonly expiresAt: Date;
  readonly outcome?: ExecutionOutcome;
  readonly renewedAs?: string;
  readonly buttons: readonly CardButton[];
  /** Guidance for the requester, e.g. how to give missing parameters. */
  readonly hint?: string;
}

export function proposalCard(
  proposal: ActionProposal,
  state: 'proposed' | 'dismissed' = 'proposed',
): ApprovalCardView {
  const complete = proposal.missing.length === 0;
  const buttons: CardButton[] = [];
  if (state === 'proposed') {
    if (complete) {
      buttons.push(
        button(
          'confirm',
          proposal.policy.quorum === 0 ? 'Run it' : 'Request approval',
          'primary',
          'requester',
        ),
      );
    }
    buttons.push(button('dismiss', complete ? 'Cancel' : 'Dismiss', 'default', 'requester'));
  }
  const who = displayName(proposal.requester);
  return {
    kind: 'proposal',
    id: proposal.id,
    state,
    headline:
      proposal.source === 'command'
        ? `${who} wants to run: ${proposal.action.title}`
        : `Suggested action for ${who}: ${proposal.action.title}`,
    statusLine:
      state === 'dismissed'
        ? 'Dismissed; nothing was requested.'
        : !complete
          ? `Missing: ${proposal.missing.join(', ')}.`
          : proposal.policy.quorum === 0
            ? `${who}, confirm to run it now (no approval needed).`
            : `${who}, confirm to ask ${approverCount(proposal.policy.quorum)} for approval.`,
    action: { id: proposal.action.actionId, title: proposal.action.title, target: proposal.action.target },
    parameters: cardParameters(proposal.action.parameters),
    parametersHash: proposal.action.parametersHash,
    missingParameters: proposal.missing,
    ...flagged(proposal, 'confirming'),
    risk: proposal.action.risk,
    requester: proposal.requester,
    reason: proposal.reason,
    evidence: proposal.evidence,
    approvals: { needed: proposal.policy.quorum, given: [] },
    expiresAt: proposal.validUntil,
    buttons,
    ...(complete || state !== 'proposed'
      ? {}
      : {
          hint: `To request it, write: run ${proposal.action.actionId} ${proposal.missing.map((name) => `${name}=…`).join(' ')}`,
        }),
  };
}

export function requestCard(request: ApprovalRequest): ApprovalCardView {
  const approvals = request.decisions
    .filter((d) => d.verdict === 'approve')
    .map((d) => ({ by: d.by, at: d.at }));
  const rejection = request.decisions.find((d) => d.verdict === 'reject');
  return {
    kind: 'request',
    id: request.id,
    state: request.status,
    headline: headline(request),
    statusLine: statusLine(request, approvals.length),
    action: { id: request.action.actionId, title: request.action.title, target: request.action.target },
    parameters: cardParameters(request.action.parameters),
    parametersHash: request.action.parametersHash,
    missingParameters: [],
    ...flagged(request, 'approving'),
    risk: request.action.risk,
    requester: request.requester,
    reason: request.reason,
    evidence: request.evidence,
    approvals: { needed: request.policy.quorum, given: approvals },
    ...(rejection
      ? { rejection: { by: rejection.by, reason: rejection.reason ?? '', at: rejection.at } }
      : {}),
    ...(request.cancelledBy ? { cancelledBy: request.cancelledBy } : {}),
    ...(request.cancelledBecause !== undefined ? { cancelledBecause: request.cancelledBecause } : {}),
    expiresAt: request.decideBy,
    ...(request.outcome ? { outcome: request.outcome } : {}),
    ...(request.renewedAs !== undefined ? { renewedAs: request.renewedAs } : {}),
    buttons: requestButtons(request),
  };
}

/** A model's proposal is marked as such on every card, with the values the requester did not type. */
function flagged(
  subject: ActionProposal | ApprovalRequest,
  before: 'confirming' | 'approving',
): Pick<ApprovalCardView, 'flaggedParameters' | 'warning' | 'proposedByModel'> {
  const flags = subject.flaggedParameters ?? [];
  const byModel = 'source' in subject ? subject.source === 'model' : subject.proposedByModel === true;
  if (!byModel && flags.length === 0) {
    return {};
  }
  return {
    ...(flags.length > 0 ? { flaggedParameters: flags } : {}),
    ...(byModel ? { proposedByModel: true } : {}),
    warning: flagWarning(flags, displayName(subject.requester), before),
  };
}

function requestButtons(request: ApprovalRequest): CardButton[] {
  switch (request.status) {
    case 'pending':
      return [
        button('approve', 'Approve', 'primary', 'approvers'),
        { ...button('reject', 'Reject', 'danger', 'approvers'), needsReason: true },
        button('cancel', 'Cancel request', 'default', 'requester'),
      ];
    case 'expired':
      return request.renewedAs === undefined
        ? [button('request-again', 'Request again', 'primary', 'requester')]
        : [];
    case 'approved':
    case 'executing':
    case 'succeeded':
    case 'failed':
    case 'unknown':
    case 'rejected':
    case 'cancelled':
      return [];
  }
}

function headline(request: ApprovalRequest): string {
  const title = request.action.title;
  switch (request.status) {
    case 'pending':
      return `Approval needed: ${title}`;
    case 'approved':
      return `Approved: ${title}`;
    case 'executing':
      return `Running: ${title}`;
    case 'succeeded':
      return `Done: ${title}`;
    case 'failed':
      return `Failed: ${title}`;
    case 'unknown':
      return `Outcome unknown: ${title}`;
    case 'rejected':
      return `Rejected: ${title}`;
    case 'expired':
      return `Expired without a decision: ${title}`;
    case 'cancelled':
      return `Cancelled: ${title}`;
  }
}

function statusLine(request: ApprovalRequest, approvals: number): string {
  switch (request.status) {
    case 'pending': {
      const remaining = request.policy.quorum - approvals;
      return `Waiting for ${remaining === 1 ? '1 more approval' : `${remaining} more approvals`} (${approvals} of ${request.policy.quorum}); decide by ${formatTime(request.decideBy)}.`;
    }
    case 'approved':
      return request.policy.quorum === 0 ? 'Needs no approval; starting now.' : 'Approved; starting now.';
    case 'executing':
      return request.attempts > 1 ? `Running (attempt ${request.attempts}).` : 'Running.';
    case 'succeeded':
      return `Succeeded: ${request.outcome?.summary ?? 'done'}.`;
    case 'failed':
      return `Failed: ${request.outcome?.summary ?? 'unknown error'}.`;
    case 'unknown':
      return `Outcome unknown: ${request.outcome?.summary ?? 'no answer'}. It may have run; it was not sent again. Check the target before requesting it again.`;
    case 'rejected': {
      const rejection = request.decisions.find((d) => d.verdict === 'reject');
      return rejection ? `Rejected by ${displayName(rejection.by)}: ${rejection.reason ?? ''}` : 'Rejected.';
    }
    case 'expired':
      return request.renewedAs === undefined
        ? `Nobody decided by ${formatTime(request.decideBy)}; nothing ran. The requester can request it again.`
        : 'Expired; requested again.';
    case 'cancelled':
      return request.cancelledBecause !== undefined
        ? `Cancelled: ${request.cancelledBecause}; nothing ran.`
        : `Cancelled by ${request.cancelledBy ? displayName(request.cancelledBy) : 'the requester'}; nothing ran.`;
  }
}

function button(
  action: CardAction,
  label: string,
  style: CardButton['style'],
  audience: CardButton['audience'],
): CardButton {
  return { action, label, style, audience, needsReason: false };
}

function cardParameters(parameters: Readonly<Record<string, unknown>>): CardParameter[] {
  return Object.keys(parameters)
    .sort()
    .map((name) => {
      const value = parameters[name];
      return { name, value: typeof value === 'string' ? value : JSON.stringify(value) };
    });
}

function approverCount(quorum: number): string {
  return quorum === 1 ? 'an approver' : `${quorum} approvers`;
}

export function displayName(person: Person): string {
  return person.name ?? person.userId;
}

export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The card as Markdown text: the fallback platforms show in notifications, and what a platform
 * without rich cards (or a log line) shows.
 */
export function cardAsText(card: ApprovalCardView): string {
  const lines = [
    `*${card.headline}*`,
    card.statusLine,
    '',
    `*What will run:* ${card.action.title} (\`${card.action.id}\`) → ${card.action.target}`,
  ];
  const flagged = new Set(card.flaggedParameters?.map((flag) => flag.name));
  for (const parameter of card.parameters) {
    const mark = flagged.has(parameter.name) ? ' ⚠️ from a document' : '';
    lines.push(`• \`${parameter.name}\` = \`${parameter.value}\`${mark}`);
  }
  if (card.warning !== undefined) {
    lines.push(`⚠️ ${card.warning}`);
  }
  lines.push(`*Fingerprint:* \`${card.parametersHash.slice(0, 12)}\``);
  lines.push(`*Requested by:* ${displayName(card.requester)}  *Risk:* ${card.risk}`);
  if (card.reason) {
    lines.push(`*Why:* ${card.reason}`);
  }
  if (card.evidence.citations.length > 0) {
    lines.push(`*Sources:* ${card.evidence.citations.map(citationLabel).join('; ')}`);
  }
  if (card.hint) {
    lines.push(card.hint);
  }
  return lines.join('\n');
}

function citationLabel(citation: Citation): string {
  return citation.url ? `[${citation.title}](${citation.url})` : citation.title;
}
