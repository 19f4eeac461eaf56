import type { z } from 'zod';
import type { ValueSigner } from './value-signer.js';

export type VerifiedJson<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * A small JSON record handed to a chat platform and read back later (a view's metadata): signed
 * for one purpose, and trusted only when its MAC checks out and it still fits its schema, so
 * nobody can change or make up what it says.
 */
export class SignedJson<T> {
  constructor(
    private readonly signer: ValueSigner,
    private readonly purpose: string,
    private readonly schema: z.ZodType<T>,
    /** The longest value the platform carries; anything longer is not one of ours. */
    private readonly maxChars: number,
  ) {}

  sign(value: T): string {
    return this.signer.sign(this.purpose, JSON.stringify(value));
  }

  verify(value: unknown): VerifiedJson<T> {
    if (typeof value !== 'string' || value.length > this.maxChars) {
      return { ok: false, reason: 'not a signed value' };
    }
    const verified = this.signer.verify(this.purpose, value);
    if (!verified.ok) {
      return verified;
    }
    const parsed = this.schema.safeParse(jsonOf(verified.payload));
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, reason: 'signed payload unreadable' };
  }
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
