import { describe, expect, it } from 'vitest';
import { ValueSigner } from '../../../../src/signing/value-signer.js';

const SECRET = 's'.repeat(32);

describe('ValueSigner', () => {
  const signer = new ValueSigner(SECRET, 'steward/test');

  it('gives back the payload it signed, for the same purpose', () => {
    const value = signer.sign('reject-target', '{"channel":"C0OPS","ünïcode":true}');
    expect(signer.verify('reject-target', value)).toEqual({
      ok: true,
      payload: '{"channel":"C0OPS","ünïcode":true}',
    });
  });

  it('refuses a value signed for another purpose, domain or secret', () => {
    const value = signer.sign('reject-target', 'payload');
    expect(signer.verify('approval-button', value)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(new ValueSigner(SECRET, 'steward/other').verify('reject-target', value)).toMatchObject({
      ok: false,
    });
    expect(new ValueSigner('t'.repeat(32), 'steward/test').verify('reject-target', value)).toMatchObject({
      ok: false,
    });
  });

  it('refuses a changed payload or MAC', () => {
    const [version, payload, mac] = signer.sign('p', 'approve:1').split('.');
    const changed = Buffer.from('approve:2').toString('base64url');
    expect(signer.verify('p', `${version}.${changed}.${mac}`)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(signer.verify('p', `${version}.${payload}.${mac?.slice(0, -2)}`)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });

  it.each([
    ['a non-string', 42, 'not a signed value'],
    ['plain text', 'approval.v1:approve:x', 'unknown value format'],
    ['another version', '2.cGF5bG9hZA.AAAA', 'unknown value format'],
    ['extra parts', '1.cGF5bG9hZA.AAAA.AAAA', 'unknown value format'],
    ['an empty MAC', '1.cGF5bG9hZA.', 'unknown value format'],
  ])('refuses %s', (_what, value, reason) => {
    expect(signer.verify('p', value)).toEqual({ ok: false, reason });
  });

  it('refuses to sign with an empty secret', () => {
    expect(() => new ValueSigner('', 'steward/test')).toThrow(RangeError);
  });
});
