import type { InboundMessage, MentionedPerson } from '../../src/conversation/types.js';
import type { InboundActivity } from './activity-schema.js';
import { teamsConversationOf, type TeamsConversation } from './teams-conversation.js';
import { entraObjectIdOf } from './teams-identity.js';

/** A message the bot may answer, or why it stays silent. */
export type MessageReading =
  | {
      readonly kind: 'message';
      readonly message: InboundMessage;
      readonly conversation: TeamsConversation;
      /**
       * Written to the bot: a personal chat, or a mention. Teams delivers other channel and group
       * chat messages only to apps granted the message-read permission (RSC); the channel's reply
       * mode decides whether those are answered.
       */
      readonly addressed: boolean;
    }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Maps a Teams message activity to the core's message. The bot's own mention is removed so the
 * question reads naturally.
 */
export function readMessage(activity: InboundActivity, receivedAt: Date): MessageReading {
  if (activity.id === undefined) {
    return { kind: 'ignored', reason: 'message without an activity id' };
  }
  if (activity.from.id === activity.recipient.id) {
    return { kind: 'ignored', reason: 'message from the bot itself' };
  }
  if (isBot(activity.from)) {
    // Workflows, Power Automate and other apps post as bots; answering them invites loops.
    return { kind: 'ignored', reason: 'message from another bot' };
  }
  if (activity.text === undefined && activity.value !== undefined) {
    // A legacy card's Action.Submit arrives as a message carrying only a value.
    return { kind: 'ignored', reason: 'card submission without text' };
  }
  const conversation = teamsConversationOf(activity);
  const addressed = conversation.scope === 'personal' || mentionsOfBot(activity).length > 0;
  const text = questionText(activity);
  if (!addressed && text === '') {
    // A picture or a file posted in a channel the bot reads: nothing to answer, nothing to refuse.
    return { kind: 'ignored', reason: `${conversation.scope} message without text or a mention of the bot` };
  }
  const directoryId = entraObjectIdOf(activity);
  const mentioned = mentionedPeople(activity);
  return {
    kind: 'message',
    conversation,
    addressed,
    message: {
      ref: conversation.ref,
      author: {
        id: activity.from.id,
        ...(activity.from.name ? { name: activity.from.name } : {}),
        ...(directoryId !== undefined ? { directoryId } : {}),
        ...(isFromAnotherTenant(activity) ? { organisation: 'external' as const } : {}),
      },
      text,
      ...(mentioned.length > 0 ? { mentioned } : {}),
      eventId: activity.id,
      receivedAt,
      ...(addressed ? {} : { overheard: true }),
      // Personal and group chats are private to their members: reports show them to the asker only.
      ...(conversation.scope === 'channel' ? {} : { privateConversation: true }),
    },
  };
}

/**
 * Bots and apps: Teams gives every bot a `28:` id (people have `29:` ids, or `8:orgid:` ones in
 * some chats), and the Bot Framework marks them with the role `bot` where it sets one.
 */
function isBot(from: InboundActivity['from']): boolean {
  return from.role?.toLowerCase() === 'bot' || from.id.startsWith('28:');
}

/**
 * A person whose home tenant Teams names, and names as another than the conversation's: someone
 * of another organisation (a Teams Connect shared channel). Guests (Entra B2B) belong to the
 * conversation's tenant and stay members. Without `from.tenantId` nothing can be told apart.
 */
function isFromAnotherTenant(activity: InboundActivity): boolean {
  const home = activity.from.tenantId?.trim().toLowerCase();
  const conversationTenant = (activity.conversation.tenantId ?? activity.channelData?.tenant?.id)
    ?.trim()
    .toLowerCase();
  return (
    home !== undefined &&
    home !== '' &&
    conversationTenant !== undefined &&
    conversationTenant !== '' &&
    home !== conversationTenant
  );
}

/** The message text with the bot's mentions removed, other mentions as plain names, entities decoded. */
export function questionText(activity: Pick<InboundActivity, 'text' | 'entities' | 'recipient'>): string {
  let text = activity.text ?? '';
  for (const mention of mentionsOfBot(activity)) {
    if (mention.text) {
      text = text.split(mention.text).join(' ');
    }
  }
  text = text.replace(/<at[^>]*>([\s\S]*?)<\/at>/giu, '$1');
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/gu, ' ')
    .replace(/\s*\n\s*/gu, '\n')
    .trim();
}

/**
 * The people the message mentions besides the bot, by their Teams id, labelled as the text reads
 * once `questionText` has turned `<at>Alice Example</at>` into `Alice Example`.
 */
function mentionedPeople(activity: Pick<InboundActivity, 'entities' | 'recipient'>): MentionedPerson[] {
  const people = new Map<string, MentionedPerson>();
  for (const entity of activity.entities ?? []) {
    const id = entity.mentioned?.id;
    if (entity.type.toLowerCase() !== 'mention' || id === undefined || id === activity.recipient.id || people.has(id)) {
      continue;
    }
    const label = (typeof entity.text === 'string' ? entity.text.replace(/<\/?at[^>]*>/giu, '') : entity.mentioned?.name)?.trim();
    people.set(id, label !== undefined && label !== '' ? { id, label } : { id });
  }
  return [...people.values()];
}

function mentionsOfBot(activity: Pick<InboundActivity, 'entities' | 'recipient'>) {
  return (activity.entities ?? []).filter(
    (entity) => entity.type.toLowerCase() === 'mention' && entity.mentioned?.id === activity.recipient.id,
  );
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Teams escapes a few characters in message text even when it is plain. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (entity, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) {
      return safeCodePoint(Number.parseInt(body.slice(2), 16)) ?? entity;
    }
    if (body.startsWith('#')) {
      return safeCodePoint(Number.parseInt(body.slice(1), 10)) ?? entity;
    }
    return ENTITIES[body.toLowerCase()] ?? entity;
  });
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
