import { z } from 'zod';
import { channelKeyString, type ChannelKey } from '../../src/channels/channel-key.js';
import type { Logger } from '../../src/logger.js';
import type { AddressBook } from './address-book.js';
import type { InboundActivity } from './activity-schema.js';
import type { TeamsConversation } from './teams-conversation.js';
import { entraObjectIdOf } from './teams-identity.js';

/*
 * Teams lets a bot post outside a request only with a conversation reference it was given: the
 * regional service URL, the conversation id and the bot's own account. Steward keeps one per
 * channel or chat (to post approval cards and late answers) and one per person's personal chat
 * (for private messages), in the AddressBook.
 */

const accountSchema = z.looseObject({ id: z.string().min(1), name: z.string().optional() });

const storedReferenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: accountSchema,
  user: accountSchema.optional(),
  locale: z.string().optional(),
});

/** What Steward keeps to reach a conversation: a Bot Framework conversation reference without an activity. */
export type StoredReference = z.output<typeof storedReferenceSchema>;

/** A reference remembered with the same content more recently than this is not written again. */
const REWRITE_AFTER_MS = 12 * 60 * 60 * 1000;
const MAX_RECENT_WRITES = 10_000;

export class ConversationReferences {
  private readonly recentWrites = new Map<string, { readonly json: string; readonly at: number }>();

  constructor(
    private readonly book: AddressBook,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Remembers where an inbound activity came from: its channel or chat and, in a personal chat,
   * the person. Each message would otherwise cost a write; unchanged references are written
   * only twice a day, which also keeps their expiry moving.
   */
  async rememberFrom(activity: InboundActivity, conversation: TeamsConversation): Promise<void> {
    const reference = referenceFromActivity(activity, conversation);
    const { user, ...base } = reference;
    const writes = [this.write(channelAddressKey(conversation.ref), base)];
    if (conversation.scope === 'personal' && user !== undefined) {
      writes.push(this.write(personalAddressKey(conversation.ref.tenantId, user.id), reference, user.id));
      // Admins are named by their Entra object id: the same chat under that id reaches them.
      const objectId = entraObjectIdOf(activity)?.toLowerCase();
      if (objectId !== undefined) {
        writes.push(this.write(personalDirectoryKey(conversation.ref.tenantId, objectId), reference, user.id));
      }
    }
    await Promise.all(writes);
  }

  async rememberPersonal(tenantId: string, userId: string, reference: StoredReference): Promise<void> {
    await this.write(personalAddressKey(tenantId, userId), reference, userId);
  }

  channel(channel: ChannelKey): Promise<StoredReference | undefined> {
    return this.read(channelAddressKey(channel));
  }

  personal(tenantId: string, userId: string): Promise<StoredReference | undefined> {
    return this.read(personalAddressKey(tenantId, userId));
  }

  /** The personal chat of the person with this Microsoft Entra object id, if they ever wrote in one. */
  personalByObjectId(tenantId: string, objectId: string): Promise<StoredReference | undefined> {
    return this.read(personalDirectoryKey(tenantId, objectId.toLowerCase()));
  }

  /** `owner`: the person a personal chat's reference reaches, so it is erased with their data. */
  private async write(key: string, reference: StoredReference, owner?: string): Promise<void> {
    const json = JSON.stringify(reference);
    const recent = this.recentWrites.get(key);
    const now = this.now();
    if (recent !== undefined && recent.json === json && now - recent.at < REWRITE_AFTER_MS) {
      return;
    }
    await this.book.remember(key, reference, owner !== undefined ? { platform: 'teams', userId: owner } : undefined);
    if (this.recentWrites.size >= MAX_RECENT_WRITES) {
      this.recentWrites.clear();
    }
    this.recentWrites.set(key, { json, at: now });
  }

  /** The reference stored under an AddressBook key (one `channelAddressKey` or `personalAddressKey` made). */
  at(key: string): Promise<StoredReference | undefined> {
    return this.read(key);
  }

  private async read(key: string): Promise<StoredReference | undefined> {
    const stored = await this.book.recall(key);
    if (stored === undefined) {
      return undefined;
    }
    const parsed = storedReferenceSchema.safeParse(stored);
    if (!parsed.success) {
      this.logger.warn({ key }, 'unusable teams conversation reference ignored');
      return undefined;
    }
    return parsed.data;
  }
}

/**
 * The reference of the channel or chat an activity came from (its thread left out). In a personal
 * chat it names the person too, so the same reference reaches them privately later.
 */
export function referenceFromActivity(
  activity: InboundActivity,
  conversation: TeamsConversation,
): StoredReference {
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: {
      id: conversation.baseConversationId,
      ...(activity.conversation.conversationType !== undefined
        ? { conversationType: activity.conversation.conversationType }
        : {}),
      tenantId: conversation.ref.tenantId,
      ...(activity.conversation.isGroup !== undefined ? { isGroup: activity.conversation.isGroup } : {}),
    },
    bot: account(activity.recipient),
    ...(conversation.scope === 'personal' ? { user: account(activity.from) } : {}),
    ...(activity.locale !== undefined ? { locale: activity.locale } : {}),
  };
}

export function channelAddressKey(channel: ChannelKey): string {
  return `channel#${channelKeyString({ platform: channel.platform, tenantId: channel.tenantId, channelId: channel.channelId })}`;
}

export function personalAddressKey(tenantId: string, userId: string): string {
  return `personal#${['teams', tenantId, userId].map(encodeURIComponent).join('#')}`;
}

export function personalDirectoryKey(tenantId: string, objectId: string): string {
  return `personal-entra#${['teams', tenantId, objectId].map(encodeURIComponent).join('#')}`;
}

function account(from: { id: string; name?: string | undefined }): { id: string; name?: string } {
  return from.name !== undefined ? { id: from.id, name: from.name } : { id: from.id };
}
