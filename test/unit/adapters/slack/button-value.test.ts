import { describe, expect, it } from 'vitest';
import { ButtonValueSigner } from '../../../../adapters/slack/button-value.js';

const handle = { channelId: 'C0IT', threadId: '1763380000.123400', turnId: '2026-11-25T10:00:00.000Z#Ev123' };

describe('signed button values', () => {
  const signer = new ButtonValueSigner('signing-secret');

  it('still accepts the buttons already posted: the value format and key did not change', () => {
    // Signed by the implementation that predates the shared ValueSigner, with this secret.
    const posted = '1.WyJDME9QUyIsIjE4MDAwMDAwMDAuMDAwMDAxIiwidHVybi0xIl0.vwJnLv2u8JO2HrwT7JJ4NA';
    const handle = { channelId: 'C0OPS', threadId: '1800000000.000001', turnId: 'turn-1' };
    const withSecret = new ButtonValueSigner('k'.repeat(32));
    expect(withSecret.verify('feedback', posted)).toEqual({ ok: true, handle });
    expect(withSecret.sign('feedback', handle)).toBe(posted);
    expect(withSecret.verify('share', posted)).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('gives back the answer it was signed for', () => {
    expect(signer.verify('feedback', signer.sign('feedback', handle))).toEqual({ ok: true, handle });
  });

  it('refuses a value signed for another purpose, with another secret, or altered', () => {
    const value = signer.sign('feedback', handle);
    expect(signer.verify('share', value)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(new ButtonValueSigner('another-secret').verify('feedback', value)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    const [version, payload, mac] = value.split('.');
    const altered = Buffer.from(JSON.stringify(['C0IT', handle.threadId, 'other-turn'])).toString(
      'base64url',
    );
    expect(signer.verify('feedback', `${version}.${altered}.${mac}`)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(signer.verify('feedback', `${version}.${payload}`)).toEqual({
      ok: false,
      reason: 'unknown value format',
    });
    expect(signer.verify('feedback', 42)).toEqual({ ok: false, reason: 'not a button value' });
  });

  it('stays well within Slack’s 2,000-character limit for a button value', () => {
    expect(signer.sign('share', handle).length).toBeLessThan(300);
  });
});
