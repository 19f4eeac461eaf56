import { describe, expect, it } from 'vitest';
import { ButtonValueSigner } from '../../../../adapters/slack/button-value.js';

const handle = { channelId: 'C0IT', threadId: '1763380000.123400', turnId: '2026-11-25T10:00:00.000Z#Ev123' };

describe('signed button values', () => {
  const signer = new ButtonValueSigner('signing-secret');

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
