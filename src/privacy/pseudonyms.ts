import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PersonRef } from '../ports/personal-records.js';

/** How long a "forget me" confirmation code stays valid: its window and the one after it. */
export const CONFIRMATION_WINDOW_MS = 10 * 60_000;

/**
 * Keyed pseudonyms and confirmation codes, both HMAC-SHA256 under `PSEUDONYM_SECRET`. A pseudonym
 * is stable (the same person always gets the same one, so an erased person's audit records still
 * belong together) but cannot be turned back into the id, nor computed from a guessed id, without
 * the secret: platform user ids are short and enumerable, so a plain hash would not do.
 */
export class Pseudonyms {
  constructor(private readonly secret: string) {}

  /** `person-` and 24 hex digits (96 bits): stable per platform and user id. */
  pseudonymOf(person: PersonRef): string {
    return `person-${this.mac(`pseudonym\u0000${person.platform}\u0000${person.userId}`).slice(0, 24)}`;
  }

  /**
   * A short code the person types back to confirm an erasure. Derived from who they are and the
   * time window, so nothing needs storing, another person's code never works, and a code
   * copied from an old message stops working after at most two windows.
   */
  confirmationCode(person: PersonRef, at: Date): string {
    return this.codeFor(person, Math.floor(at.getTime() / CONFIRMATION_WINDOW_MS));
  }

  /** True for the code of the current window or of the one before it (case ignored). */
  isConfirmationCode(person: PersonRef, code: string, at: Date): boolean {
    const window = Math.floor(at.getTime() / CONFIRMATION_WINDOW_MS);
    const typed = Buffer.from(code.trim().toUpperCase());
    return [window, window - 1].some((w) => {
      const expected = Buffer.from(this.codeFor(person, w));
      return typed.length === expected.length && timingSafeEqual(typed, expected);
    });
  }

  private codeFor(person: PersonRef, window: number): string {
    const digest = this.mac(`confirm\u0000${person.platform}\u0000${person.userId}\u0000${window}`);
    // Six characters of an alphabet without look-alikes (0/O, 1/I/L).
    const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    let code = '';
    for (let i = 0; i < 6; i += 1) {
      code += alphabet[Number.parseInt(digest.slice(i * 2, i * 2 + 2), 16) % alphabet.length] ?? 'A';
    }
    return code;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex');
  }
}
