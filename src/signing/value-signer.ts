import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifiedPayload =
  { readonly ok: true; readonly payload: string } | { readonly ok: false; readonly reason: string };

const VERSION = '1';
/** 128 bits: forging one is out of reach, and values stay short. */
const MAC_BYTES = 16;

/**
 * Signs text that Steward hands to a chat platform and gets back later (view metadata, button
 * values). Whoever can send a request to our endpoint can change such text, so it is trusted only
 * when its MAC checks out. The key is derived from a secret and a domain, and each MAC is bound to
 * a purpose, so a value signed for one use is refused for any other. The version leads the value
 * so the format can change without misreading values already posted. Rotating the secret retires
 * every value already handed out.
 */
export class ValueSigner {
  private readonly key: Buffer;

  constructor(secret: string, domain: string) {
    if (secret === '') {
      throw new RangeError('a value signer needs a non-empty secret');
    }
    this.key = createHmac('sha256', secret).update(domain).digest();
  }

  /** `1.<payload as base64url>.<MAC as base64url>`. */
  sign(purpose: string, payload: string): string {
    const encoded = Buffer.from(payload, 'utf8').toString('base64url');
    return `${VERSION}.${encoded}.${this.mac(purpose, encoded).toString('base64url')}`;
  }

  verify(purpose: string, value: unknown): VerifiedPayload {
    if (typeof value !== 'string') {
      return { ok: false, reason: 'not a signed value' };
    }
    const [version, encoded, mac, ...extra] = value.split('.');
    if (version !== VERSION || !encoded || !mac || extra.length > 0) {
      return { ok: false, reason: 'unknown value format' };
    }
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(purpose, encoded);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature mismatch' };
    }
    return { ok: true, payload: Buffer.from(encoded, 'base64url').toString('utf8') };
  }

  private mac(purpose: string, encoded: string): Buffer {
    return createHmac('sha256', this.key).update(`${purpose}.${encoded}`).digest().subarray(0, MAC_BYTES);
  }
}
