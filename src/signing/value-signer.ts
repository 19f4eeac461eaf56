import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifiedPayload =
  { readonly ok: true; readonly payload: string } | { readonly ok: false; readonly reason: string };

const VERSION = '1';
/** 128 bits: forging one is out of reach, and values stay short. */
const MAC_BYTES = 16;

/**
 * Signs text that Steward hands to a chat platform and gets back later (view metadata, button
 * values, card data). Whoever can send a request to our endpoint can change such text, so it is
 * trusted only when its MAC checks out. The key is derived from a secret and a domain, and each
 * MAC is bound to a purpose, so a value signed for one use is refused for any other. The version
 * leads the value so the format can change without misreading values already posted.
 *
 * Secrets form a keyring, newest first: the first signs, every one verifies. Rotating means
 * putting a new secret in front and keeping the old one until the values it signed are gone (an
 * approval card stays clickable for days); dropping a secret retires what it signed. The value
 * names no key: with a handful of secrets, trying each is cheaper than a key id to manage.
 */
export class ValueSigner {
  private readonly keys: readonly Buffer[];

  constructor(secrets: string | readonly string[], domain: string) {
    const list = typeof secrets === 'string' ? [secrets] : secrets;
    if (list.length === 0 || list.some((secret) => secret === '')) {
      throw new RangeError('a value signer needs at least one secret, and no empty one');
    }
    this.keys = list.map((secret) => createHmac('sha256', secret).update(domain).digest());
  }

  /** `1.<payload as base64url>.<MAC as base64url>`, signed with the newest secret. */
  sign(purpose: string, payload: string): string {
    const encoded = Buffer.from(payload, 'utf8').toString('base64url');
    const [newest] = this.keys as [Buffer, ...Buffer[]];
    return `${VERSION}.${encoded}.${mac(newest, purpose, encoded).toString('base64url')}`;
  }

  /** The payload, when any secret of the keyring signed it for this purpose. */
  verify(purpose: string, value: unknown): VerifiedPayload {
    if (typeof value !== 'string') {
      return { ok: false, reason: 'not a signed value' };
    }
    const [version, encoded, given, ...extra] = value.split('.');
    if (version !== VERSION || !encoded || !given || extra.length > 0) {
      return { ok: false, reason: 'unknown value format' };
    }
    const givenMac = Buffer.from(given, 'base64url');
    // Every key is tried, also after a match, so the time taken says nothing about which one signed.
    let matched = false;
    for (const key of this.keys) {
      const expected = mac(key, purpose, encoded);
      if (givenMac.length === expected.length && timingSafeEqual(givenMac, expected)) {
        matched = true;
      }
    }
    if (!matched) {
      return { ok: false, reason: 'signature mismatch' };
    }
    return { ok: true, payload: Buffer.from(encoded, 'base64url').toString('utf8') };
  }
}

function mac(key: Buffer, purpose: string, encoded: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}.${encoded}`).digest().subarray(0, MAC_BYTES);
}
