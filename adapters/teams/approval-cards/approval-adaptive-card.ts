import type { ApprovalValues } from '../../../src/approval-rules/approval-values.js';
import { canStillChange } from '../../../src/approval-rules/card-progress.js';
import type { ApprovalCardView, CardButton } from '../../../src/approval-rules/approval-card.js';
import { MAX_REASON_CHARS } from '../../../src/approval-rules/apply-vote.js';
import type { AdaptiveCard } from '../render/answer-card.js';
import { jsonBytes, MESSAGE_CONTENT_BUDGET_BYTES } from '../render/message-limits.js';
import { formMessage, type OutgoingMessage } from '../render/reply-activities.js';
import {
  evidenceSection,
  footerSection,
  headerSection,
  noticeSection,
  peopleOf,
  provenanceWarningSection,
  requestSection,
  type SectionLimits,
  whatWillRunSection,
} from './approval-card-sections.js';
import { APPROVAL_REFRESH_VERB, approvalVerb, REJECT_REASON_INPUT } from './approval-verbs.js';
import type { Element } from './plain-text.js';

/** Teams refreshes a card automatically for at most this many listed people. */
const MAX_REFRESH_USERS = 60;

/**
 * From the fullest card to the leanest: a card that does not fit one Teams message loses
 * evidence first, then long reasons, and only then are very long parameter values cut (their
 * fingerprint still covers every character).
 */
const LIMITS: readonly SectionLimits[] = [
  { excerptLines: 8, excerptChars: 400, sources: 5, reasonChars: 2000, parameterChars: 4000 },
  { excerptLines: 3, excerptChars: 200, sources: 3, reasonChars: 1000, parameterChars: 4000 },
  { excerptLines: 0, excerptChars: 0, sources: 3, reasonChars: 500, parameterChars: 1000 },
  { excerptLines: 0, excerptChars: 0, sources: 0, reasonChars: 300, parameterChars: 200 },
];

export interface ApprovalCardOptions {
  /** A private word for the person who clicked ("You are not an approver for this."). */
  readonly notice?: string;
}

/**
 * An approval card as an Adaptive Card 1.5 with Universal Actions: every button is an
 * Action.Execute whose invoke answers with the card as it now stands, Reject opens a panel that
 * asks for the reason, and while the request can still change the card carries a `refresh` so
 * Teams asks for its current state whenever someone looks at it.
 */
export function approvalAdaptiveCard(
  view: ApprovalCardView,
  values: ApprovalValues,
  options: ApprovalCardOptions = {},
): AdaptiveCard {
  let card: AdaptiveCard | undefined;
  for (const limits of LIMITS) {
    card = render(view, limits, values, options);
    if (jsonBytes(card) <= MESSAGE_CONTENT_BUDGET_BYTES) {
      return card;
    }
  }
  return card ?? render(view, LIMITS[LIMITS.length - 1] as SectionLimits, values, options);
}

/** The message that carries an approval card, with the headline for notifications and chat lists. */
export function approvalCardMessage(view: ApprovalCardView, values: ApprovalValues): OutgoingMessage {
  return formMessage(approvalAdaptiveCard(view, values), view.headline);
}

function render(
  view: ApprovalCardView,
  limits: SectionLimits,
  values: ApprovalValues,
  options: ApprovalCardOptions,
): AdaptiveCard {
  const body: Element[] = [headerSection(view)];
  if (options.notice !== undefined && options.notice !== '') {
    body.push(noticeSection(options.notice));
  }
  const warning = provenanceWarningSection(view);
  if (warning !== undefined) {
    body.push(warning);
  }
  body.push(
    ...whatWillRunSection(view, limits),
    ...requestSection(view, limits),
    ...evidenceSection(view, limits),
    ...footerSection(view),
  );
  const refresh = refreshOf(view, values);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    // Universal Actions (Action.Execute and refresh) need 1.4; current Teams clients render 1.5.
    version: '1.5',
    msteams: { width: 'Full' },
    fallbackText: `${view.headline}. ${view.statusLine}`,
    ...(refresh !== undefined ? { refresh } : {}),
    body,
    ...(view.buttons.length > 0 ? { actions: view.buttons.map((button) => buttonAction(view, button, values)) } : {}),
  };
}

function buttonAction(view: ApprovalCardView, button: CardButton, values: ApprovalValues): Element {
  const execute = {
    type: 'Action.Execute',
    title: button.label,
    verb: approvalVerb(button.action),
    // Signed, like every value a card carries back (ApprovalValues, the trust rule).
    data: { approval: values.button(button.action, view.id) },
    ...(button.style === 'primary' ? { style: 'positive' } : {}),
    ...(button.style === 'danger' ? { style: 'destructive' } : {}),
  };
  if (!button.needsReason) {
    return execute;
  }
  // The reason is typed on the card itself and travels with the Reject click.
  return {
    type: 'Action.ShowCard',
    title: `${button.label}…`,
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.Text',
          id: REJECT_REASON_INPUT,
          label: `Why do you reject it? ${view.requester.name ?? 'The requester'} will see your reason.`,
          isMultiline: true,
          isRequired: true,
          maxLength: MAX_REASON_CHARS,
          errorMessage: 'Say why you reject it.',
          placeholder: 'The reason for rejecting',
        },
      ],
      actions: [{ ...execute, title: button.label }],
    },
  };
}

/**
 * Teams asks for the card's current state when someone looks at it: in chats and channels of
 * up to 60 people for everyone, in larger ones for the people listed (the requester and everyone
 * who decided). Cards that can no longer change carry no refresh.
 */
function refreshOf(view: ApprovalCardView, values: ApprovalValues): Element | undefined {
  if (!canStillChange(view)) {
    return undefined;
  }
  const userIds = [
    ...new Set(
      peopleOf(view)
        .filter((person) => person.platform === 'teams')
        .map((person) => person.userId),
    ),
  ].slice(0, MAX_REFRESH_USERS);
  return {
    action: {
      type: 'Action.Execute',
      title: 'Refresh',
      verb: APPROVAL_REFRESH_VERB,
      data: { requestId: values.refresh(view.id) },
    },
    userIds,
  };
}

