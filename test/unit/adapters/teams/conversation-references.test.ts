import { describe, expect, it } from 'vitest';
import { inboundActivitySchema } from '../../../../adapters/teams/activity-schema.js';
import {
  ConversationReferences,
  channelAddressKey,
  personalAddressKey,
  personalDirectoryKey,
} from '../../../../adapters/teams/conversation-references.js';
import { teamsConversationOf } from '../../../../adapters/teams/teams-conversation.js';
import type { AddressBook } from '../../../../adapters/teams/address-book.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';
import { InMemoryAddressBook } from '../../../fakes/in-memory-address-book.js';
import { teamsActivity } from '../../../support/teams/teams-fixtures.js';

const TENANT = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const HOUR = 3_600_000;

function setUp() {
  const clock = new FixedClock();
  const book = new InMemoryAddressBook(clock);
  let writes = 0;
  const counting: AddressBook = {
    remember: (key, address) => {
      writes += 1;
      return book.remember(key, address);
    },
    recall: (key) => book.recall(key),
  };
  const { logger, lines } = createCapturingLogger();
  const references = new ConversationReferences(counting, logger, () => clock.now().getTime());
  return { clock, book, references, lines, writes: () => writes };
}

const personal = inboundActivitySchema.parse(
  teamsActivity('personal-message', {
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    botAppId: 'bot',
    tenantId: TENANT,
    text: 'hi',
  }),
);

describe('Teams conversation references', () => {
  it('remembers the chat and, in a personal chat, the person (also by Entra object id), without the thread or activity', async () => {
    const { book, references } = setUp();
    const conversation = teamsConversationOf(personal);
    const objectId = personal.from.aadObjectId ?? '';

    await references.rememberFrom(personal, conversation);

    expect(book.keys().sort()).toEqual(
      [
        channelAddressKey(conversation.ref),
        personalAddressKey(TENANT, personal.from.id),
        personalDirectoryKey(TENANT, objectId),
      ].sort(),
    );
    expect(await references.personalByObjectId(TENANT, objectId.toUpperCase())).toEqual(
      await references.personal(TENANT, personal.from.id),
    );
    expect(await references.personal(TENANT, personal.from.id)).toEqual({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id: conversation.baseConversationId, conversationType: 'personal', tenantId: TENANT },
      bot: { id: '28:bot', name: 'Steward' },
      user: { id: personal.from.id, name: 'Ann Example' },
      locale: 'en-GB',
    });
  });

  it('writes an unchanged reference at most twice a day, and a changed one at once', async () => {
    const { clock, references, writes } = setUp();
    const conversation = teamsConversationOf(personal);
    // The chat, the person's chat, and the same under their Entra object id.
    await references.rememberFrom(personal, conversation);
    expect(writes()).toBe(3);

    await references.rememberFrom(personal, conversation);
    clock.advance(11 * HOUR);
    await references.rememberFrom(personal, conversation);
    expect(writes()).toBe(3);

    await references.rememberFrom(
      { ...personal, serviceUrl: 'https://smba.trafficmanager.net/amer/' },
      conversation,
    );
    expect(writes()).toBe(6);
    clock.advance(13 * HOUR);
    await references.rememberFrom(
      { ...personal, serviceUrl: 'https://smba.trafficmanager.net/amer/' },
      conversation,
    );
    expect(writes()).toBe(9);
  });

  it('ignores a stored reference it cannot use, with a log line', async () => {
    const { book, references, lines } = setUp();
    await book.remember(channelAddressKey({ platform: 'teams', tenantId: TENANT, channelId: 'c' }), {
      serviceUrl: 'not a url',
    });

    expect(await references.channel({ platform: 'teams', tenantId: TENANT, channelId: 'c' })).toBeUndefined();
    expect(lines.some((line) => line.msg === 'unusable teams conversation reference ignored')).toBe(true);
  });
});
