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

  it('refuses to sign with an empty secret or none', () => {
    expect(() => new ValueSigner('', 'steward/test')).toThrow(RangeError);
    expect(() => new ValueSigner([], 'steward/test')).toThrow(RangeError);
    expect(() => new ValueSigner([SECRET, ''], 'steward/test')).toThrow(RangeError);
  });

  describe('with a keyring (rotation)', () => {
    const NEW = 'n'.repeat(32);
    const rotated = new ValueSigner([NEW, SECRET], 'steward/test');

    it('signs with the newest secret and still accepts what the older one signed', () => {
      const old = signer.sign('p', 'approve:1');
      expect(rotated.verify('p', old)).toEqual({ ok: true, payload: 'approve:1' });
      const fresh = rotated.sign('p', 'approve:1');
      expect(fresh).not.toBe(old);
      expect(new ValueSigner(NEW, 'steward/test').verify('p', fresh)).toEqual({ ok: true, payload: 'approve:1' });
      // The older secret alone no longer accepts what the newest signs.
      expect(signer.verify('p', fresh)).toEqual({ ok: false, reason: 'signature mismatch' });
    });

    it('refuses what a secret dropped from the ring signed', () => {
      const retired = new ValueSigner('r'.repeat(32), 'steward/test').sign('p', 'approve:1');
      expect(rotated.verify('p', retired)).toEqual({ ok: false, reason: 'signature mismatch' });
    });
  });
});
