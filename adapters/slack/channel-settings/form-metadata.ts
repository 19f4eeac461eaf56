import { z } from 'zod';
import { ValueSigner } from '../../../src/signing/value-signer.js';

/** What a settings form carries from the moment it was opened to its submission. */
export interface SettingsFormMetadata {
  /** The channel the form was opened for: the only one its submission may change. */
  readonly channelId: string;
  /** The settings version the form shows; saving is refused if someone saved since. */
  readonly version: number;
  /** Who opened it: a submission by anyone else is refused. */
  readonly openedBy: string;
  /** Where it was opened: a `/steward config` in the channel, or the Home tab. */
  readonly origin: 'command' | 'home';
  /**
   * Inputs whose stored value was too long for their box: the box was left empty and the stored
   * value is kept unless the admin types a new one.
   */
  readonly kept?: readonly string[];
}

export type VerifiedMetadata =
  | { readonly ok: true; readonly metadata: SettingsFormMetadata }
  | { readonly ok: false; readonly reason: string };

/** Slack's limit on a view's private_metadata. */
const MAX_PRIVATE_METADATA_CHARS = 3000;
const PURPOSE = 'settings-form';

const payloadSchema = z.tuple([
  z.string().min(1),
  z.number().int().min(0),
  z.string().min(1),
  z.enum(['command', 'home']),
  z.array(z.string()).optional(),
]);

/**
 * A view's private_metadata comes back in its submission. It is signed (the shared
 * `ValueSigner`, with the Slack signing secret), so a submission can only save the channel,
 * version and person the form was opened with; anything altered or made up is refused.
 */
export class FormMetadataSigner {
  private readonly signer: ValueSigner;

  constructor(signingSecret: string) {
    this.signer = new ValueSigner(signingSecret, 'steward/slack-view-metadata');
  }

  sign({ channelId, version, openedBy, origin, kept = [] }: SettingsFormMetadata): string {
    const fields = [channelId, version, openedBy, origin, ...(kept.length > 0 ? [kept] : [])];
    return this.signer.sign(PURPOSE, JSON.stringify(fields));
  }

  verify(value: unknown): VerifiedMetadata {
    if (typeof value !== 'string' || value.length > MAX_PRIVATE_METADATA_CHARS) {
      return { ok: false, reason: 'no form metadata' };
    }
    const verified = this.signer.verify(PURPOSE, value);
    if (!verified.ok) {
      return verified;
    }
    const parsed = payloadSchema.safeParse(parseJson(verified.payload));
    if (!parsed.success) {
      return { ok: false, reason: 'signed metadata unreadable' };
    }
    const [channelId, version, openedBy, origin, kept] = parsed.data;
    return { ok: true, metadata: { channelId, version, openedBy, origin, ...(kept ? { kept } : {}) } };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
