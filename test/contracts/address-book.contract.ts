import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { AddressBook } from '../../adapters/teams/address-book.js';
import { FixedClock } from '../fakes/fixed-clock.js';

/** Builds the implementation under test; addresses must expire `retentionDays` after the last remember. */
export type MakeAddressBook = (clock: Clock, retentionDays: number) => AddressBook | Promise<AddressBook>;

const DAY = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;

/** A Teams conversation reference as the Teams adapter stores it: nested, with ids full of `:` and `;`. */
function sampleReference(conversationId: string) {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    conversation: { id: conversationId, conversationType: 'channel', tenantId: 'a0b1c2d3', isGroup: true },
    bot: { id: '28:6f1c2b9e', name: 'Steward' },
    flags: [1, 'two', false, null],
    locale: '',
  };
}

/** The behaviour every AddressBook must show, whatever keeps the addresses. */
export function addressBookContract(name: string, makeAddressBook: MakeAddressBook): void {
  describe(`${name} fulfils the AddressBook contract`, () => {
    async function setUp() {
      const clock = new FixedClock();
      const book = await makeAddressBook(clock, RETENTION_DAYS);
      // Unique per test, so implementations may share one table or process.
      return { clock, book, key: `channel#teams#tenant#19%3A${randomUUID()}%40thread.tacv2` };
    }

    it('recalls nothing for a key never remembered', async () => {
      const { book, key } = await setUp();
      expect(await book.recall(key)).toBeUndefined();
    });

    it('recalls exactly what was remembered, nested values included', async () => {
      const { book, key } = await setUp();
      const reference = sampleReference('19:abc@thread.tacv2;messageid=1700000000000');

      await book.remember(key, reference);

      expect(await book.recall(key)).toEqual(reference);
    });

    it('leaves out undefined fields, as a storage round trip does', async () => {
      const { book, key } = await setUp();
      await book.remember(key, { serviceUrl: 'https://smba.example/', activityId: undefined });
      expect(await book.recall(key)).toEqual({ serviceUrl: 'https://smba.example/' });
    });

    it('replaces an address when remembered again', async () => {
      const { book, key } = await setUp();
      await book.remember(key, sampleReference('first'));
      await book.remember(key, { ...sampleReference('second'), serviceUrl: 'https://smba.example/amer/' });

      expect(await book.recall(key)).toMatchObject({
        conversation: { id: 'second' },
        serviceUrl: 'https://smba.example/amer/',
      });
    });

    it('keeps keys apart', async () => {
      const { book, key } = await setUp();
      await book.remember(key, sampleReference('one'));
      await book.remember(`${key}-other`, sampleReference('two'));

      expect(await book.recall(key)).toMatchObject({ conversation: { id: 'one' } });
      expect(await book.recall(`${key}-other`)).toMatchObject({ conversation: { id: 'two' } });
      expect(await book.recall(key.toUpperCase())).toBeUndefined();
    });

    it('forgets an address not remembered again within the retention, and renews it on each remember', async () => {
      const { clock, book, key } = await setUp();
      await book.remember(key, sampleReference('kept'));

      clock.advance((RETENTION_DAYS - 1) * DAY);
      expect(await book.recall(key)).toBeDefined();
      await book.remember(key, sampleReference('kept'));
      clock.advance((RETENTION_DAYS - 1) * DAY);
      expect(await book.recall(key)).toBeDefined();
      clock.advance(DAY + 1000);
      expect(await book.recall(key)).toBeUndefined();
    });

    it('hands out copies that callers cannot change in storage', async () => {
      const { book, key } = await setUp();
      await book.remember(key, sampleReference('original'));
      const recalled = (await book.recall(key)) as { conversation: { id: string } };
      recalled.conversation.id = 'changed';
      expect(await book.recall(key)).toMatchObject({ conversation: { id: 'original' } });
    });
  });
}
