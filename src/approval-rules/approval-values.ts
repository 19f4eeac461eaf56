import type { ValueSigner } from '../signing/value-signer.js';
import { type CardAction, decodeCardButton, encodeCardButton } from './card-buttons.js';
import { isWellFormedApprovalId } from './request-id.js';

/** A value read back from a card: what it names, and whether it carried Steward's signature. */
export type ReadApprovalValue<T> =
  | { readonly ok: true; readonly value: T; readonly signed: boolean }
  | { readonly ok: false; readonly reason: string };

const BUTTON_PURPOSE = 'approval-button';
const REFRESH_PURPOSE = 'approval-refresh';

/** A signed value is `1.<payload>.<MAC>`; anything else of this length is not worth reading. */
const MAX_VALUE_CHARS = 256;

/**
 * The values approval cards carry on every platform, signed with the card keyring: a button's
 * action and id, and the request id Teams sends back when it asks for a card's current state. One
 * rule for Slack and Teams: a value whose signature fails is forged and refused before anything
 * is read; a signed one says which card Steward drew; either way the workflow still decides from
 * the stored record (the clicked channel, the clicker's role), which a signature cannot replace.
 *
 * Cards drawn before values were signed carry `approval.v1:<action>:<id>` (buttons) and the bare
 * id (Teams refresh). Such a value is read as `signed: false`; the workflow accepts it only for a
 * record created before signing (`ApprovalRequest.signedValues` absent), whose cards may still
 * show it. Every later card of any record carries signed values.
 */
export class ApprovalValues {
  constructor(private readonly signer: ValueSigner) {}

  button(action: CardAction, id: string): string {
    return this.signer.sign(BUTTON_PURPOSE, encodeCardButton(action, id));
  }

  readButton(value: unknown): ReadApprovalValue<{ readonly action: CardAction; readonly id: string }> {
    return this.read(value, BUTTON_PURPOSE, decodeCardButton);
  }

  refresh(id: string): string {
    return this.signer.sign(REFRESH_PURPOSE, id);
  }

  readRefresh(value: unknown): ReadApprovalValue<string> {
    return this.read(value, REFRESH_PURPOSE, (id) => (isWellFormedApprovalId(id) ? id : undefined));
  }

  private read<T>(
    value: unknown,
    purpose: string,
    decode: (payload: string) => T | undefined,
  ): ReadApprovalValue<T> {
    if (typeof value !== 'string' || value.length > MAX_VALUE_CHARS) {
      return { ok: false, reason: 'not an approval value' };
    }
    const unsigned = decode(value);
    if (unsigned !== undefined) {
      return { ok: true, value: unsigned, signed: false };
    }
    const verified = this.signer.verify(purpose, value);
    if (!verified.ok) {
      return verified;
    }
    const named = decode(verified.payload);
    return named === undefined
      ? { ok: false, reason: 'signed payload unreadable' }
      : { ok: true, value: named, signed: true };
  }
}
