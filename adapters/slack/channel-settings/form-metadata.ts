import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

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
   * The Bedrock filter was too long for its box, so the box was left empty and the stored filter
   * is kept unless the admin types a new one.
   */
  readonly keepsFilter?: true;
}

export type VerifiedMetadata =
  | { readonly ok: true; readonly metadata: SettingsFormMetadata }
  | { readonly ok: false; readonly reason: string };

const VERSION = '1';
const MAC_BYTES = 16;
/** Slack's limit on a view's private_metadata. */
export const MAX_PRIVATE_METADATA_CHARS = 3000;

const payloadSchema = z.tuple([
  z.string().min(1),
  z.number().int().min(0),
  z.string().min(1),
  z.enum(['command', 'home']),
  z.literal(1).optional(),
]);

/**
 * A view's private_metadata comes back in its submission. It is signed with a key derived from
 * the signing secret, so a submission can only save the channel, version and person the form
 * was opened with; anything altered or made up is refused.
 */
export class FormMetadataSigner {
  private readonly key: Buffer;

  constructor(signingSecret: string) {
    this.key = createHmac('sha256', signingSecret).update('steward/slack-view-metadata').digest();
  }

  sign(metadata: SettingsFormMetadata): string {
    const fields = [metadata.channelId, metadata.version, metadata.openedBy, metadata.origin];
    const payload = Buffer.from(JSON.stringify(metadata.keepsFilter ? [...fields, 1] : fields)).toString(
      'base64url',
    );
    return `${VERSION}.${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(value: unknown): VerifiedMetadata {
    if (typeof value !== 'string' || value.length > MAX_PRIVATE_METADATA_CHARS) {
      return { ok: false, reason: 'no form metadata' };
    }
    const [version, payload, mac, ...extra] = value.split('.');
    if (version !== VERSION || !payload || !mac || extra.length > 0) {
      return { ok: false, reason: 'unknown metadata format' };
    }
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature mismatch' };
    }
    const parsed = payloadSchema.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) {
      return { ok: false, reason: 'signed metadata unreadable' };
    }
    const [channelId, formVersion, openedBy, origin, keepsFilter] = parsed.data;
    return {
      ok: true,
      metadata: {
        channelId,
        version: formVersion,
        openedBy,
        origin,
        ...(keepsFilter === 1 ? { keepsFilter: true } : {}),
      },
    };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
