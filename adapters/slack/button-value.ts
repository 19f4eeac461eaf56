import { createHmac, timingSafeEqual } from 'node:crypto';

/** Which stored answer a button acts on. */
export interface AnswerHandle {
  readonly channelId: string;
  readonly threadId: string;
  readonly turnId: string;
}

export type ButtonPurpose = 'feedback' | 'share';

export type VerifiedValue =
  { readonly ok: true; readonly handle: AnswerHandle } | { readonly ok: false; readonly reason: string };

const VERSION = '1';
/** 128 bits: forging one is out of reach, and values stay short. */
const MAC_BYTES = 16;
/** Slack's limit on a button value. */
const MAX_VALUE_CHARS = 2000;

/**
 * Button values travel through Slack's clients and come back in the click payload, where anyone
 * able to send a request could change them. Each value is signed with a key derived from the
 * signing secret and bound to its purpose, so a click can only rate or share the answer the
 * button was rendered with. Rotating the signing secret retires the buttons already posted.
 */
export class ButtonValueSigner {
  private readonly key: Buffer;

  constructor(signingSecret: string) {
    this.key = createHmac('sha256', signingSecret).update('steward/slack-button-value').digest();
  }

  sign(purpose: ButtonPurpose, handle: AnswerHandle): string {
    const payload = Buffer.from(JSON.stringify([handle.channelId, handle.threadId, handle.turnId])).toString(
      'base64url',
    );
    const value = `${VERSION}.${payload}.${this.mac(purpose, payload).toString('base64url')}`;
    if (value.length > MAX_VALUE_CHARS) {
      throw new RangeError(`button value of ${value.length} characters exceeds Slack's ${MAX_VALUE_CHARS}`);
    }
    return value;
  }

  verify(purpose: ButtonPurpose, value: unknown): VerifiedValue {
    if (typeof value !== 'string' || value.length > MAX_VALUE_CHARS) {
      return { ok: false, reason: 'not a button value' };
    }
    const [version, payload, mac, ...extra] = value.split('.');
    if (version !== VERSION || !payload || !mac || extra.length > 0) {
      return { ok: false, reason: 'unknown value format' };
    }
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(purpose, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature mismatch' };
    }
    const handle = decodeHandle(payload);
    return handle ? { ok: true, handle } : { ok: false, reason: 'signed payload unreadable' };
  }

  private mac(purpose: ButtonPurpose, payload: string): Buffer {
    return createHmac('sha256', this.key).update(`${purpose}.${payload}`).digest().subarray(0, MAC_BYTES);
  }
}

function decodeHandle(payload: string): AnswerHandle | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (
      Array.isArray(parts) &&
      parts.length === 3 &&
      parts.every((part) => typeof part === 'string' && part !== '')
    ) {
      const [channelId, threadId, turnId] = parts as [string, string, string];
      return { channelId, threadId, turnId };
    }
  } catch {
    // Falls through: a value whose signature matched but whose payload does not parse.
  }
  return undefined;
}
