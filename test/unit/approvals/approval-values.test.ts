import { describe, expect, it } from 'vitest';
import { encodeCardButton } from '../../../src/approval-rules/card-buttons.js';
import { newApprovalId } from '../../../src/approval-rules/request-id.js';
import { ValueSigner } from '../../../src/signing/value-signer.js';
import { TEST_CARD_SECRET, testApprovalValues } from '../../support/card-signing.js';

describe('the values approval cards carry', () => {
  const values = testApprovalValues();
  const id = newApprovalId();

  it('read back the action and id a button was drawn with, as signed', () => {
    expect(values.readButton(values.button('request-again', id))).toEqual({
      ok: true,
      value: { action: 'request-again', id },
      signed: true,
    });
    expect(values.readRefresh(values.refresh(id))).toEqual({ ok: true, value: id, signed: true });
  });

  it('read the unsigned values of cards drawn before signing, saying they were unsigned', () => {
    expect(values.readButton(encodeCardButton('approve', id))).toEqual({
      ok: true,
      value: { action: 'approve', id },
      signed: false,
    });
    expect(values.readRefresh(id)).toEqual({ ok: true, value: id, signed: false });
  });

  it('refuse a value signed with another key, for the other use, or changed', () => {
    const other = testApprovalValues('another-card-secret-0123456789abcdef');
    expect(values.readButton(other.button('approve', id))).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    // A refresh id is not a button, and a button is not a refresh id.
    expect(values.readButton(values.refresh(id))).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(values.readRefresh(values.button('approve', id))).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    const [version, , mac] = values.button('approve', id).split('.');
    const swapped = Buffer.from(encodeCardButton('approve', newApprovalId())).toString('base64url');
    expect(values.readButton(`${version}.${swapped}.${mac}`)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });

  it.each([
    ['a non-string', 42, 'not an approval value'],
    ['an overlong value', 'x'.repeat(257), 'not an approval value'],
    ['another action name', `approval.v1:delete:${id}`, 'unknown value format'],
    ['a malformed id', 'approval.v1:approve:../../etc', 'unknown value format'],
  ])('refuse %s', (_what, value, reason) => {
    expect(values.readButton(value)).toEqual({ ok: false, reason });
  });

  it('refuse a signed payload that names no button', () => {
    // Signed with the card key for buttons, but no card ever carries this payload.
    const odd = new ValueSigner(TEST_CARD_SECRET, 'steward/approval-values').sign(
      'approval-button',
      'approve please',
    );
    expect(values.readButton(odd)).toEqual({ ok: false, reason: 'signed payload unreadable' });
  });
});
