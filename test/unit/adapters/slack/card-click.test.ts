import type { BlockAction, ButtonAction } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { postedMessage, readCardClick } from '../../../../adapters/slack/approval-cards/card-click.js';
import {
  readReason,
  readRejectTarget,
  rejectReasonModal,
} from '../../../../adapters/slack/approval-cards/reject-reason-modal.js';
import { encodeCardButton } from '../../../../src/approval-rules/card-buttons.js';
import { newApprovalId } from '../../../../src/approval-rules/request-id.js';
import { ValueSigner } from '../../../../src/signing/value-signer.js';
import { testApprovalValues } from '../../../support/card-signing.js';
import { slackFixture } from '../../../support/slack-payloads.js';

const id = newApprovalId();
const values = testApprovalValues();
const CLICKED = {
  address: { platform: 'slack', tenantId: 'T0ACME', channelId: 'C0OPS', threadId: '1763380000.223400' },
  messageId: '1800000000.000002',
} as const;

function click(overrides: { action?: Record<string, unknown>; container?: Record<string, unknown> } = {}) {
  const payload = slackFixture('block-actions-approval');
  const [action] = payload.actions as Record<string, unknown>[];
  const merged = {
    ...action,
    value: values.button('approve', id),
    ...overrides.action,
  } as unknown as ButtonAction;
  const body = {
    ...payload,
    container: { ...(payload.container as Record<string, unknown>), ...overrides.container },
    actions: [merged],
  } as unknown as BlockAction<ButtonAction>;
  return readCardClick(body, merged, 'T0ACME', values);
}

describe('reading an approval click', () => {
  it('takes the action and id from the signed value and the card from Slack’s container', () => {
    expect(click()).toEqual({
      ok: true,
      click: {
        action: 'approve',
        id,
        value: values.button('approve', id),
        unsigned: false,
        message: CLICKED,
        threadTs: '1763380000.223400',
      },
    });
  });

  it('reads the unsigned value of a card drawn before signing, and says it was unsigned', () => {
    expect(click({ action: { value: encodeCardButton('approve', id) } })).toMatchObject({
      ok: true,
      click: { action: 'approve', id, unsigned: true },
    });
  });

  it.each([
    ['a value that is no approval button', { action: { value: 'steward:approve:x' } }, 'unknown value format'],
    ['a value for another button', { action: { value: values.button('reject', id) } }, 'value of another button'],
    [
      'a value signed with another key',
      { action: { value: testApprovalValues('k'.repeat(32)).button('approve', id) } },
      'signature mismatch',
    ],
    ['a button without a value', { action: { value: undefined } }, 'not an approval value'],
  ])('refuses %s as forged, saying where it was clicked', (_what, overrides, reason) => {
    expect(click(overrides)).toEqual({
      ok: false,
      reason,
      forged: { message: CLICKED, threadTs: '1763380000.223400' },
    });
  });

  it.each([
    ['an ephemeral message', { container: { is_ephemeral: true } }, 'not clicked on a posted message'],
    ['a view instead of a message', { container: { type: 'view' } }, 'not clicked on a posted message'],
    ['a malformed channel', { container: { channel_id: 'C0<script>' } }, 'message or channel missing'],
    ['a malformed message ts', { container: { message_ts: 'yesterday' } }, 'message or channel missing'],
  ])('refuses %s', (_what, overrides, reason) => {
    expect(click(overrides)).toEqual({ ok: false, reason });
  });
});

describe('the Reject reason form', () => {
  const signer = new ValueSigner('a'.repeat(32), 'steward/slack-reject-form');
  const target = {
    value: values.button('reject', id),
    channelId: 'C0OPS',
    messageTs: '1800000000.000002',
  };

  it('reads back only metadata it could have written', () => {
    const clicked = {
      ...target,
      action: 'reject' as const,
      id,
      unsigned: false,
      message: postedMessage('T0', 'C0OPS', target.messageTs, undefined),
      threadTs: undefined,
    };
    const metadata = rejectReasonModal(clicked, undefined, signer).private_metadata ?? '';
    expect(readRejectTarget(metadata, signer)).toEqual({ ...target, threadTs: undefined });
    const sign = (payload: string) => signer.sign('slack-reject-target', payload);
    expect(readRejectTarget(sign('not json'), signer)).toBeUndefined();
    expect(readRejectTarget(sign(JSON.stringify({ ...target, channelId: 42 })), signer)).toBeUndefined();
    expect(readRejectTarget(sign(JSON.stringify({ ...target, threadTs: 'later' })), signer)).toBeUndefined();
  });

  it('refuses metadata that was changed, unsigned or signed with another key', () => {
    const metadata =
      rejectReasonModal(
        {
          ...target,
          action: 'reject',
          id,
          unsigned: false,
          message: postedMessage('T0', 'C0OPS', target.messageTs, undefined),
          threadTs: undefined,
        },
        undefined,
        signer,
      ).private_metadata ?? '';
    const [version, payload, mac] = metadata.split('.');
    const forged = Buffer.from(JSON.stringify({ ...target, channelId: 'C0OTHER' })).toString('base64url');
    expect(readRejectTarget(`${version}.${forged}.${mac}`, signer)).toBeUndefined();
    expect(readRejectTarget(`${version}.${payload}.${'A'.repeat(22)}`, signer)).toBeUndefined();
    expect(readRejectTarget(JSON.stringify(target), signer)).toBeUndefined();
    const otherKey = new ValueSigner('b'.repeat(32), 'steward/slack-reject-form');
    expect(readRejectTarget(metadata, otherKey)).toBeUndefined();
  });

  it('reads the typed reason, trimmed', () => {
    expect(readReason({ steward_reason: { steward_reason_text: { value: '  too risky today \n' } } })).toBe(
      'too risky today',
    );
    expect(readReason({ steward_reason: { steward_reason_text: { value: null } } })).toBe('');
    expect(readReason(undefined)).toBe('');
  });
});
