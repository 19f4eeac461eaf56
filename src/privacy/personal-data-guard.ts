import { channelKeyOf } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';
import type { InboundMessage } from '../conversation/types.js';
import { UserFacingError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { PersonalDataDetector } from '../ports/personal-data-detector.js';
import { describeMasked, hasMasked, type MaskedText, maskPersonalData } from './personal-data-masking.js';

export interface PersonalDataGuardDeps {
  readonly detector: PersonalDataDetector;
  readonly audit?: AuditLog;
  readonly logger: Logger;
}

/** A message as it may go on: to retrieval, to a model, into the history. */
export interface ScreenedMessage {
  readonly message: InboundMessage;
  /** What was masked, for the person's notice; absent when nothing was. */
  readonly masked?: MaskedText['counts'];
}

/**
 * Applies a channel's `personalData` setting to what a person typed, before any of it reaches a
 * model or is stored: `mask` replaces each value with a placeholder naming its kind, `refuse`
 * turns the message away untouched and unstored, `off` lets it through as written. The audit log
 * records that it happened and which kinds, never the values.
 */
export class PersonalDataGuard {
  constructor(private readonly deps: PersonalDataGuardDeps) {}

  async screen(message: InboundMessage, settings: ChannelSettings): Promise<ScreenedMessage> {
    if (settings.personalData === 'off') {
      return { message };
    }
    const masked = maskPersonalData(message.text, this.deps.detector);
    if (!hasMasked(masked)) {
      return { message };
    }
    const refused = settings.personalData === 'refuse';
    await this.audit(message, masked.counts, refused);
    if (refused) {
      throw new UserFacingError(
        'PERSONAL_DATA_REFUSED',
        `Your message seems to contain ${describeMasked(masked.counts)}, and this channel does not take personal data. ` +
          'Please ask again without it.',
        { audience: 'author' },
      );
    }
    return { message: { ...message, text: masked.text }, masked: masked.counts };
  }

  /** An audit failure must not cost the person their answer: it is logged instead. */
  private async audit(message: InboundMessage, counts: MaskedText['counts'], refused: boolean): Promise<void> {
    const { audit, logger } = this.deps;
    const details = { kinds: counts, outcome: refused ? 'refused' : 'masked' };
    try {
      await audit?.record({
        actor: {
          kind: 'user',
          id: message.author.id,
          platform: message.ref.platform,
          ...(message.author.organisation === 'external' ? { organisation: 'external' as const } : {}),
        },
        action: refused ? 'privacy.refused' : 'privacy.masked',
        channel: channelKeyOf(message.ref),
        subjectId: message.eventId,
        details,
      });
    } catch (error) {
      logger.error({ err: error, ...details, eventId: message.eventId }, 'personal data audit record could not be written');
    }
  }
}

/** The line that tells a person what was kept out of their question. */
export function maskedNotice(counts: MaskedText['counts']): string {
  return `I left out ${describeMasked(counts)} from your message before looking this up; it was not stored.`;
}
