import { z } from 'zod';
import { SignedJson } from '../../../src/signing/signed-json.js';
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

/** Slack's limit on a view's private_metadata. */
const MAX_PRIVATE_METADATA_CHARS = 3000;

/**
 * A view's private_metadata comes back in its submission. It is signed (the shared
 * `ValueSigner`, with the card keyring, newest secret first), so a submission can only save the
 * channel, version and person the form was opened with; anything altered or made up is refused.
 */
export class FormMetadataSigner extends SignedJson<SettingsFormMetadata> {
  constructor(secrets: string | readonly string[]) {
    super(
      new ValueSigner(secrets, 'steward/slack-view-metadata'),
      'settings-form',
      metadataSchema,
      MAX_PRIVATE_METADATA_CHARS,
    );
  }
}
