import type { Platform } from '../conversation/types.js';
import type { Logger } from '../logger.js';
import type { ChatMessenger, MessageAddress, OutboundMessage } from '../ports/chat-messenger.js';
import type { AdminRef } from './admin-ref.js';

export interface AdminNoticesDeps {
  /** The admins of one platform (ADMIN_USERS and those added), asked at the moment. */
  readonly adminsOf: (platform: Platform) => Promise<readonly AdminRef[]>;
  /**
   * The platform's messenger. Platforms start after the core, so it is looked up when a notice
   * is sent; undefined for a platform that is not running (or has no people, the terminal).
   */
  readonly messenger: (platform: Platform) => ChatMessenger | undefined;
  readonly logger: Logger;
}

/**
 * Tells the admins of a conversation's platform something privately, each in their own chat with
 * Steward: what concerns the people who run a channel (its budget running out) rather than
 * everyone who asks there. An admin who cannot be reached is logged and skipped; the caller
 * learns how many were reached, to say it elsewhere when nobody was.
 */
export class AdminNotices {
  constructor(private readonly deps: AdminNoticesDeps) {}

  /** How many admins got the message. */
  async tell(about: MessageAddress, message: OutboundMessage): Promise<number> {
    const { logger } = this.deps;
    const messenger = this.deps.messenger(about.platform);
    if (messenger === undefined) {
      return 0;
    }
    let admins: readonly AdminRef[];
    try {
      admins = await this.deps.adminsOf(about.platform);
    } catch (error) {
      logger.error({ err: error, platform: about.platform }, 'admins could not be listed for a private notice');
      return 0;
    }
    const reached = await Promise.all(
      admins.map(async (admin) => {
        try {
          const told = await messenger.postDirect(admin.userId, about, message);
          if (!told) {
            logger.warn({ platform: admin.platform, admin: admin.userId }, 'admin has no private chat with Steward to be told in');
          }
          return told;
        } catch (error) {
          logger.warn({ err: error, platform: admin.platform, admin: admin.userId }, 'admin could not be told privately');
          return false;
        }
      }),
    );
    return reached.filter(Boolean).length;
  }
}
