import { describe, expect, it } from 'vitest';
import { FormMetadataSigner } from '../../../../../adapters/slack/channel-settings/form-metadata.js';
import { ValueSigner } from '../../../../../src/signing/value-signer.js';

const metadata = { channelId: 'C0IT', version: 4, openedBy: 'U0ANN', origin: 'command' as const };

describe('the settings form’s signed metadata', () => {
  const signer = new FormMetadataSigner('signing-secret');

  it('gives back what it was signed with, including the inputs whose stored values are kept', () => {
    expect(signer.verify(signer.sign(metadata))).toEqual({ ok: true, value: metadata });
    const kept = { ...metadata, origin: 'home' as const, kept: ['knowledgeFilter'] };
    expect(signer.verify(signer.sign(kept))).toEqual({ ok: true, value: kept });
  });

  it('refuses metadata altered, signed with another secret, cut short or made up', () => {
    const value = signer.sign(metadata);
    const [version, , mac] = value.split('.');
    const otherChannel = Buffer.from(JSON.stringify({ ...metadata, channelId: 'C0HR' })).toString(
      'base64url',
    );
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
      reason: 'unknown value format',
    });
    expect(signer.verify('{"channelId":"C0IT"}')).toEqual({ ok: false, reason: 'unknown value format' });
    expect(signer.verify(undefined)).toEqual({ ok: false, reason: 'not a signed value' });
  });

  it('refuses a value signed for another purpose of the same key', () => {
    const payload = JSON.stringify(metadata);
    const other = new ValueSigner('signing-secret', 'steward/slack-view-metadata').sign(
      'reject-form',
      payload,
    );
    expect(signer.verify(other)).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('refuses a correctly signed payload that is not metadata', () => {
    const forger = new ValueSigner('signing-secret', 'steward/slack-view-metadata');
    const payload = JSON.stringify({ ...metadata, version: -1 });
    expect(signer.verify(forger.sign('settings-form', payload))).toEqual({
      ok: false,
      reason: 'signed payload unreadable',
    });
  });
});
