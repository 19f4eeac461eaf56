import { describe, expect, it } from 'vitest';
import { FormMetadataSigner } from '../../../../../adapters/slack/channel-settings/form-metadata.js';

const metadata = { channelId: 'C0IT', version: 4, openedBy: 'U0ANN', origin: 'command' as const };

describe('the settings form’s signed metadata', () => {
  const signer = new FormMetadataSigner('signing-secret');

  it('gives back what it was signed with, including a kept filter', () => {
    expect(signer.verify(signer.sign(metadata))).toEqual({ ok: true, metadata });
    const kept = { ...metadata, origin: 'home' as const, keepsFilter: true as const };
    expect(signer.verify(signer.sign(kept))).toEqual({ ok: true, metadata: kept });
  });

  it('refuses metadata altered, signed with another secret, cut short or made up', () => {
    const value = signer.sign(metadata);
    const [version, , mac] = value.split('.');
    const otherChannel = Buffer.from(JSON.stringify(['C0HR', 4, 'U0ANN', 'command'])).toString('base64url');
    expect(signer.verify(`${version}.${otherChannel}.${mac}`)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(new FormMetadataSigner('another-secret').verify(value)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(signer.verify(value.split('.').slice(0, 2).join('.'))).toEqual({
      ok: false,
      reason: 'unknown metadata format',
    });
    expect(signer.verify('{"channelId":"C0IT"}')).toEqual({ ok: false, reason: 'unknown metadata format' });
    expect(signer.verify(undefined)).toEqual({ ok: false, reason: 'no form metadata' });
  });

  it('refuses a correctly signed payload that is not metadata', () => {
    const forger = new FormMetadataSigner('signing-secret');
    const payload = Buffer.from(JSON.stringify(['C0IT', -1, 'U0ANN', 'command'])).toString('base64url');
    const mac = (forger as unknown as { mac(payload: string): Buffer }).mac(payload).toString('base64url');
    expect(signer.verify(`1.${payload}.${mac}`)).toEqual({ ok: false, reason: 'signed metadata unreadable' });
  });
});
