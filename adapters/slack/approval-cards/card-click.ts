import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Person } from '../../../src/approval-rules/approval-types.js';
import type { OrganisationRelation } from '../../../src/conversation/types.js';
import type { ApprovalValues } from '../../../src/approval-rules/approval-values.js';
import type { CardAction } from '../../../src/approval-rules/card-buttons.js';
import type { PostedMessage } from '../../../src/ports/chat-messenger.js';
import { isRecord } from '../request-body.js';
import { isSlackTs } from '../slack-thread.js';
import { approvalActionId } from './approval-ids.js';

/** A click on an approval card, read from Slack's signed request. */
export interface CardClick {
  readonly action: CardAction;
  /** Proposal or request id, from the button value. */
  readonly id: string;
  /** The value as the button carried it (for the reason modal to send on). */
  readonly value: string;
  /** The value had no signature (a card drawn before values were signed); see ApprovalValues. */
  readonly unsigned: boolean;
  /** The card message clicked, where the request must have a card. */
  readonly message: PostedMessage;
  /** The clicked message's thread, where private notices appear next to it. */
  readonly threadTs: string | undefined;
}

export type ReadClick =
  | { readonly ok: true; readonly click: CardClick }
  /** `forged`: the value is not one Steward signed for this button, clicked on `message`. */
  | { readonly ok: false; readonly reason: string; readonly forged?: { readonly message: PostedMessage; readonly threadTs: string | undefined } };

const SLACK_ID = /^[A-Z0-9]{2,30}$/;

/**
 * What a block_actions payload says was clicked. The button value is signed (ApprovalValues) and
 * names only the action and the id; the clicked message and its channel come from Slack's
 * container, and whether the clicker may do anything is decided later from the stored request. A
 * value Steward did not sign, or that does not match the button's action id, is forged.
 */
export function readCardClick(
  body: BlockAction<ButtonAction>,
  action: ButtonAction,
  tenantId: string,
  values: ApprovalValues,
): ReadClick {
  const container: unknown = body.container;
  if (!isRecord(container) || container.type !== 'message' || container.is_ephemeral === true) {
    return { ok: false, reason: 'not clicked on a posted message' };
  }
  const channelId = container.channel_id;
  const messageTs = container.message_ts;
  if (!isSlackId(channelId) || !isSlackTs(messageTs)) {
    return { ok: false, reason: 'message or channel missing' };
  }
  const threadTs = isSlackTs(container.thread_ts) ? container.thread_ts : undefined;
  const message = postedMessage(tenantId, channelId, messageTs, threadTs);
  const button = action.type === 'button' ? values.readButton(action.value) : undefined;
  if (button === undefined || !button.ok || approvalActionId(button.value.action) !== action.action_id) {
    const reason = !button ? 'not a button' : !button.ok ? button.reason : 'value of another button';
    return { ok: false, reason, forged: { message, threadTs } };
  }
  return {
    ok: true,
    click: {
      action: button.value.action,
      id: button.value.id,
      value: action.value ?? '',
      unsigned: !button.signed,
      message,
      threadTs,
    },
  };
}

export function postedMessage(
  tenantId: string,
  channelId: string,
  messageTs: string,
  threadTs: string | undefined,
): PostedMessage {
  return {
    address: {
      platform: 'slack',
      tenantId,
      channelId,
      ...(threadTs !== undefined ? { threadId: threadTs } : {}),
    },
    messageId: messageTs,
  };
}

/**
 * The clicker as Slack vouched for them in the signed request (never anything from the button):
 * their user id in the workspace the app is installed in, their user name for the record, and
 * whether their team makes them one of the organisation's people (see inbound/organisation.ts).
 */
export function slackActor(
  tenantId: string,
  user: { readonly id: string; readonly username?: string; readonly name?: string },
  organisation: OrganisationRelation,
): Person {
  const name = user.username ?? user.name;
  return { platform: 'slack', tenantId, userId: user.id, ...(name ? { name } : {}), organisation };
}

export function isSlackId(value: unknown): value is string {
  return typeof value === 'string' && SLACK_ID.test(value);
}
