import { z } from 'zod';
import { ValueSigner } from '../../../src/signing/value-signer.js';

/** What a settings form carries from the moment it was opened to its submission. */
const metadataSchema = z.strictObject({
  /** The channel the form was opened for: the only one its submission may change. */
  channelId: z.string().min(1),
  /** The settings version the form shows; saving is refused if someone saved since. */
  version: z.number().int().min(0),
  /** Who opened it: a submission by anyone else is refused. */
  openedBy: z.string().min(1),
  /** Where it was opened: a `/steward config` in the channel, or the Home tab. */
  origin: z.enum(['command', 'home']),
  /** Inputs left empty because their stored value was too long for them: that value is kept. */
  kept: z.array(z.string()).readonly().optional(),
});

export type SettingsFormMetadata = z.infer<typeof metadataSchema>;

export type VerifiedMetadata =
  | { readonly ok: true; readonly metadata: SettingsFormMetadata }
  | { readonly ok: false; readonly reason: string };

/** Slack's limit on a view's private_metadata. */
const MAX_PRIVATE_METADATA_CHARS = 3000;
const PURPOSE = 'settings-form';

/**
 * A view's private_metadata comes back in its submission. It is signed (the shared
 * `ValueSigner`, with the card keyring, newest secret first), so a submission can only save the
 * channel, version and person the form was opened with; anything altered or made up is refused.
 */
export class FormMetadataSigner {
  private readonly signer: ValueSigner;

  constructor(secrets: string | readonly string[]) {
    this.signer = new ValueSigner(secrets, 'steward/slack-view-metadata');
  }

  sign(metadata: SettingsFormMetadata): string {
    return this.signer.sign(PURPOSE, JSON.stringify(metadata));
  }

  verify(value: unknown): VerifiedMetadata {
    if (typeof value !== 'string' || value.length > MAX_PRIVATE_METADATA_CHARS) {
      return { ok: false, reason: 'no form metadata' };
    }
    const verified = this.signer.verify(PURPOSE, value);
    if (!verified.ok) {
      return verified;
    }
    const parsed = metadataSchema.safeParse(jsonOf(verified.payload));
    return parsed.success
      ? { ok: true, metadata: parsed.data }
      : { ok: false, reason: 'signed metadata unreadable' };
  }
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
