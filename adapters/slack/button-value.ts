import { ValueSigner } from '../../src/signing/value-signer.js';

/** Which stored answer a button acts on. */
export interface AnswerHandle {
  readonly channelId: string;
  readonly threadId: string;
  readonly turnId: string;
}

export type ButtonPurpose = 'feedback' | 'share';

export type VerifiedValue =
  { readonly ok: true; readonly handle: AnswerHandle } | { readonly ok: false; readonly reason: string };

/** Slack's limit on a button value. */
const MAX_VALUE_CHARS = 2000;

/**
 * Button values travel through Slack's clients and come back in the click payload, where anyone
 * able to send a request could change them. Each value is signed with the card keyring (newest
 * secret first) and bound to its purpose, so a click can only rate or share the answer the button
 * was rendered with. A secret dropped from the keyring retires the buttons it signed.
 */
export class ButtonValueSigner {
  private readonly signer: ValueSigner;

  constructor(secrets: string | readonly string[]) {
    // This domain and the purposes keep the values of buttons already posted valid.
    this.signer = new ValueSigner(secrets, 'steward/slack-button-value');
  }

  sign(purpose: ButtonPurpose, handle: AnswerHandle): string {
    const value = this.signer.sign(
      purpose,
      JSON.stringify([handle.channelId, handle.threadId, handle.turnId]),
    );
    if (value.length > MAX_VALUE_CHARS) {
      throw new RangeError(`button value of ${value.length} characters exceeds Slack's ${MAX_VALUE_CHARS}`);
    }
    return value;
  }

  verify(purpose: ButtonPurpose, value: unknown): VerifiedValue {
    if (typeof value !== 'string' || value.length > MAX_VALUE_CHARS) {
      return { ok: false, reason: 'not a button value' };
    }
    const verified = this.signer.verify(purpose, value);
    if (!verified.ok) {
      return verified;
    }
    const handle = decodeHandle(verified.payload);
    return handle ? { ok: true, handle } : { ok: false, reason: 'signed payload unreadable' };
  }
}

function decodeHandle(payload: string): AnswerHandle | undefined {
  try {
    const parts: unknown = JSON.parse(payload);
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
