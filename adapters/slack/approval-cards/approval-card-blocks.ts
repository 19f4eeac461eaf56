import type { ApprovalValues } from '../../../src/approval-rules/approval-values.js';
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  RichTextBlock,
  RichTextElement,
  RichTextSection,
  SectionBlock,
} from '@slack/types';
import type { ApprovalCardView, CardButton } from '../../../src/approval-rules/approval-card.js';
import type { ExcerptLine } from '../../../src/approval-rules/approval-types.js';
import { citationsBlock } from '../render/blocks.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import type { SlackMessage } from '../slack-web-api.js';
import { APPROVAL_IDS, approvalActionId } from './approval-ids.js';
import { cardHeader, cardStatus, decisionLines, riskLabel } from './card-status.js';
import { clip, lengthOf, mention, slackDate, withoutCredentials } from './card-text.js';

/** How much of each long part a card shows; later levels are used when a card is too large. */
interface Detail {
  readonly parameters: number;
  readonly valueChars: number;
  readonly reasonChars: number;
  readonly excerptLines: number;
  readonly excerptChars: number;
  readonly citations: number;
}

const DETAILS: readonly Detail[] = [
  { parameters: 25, valueChars: 500, reasonChars: 1500, excerptLines: 6, excerptChars: 400, citations: 5 },
  { parameters: 25, valueChars: 200, reasonChars: 600, excerptLines: 4, excerptChars: 200, citations: 3 },
  { parameters: 12, valueChars: 80, reasonChars: 300, excerptLines: 0, excerptChars: 0, citations: 0 },
];

/**
 * Slack refuses a message whose blocks add up to more than about 13,000 characters
 * (`msg_blocks_too_long`, below the documented per-block limits); cards stay well under it.
 */
export const CARD_BLOCKS_BUDGET = 11_000;

const LIMITS = {
  header: 150,
  fieldText: 2000,
  contextText: 3000,
  buttonText: 75,
  parameterName: 100,
  target: 500,
  confirmText: 300,
  fallbackText: 3000,
  warning: 1500,
} as const;

/**
 * An approval card as a Block Kit message: exactly what will run (action, target, every
 * parameter and the fingerprint), who asked and why, the risk, the evidence, the deadline, the
 * decisions so far and the buttons the view allows. Text that people typed is shown as literal
 * rich text, so it can neither format nor mention anyone. Long values are shortened with a note
 * (the fingerprint still covers them in full); a card too large for Slack drops detail level by
 * level, the conversation excerpt first.
 */
export function renderApprovalCard(card: ApprovalCardView, values: ApprovalValues): SlackMessage {
  let blocks: KnownBlock[] = [];
  for (const detail of DETAILS) {
    blocks = cardBlocks(card, detail, values);
    if (JSON.stringify(blocks).length <= CARD_BLOCKS_BUDGET) {
      break;
    }
  }
  return { text: clip(escapeMrkdwn(cardHeader(card)), LIMITS.fallbackText), blocks };
}

function cardBlocks(card: ApprovalCardView, detail: Detail, values: ApprovalValues): KnownBlock[] {
  const blocks: (KnownBlock | undefined)[] = [
    header(cardHeader(card)),
    section(cardStatus(card)),
    card.warning !== undefined
      ? section(`:warning: *Check before deciding:* ${flagWarning(card)}`)
      : undefined,
    factsSection(card),
    section(
      `*What will run:* ${escapeMrkdwn(card.action.title)} (\`${escapeMrkdwn(card.action.id)}\`)\n${codeSpan(clip(withoutCredentials(card.action.target), LIMITS.target))}`,
    ),
    ...parameterBlocks(card, detail),
    context(
      `Fingerprint \`${escapeMrkdwn(card.parametersHash)}\`: SHA-256 of the action and exactly these parameters.`,
    ),
    ...reasonBlocks(card, detail),
    excerptBlock(card, detail),
    detail.citations > 0 ? citationsBlock(card.evidence.citations.slice(0, detail.citations)) : undefined,
    decisionsBlock(card),
    card.hint ? context(`:bulb: ${escapeMrkdwn(card.hint)}`) : undefined,
    actions(card, values),
  ];
  return blocks.filter((block): block is KnownBlock => block !== undefined);
}

function factsSection(card: ApprovalCardView): SectionBlock {
  const fields = [`*Requested by*\n${mention(card.requester)}`, `*Risk*\n${riskLabel(card.risk)}`];
  if (card.approvals.needed > 0) {
    fields.push(
      card.kind === 'request'
        ? `*Approvals*\n${card.approvals.given.length} of ${card.approvals.needed}`
        : `*Approvals needed*\n${card.approvals.needed}`,
    );
  }
  if (card.state === 'proposed' || card.state === 'pending') {
    fields.push(`*${card.kind === 'proposal' ? 'Confirm by' : 'Decide by'}*\n${slackDate(card.expiresAt)}`);
  }
  return {
    type: 'section',
    fields: fields.map((text) => ({ type: 'mrkdwn', text: clip(text, LIMITS.fieldText) })),
  };
}

function parameterBlocks(card: ApprovalCardView, detail: Detail): KnownBlock[] {
  if (card.parameters.length === 0) {
    return [context('No parameters.')];
  }
  const shown = card.parameters.slice(0, detail.parameters);
  const flagged = new Set(card.flaggedParameters?.map((flag) => flag.name));
  const items: RichTextSection[] = shown.map((parameter) => {
    const elements: RichTextElement[] = [
      { type: 'text', text: clip(parameter.name, LIMITS.parameterName), style: { bold: true } },
      { type: 'text', text: ' = ' },
    ];
    if (parameter.value === '') {
      elements.push({ type: 'text', text: '(empty)', style: { italic: true } });
    } else {
      elements.push({ type: 'text', text: clip(parameter.value, detail.valueChars), style: { code: true } });
      if (lengthOf(parameter.value) > detail.valueChars) {
        elements.push({
          type: 'text',
          text: ` (shortened here: ${lengthOf(parameter.value)} characters in full)`,
          style: { italic: true },
        });
      }
    }
    if (flagged.has(parameter.name)) {
      elements.push({ type: 'text', text: '  ⚠️ taken from a document', style: { bold: true } });
    }
    return { type: 'rich_text_section', elements };
  });
  const list: RichTextBlock = {
    type: 'rich_text',
    elements: [{ type: 'rich_text_list', style: 'bullet', elements: items }],
  };
  const hidden = card.parameters.length - shown.length;
  return hidden > 0
    ? [
        list,
        context(
          `…and ${hidden} more ${hidden === 1 ? 'parameter' : 'parameters'}; the fingerprint covers every one.`,
        ),
      ]
    : [list];
}

function reasonBlocks(card: ApprovalCardView, detail: Detail): KnownBlock[] {
  const reason = card.reason.trim();
  if (reason === '') {
    return [];
  }
  return [
    {
      type: 'rich_text',
      elements: [
        { type: 'rich_text_section', elements: [{ type: 'text', text: 'Why', style: { bold: true } }] },
        { type: 'rich_text_quote', elements: [{ type: 'text', text: clip(reason, detail.reasonChars) }] },
      ],
    },
  ];
}

function excerptBlock(card: ApprovalCardView, detail: Detail): RichTextBlock | undefined {
  const lines = card.evidence.excerpt.slice(-detail.excerptLines);
  if (detail.excerptLines === 0 || lines.length === 0) {
    return undefined;
  }
  const quoted: RichTextElement[] = lines.flatMap((line, index) => [
    { type: 'text', text: `${excerptAuthor(line, card)}: `, style: { bold: true } },
    { type: 'text', text: clip(line.text, detail.excerptChars) + (index < lines.length - 1 ? '\n' : '') },
  ]);
  return {
    type: 'rich_text',
    elements: [
      {
        type: 'rich_text_section',
        elements: [{ type: 'text', text: 'Conversation that led to this', style: { bold: true } }],
      },
      { type: 'rich_text_quote', elements: quoted },
    ],
  };
}

/**
 * Excerpt authors are named, not mentioned: a card copy in the approvers' channel must not
 * notify everyone who took part in the thread.
 */
function excerptAuthor(line: ExcerptLine, card: ApprovalCardView): string {
  if (line.authorName !== undefined) {
    return line.authorName;
  }
  if (line.authorId === 'steward') {
    return 'Steward';
  }
  return line.authorId === card.requester.userId ? (card.requester.name ?? 'Requester') : 'Participant';
}

function decisionsBlock(card: ApprovalCardView): ContextBlock | undefined {
  const lines = decisionLines(card);
  return lines.length > 0 ? context(lines.join('\n')) : undefined;
}

function actions(card: ApprovalCardView, values: ApprovalValues): ActionsBlock | undefined {
  if (card.buttons.length === 0) {
    return undefined;
  }
  return {
    type: 'actions',
    block_id: APPROVAL_IDS.actionsBlock,
    elements: card.buttons.map((button) => toButton(button, card, values)),
  };
}

function toButton(button: CardButton, card: ApprovalCardView, values: ApprovalValues): Button {
  const confirmation = confirmationFor(button, card);
  return {
    type: 'button',
    action_id: approvalActionId(button.action),
    text: { type: 'plain_text', text: clip(button.label, LIMITS.buttonText), emoji: true },
    // Signed: a click is read only when Steward drew the button (ApprovalValues, the trust rule).
    value: values.button(button.action, card.id),
    ...(button.style === 'default' ? {} : { style: button.style }),
    ...(confirmation ? { confirm: confirmation } : {}),
  };
}

/** A second "are you sure" for the clicks that let something run: high-risk approvals, and running at once. */
function confirmationFor(button: CardButton, card: ApprovalCardView): Button['confirm'] {
  const runsNow = button.action === 'confirm' && card.approvals.needed === 0;
  if (!(button.action === 'approve' && card.risk === 'high') && !runsNow) {
    return undefined;
  }
  const text = clip(
    `*${escapeMrkdwn(card.action.title)}* will run with exactly the parameters on the card (fingerprint \`${card.parametersHash.slice(0, 12)}\`).`,
    LIMITS.confirmText,
  );
  return {
    title: { type: 'plain_text', text: runsNow ? 'Run it now?' : 'Approve this high-risk action?' },
    text: { type: 'mrkdwn', text },
    confirm: { type: 'plain_text', text: runsNow ? 'Run it' : 'Approve' },
    deny: { type: 'plain_text', text: 'Go back' },
    style: runsNow ? 'primary' : 'danger',
  };
}

/**
 * The neutral warning names parameters and the documents they came from (untrusted titles, so
 * escaped) and the requester, who is mentioned where Slack knows them only by id.
 */
function flagWarning(card: ApprovalCardView): string {
  const text = escapeMrkdwn(clip(card.warning ?? '', LIMITS.warning));
  const { requester } = card;
  return requester.name === undefined && requester.userId !== ''
    ? text.split(requester.userId).join(mention(requester))
    : text;
}

function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.header), emoji: true } };
}

function section(mrkdwn: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, 3000) } };
}

function context(mrkdwn: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn, LIMITS.contextText) }] };
}

/** A code span that stays one: backticks inside would end it, so they are percent-encoded (URLs). */
function codeSpan(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, '%60'))}\``;
}
