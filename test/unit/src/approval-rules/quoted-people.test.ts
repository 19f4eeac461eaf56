import { describe, expect, it } from 'vitest';
import { quotedPeople, stringsIn } from '../../../../src/approval-rules/quoted-people.js';
import { pseudonymiseQuotes, quotesAny } from '../../../../src/privacy/pseudonymise-value.js';

describe('people an approval quotes', () => {
  it('keeps the mentioned people whose id or label the reason or parameters quote, as whole words', () => {
    const mentioned = [
      { id: 'U0ALICE', label: '@alice' },
      { id: 'U0BOB' },
      { id: '29:carol', label: 'Carol Example' },
      { id: 'U0RITA' },
    ];
    const texts = ['because @alice asked', ...stringsIn({ user: 'U0BOBBY', list: ['Carol Example'] })];

    expect(quotedPeople(mentioned, texts, 'U0RITA')).toEqual([
      { userId: 'U0ALICE', quotedAs: ['@alice'] },
      { userId: '29:carol', quotedAs: ['Carol Example'] },
    ]);
  });

  it('leaves out the requester, who is indexed as such', () => {
    expect(quotedPeople([{ id: 'U0RITA' }], ['as @U0RITA said'], 'U0RITA')).toEqual([]);
  });

  it('replaces the quotes inside every string by the pseudonym, and only whole words', () => {
    const record = { reason: 'grant @alice access; @alicex stays', parameters: { users: ['@alice'] }, at: 3 };
    const replaced = pseudonymiseQuotes(record, ['@alice'], 'person-1');

    expect(replaced).toEqual({ reason: 'grant person-1 access; @alicex stays', parameters: { users: ['person-1'] }, at: 3 });
    expect(quotesAny(record, ['@alice'])).toBe(true);
    expect(quotesAny(replaced, ['@alice'])).toBe(false);
  });
});
