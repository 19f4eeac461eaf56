import type { ModalView } from '@slack/types';
import { MAX_REASON_CHARS } from '../../../src/approval-rules/apply-vote.js';
import { z } from 'zod';
import { SignedJson } from '../../../src/signing/signed-json.js';
import type { ValueSigner } from '../../../src/signing/value-signer.js';
import { isRecord } from '../request-body.js';
import { APPROVAL_IDS } from './approval-ids.js';
import { isSlackTs } from '../slack-thread.js';
import { type CardClick, isSlackId } from './card-click.js';
import { clip } from './card-text.js';

/**
 * What the modal carries from the Reject click to its submission. Slack hands `private_metadata`
 * back in the submission, but anyone able to send a request could change it, so it is signed for
 * this one purpose and a submission whose metadata does not verify is refused.
 */
export interface RejectTarget {
  /** The Reject button's value. */
  readonly value: string;
  readonly channelId: string;
  readonly messageTs: string;
  readonly threadTs: string | undefined;
}

const REJECT_TARGET_PURPOSE = 'slack-reject-target';

/** The form that asks an approver why they reject: the reason is shown to the requester. */
export function rejectReasonModal(
  click: CardClick,
  cardTitle: string | undefined,
  signer: ValueSigner,
): ModalView {
  const target: RejectTarget = {
    value: click.value,
    channelId: click.message.address.channelId,
    messageTs: click.message.messageId,
    threadTs: click.threadTs,
  };
  return {
    type: 'modal',
    callback_id: APPROVAL_IDS.rejectModal,
    private_metadata: targetRecord(signer).sign(target),
    title: { type: 'plain_text', text: 'Reject request' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'plain_text',
          text: cardTitle ? `You are rejecting: ${clip(cardTitle, 200)}` : 'You are rejecting this request.',
        },
      },
      {
        type: 'input',
        block_id: APPROVAL_IDS.reasonBlock,
        label: { type: 'plain_text', text: 'Why?' },
        hint: {
          type: 'plain_text',
          text: 'The requester and everyone who sees the card will read it. Nothing runs.',
        },
        element: {
          type: 'plain_text_input',
          action_id: APPROVAL_IDS.reasonInput,
          multiline: true,
          max_length: MAX_REASON_CHARS,
          focus_on_load: true,
        },
      },
    ],
  };
}

/** What a signed target must hold: the Reject button's value and the clicked card's message. */
const rejectTargetSchema = z.object({
  value: z.string(),
  channelId: z.string().refine(isSlackId),
  messageTs: z.string().refine(isSlackTs),
  threadTs: z.string().refine(isSlackTs).optional(),
});

/** The target the modal was opened for, or undefined when the metadata is not ours. */
export function readRejectTarget(privateMetadata: string, signer: ValueSigner): RejectTarget | undefined {
  const verified = targetRecord(signer).verify(privateMetadata);
  return verified.ok ? { ...verified.value, threadTs: verified.value.threadTs } : undefined;
}

/** Slack's limit on a view's private_metadata. */
const MAX_PRIVATE_METADATA_CHARS = 3000;

function targetRecord(signer: ValueSigner): SignedJson<z.infer<typeof rejectTargetSchema>> {
  return new SignedJson(signer, REJECT_TARGET_PURPOSE, rejectTargetSchema, MAX_PRIVATE_METADATA_CHARS);
}

/** The reason typed, trimmed; empty when none. */
export function readReason(values: unknown): string {
  if (!isRecord(values)) {
    return '';
  }
  const block = values[APPROVAL_IDS.reasonBlock];
  const input = isRecord(block) ? block[APPROVAL_IDS.reasonInput] : undefined;
  return isRecord(input) && typeof input.value === 'string' ? input.value.trim() : '';
}
