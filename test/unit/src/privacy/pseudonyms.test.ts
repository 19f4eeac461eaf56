import { describe, expect, it } from 'vitest';
import { CONFIRMATION_WINDOW_MS, Pseudonyms } from '../../../../src/privacy/pseudonyms.js';
import { ERASED_TEXT, mentions, pseudonymiseValue } from '../../../../src/privacy/pseudonymise-value.js';

const ANN = { platform: 'slack', userId: 'U0ANN' } as const;
const AT = new Date('2031-03-01T09:00:00.000Z');

describe('Pseudonyms', () => {
  it('gives one person the same pseudonym, and different people, platforms and keys different ones', () => {
    const pseudonyms = new Pseudonyms('a-secret-of-at-least-thirty-two-characters');
    expect(pseudonyms.pseudonymOf(ANN)).toMatch(/^person-[0-9a-f]{24}$/);
    expect(pseudonyms.pseudonymOf(ANN)).toBe(pseudonyms.pseudonymOf({ ...ANN }));
    expect(pseudonyms.pseudonymOf({ platform: 'slack', userId: 'U0BO' })).not.toBe(pseudonyms.pseudonymOf(ANN));
    expect(pseudonyms.pseudonymOf({ platform: 'teams', userId: 'U0ANN' })).not.toBe(pseudonyms.pseudonymOf(ANN));
    expect(new Pseudonyms('another-secret-of-at-least-thirty-two-chars').pseudonymOf(ANN)).not.toBe(
      pseudonyms.pseudonymOf(ANN),
    );
  });

  it('accepts a confirmation code in its window and the next, for its person only', () => {
    const pseudonyms = new Pseudonyms('a-secret-of-at-least-thirty-two-characters');
    const code = pseudonyms.confirmationCode(ANN, AT);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(pseudonyms.isConfirmationCode(ANN, code.toLowerCase(), AT)).toBe(true);
    expect(pseudonyms.isConfirmationCode(ANN, code, new Date(AT.getTime() + CONFIRMATION_WINDOW_MS))).toBe(true);
    expect(pseudonyms.isConfirmationCode(ANN, code, new Date(AT.getTime() + 2 * CONFIRMATION_WINDOW_MS))).toBe(false);
    expect(pseudonyms.isConfirmationCode({ platform: 'slack', userId: 'U0BO' }, code, AT)).toBe(false);
    expect(pseudonyms.isConfirmationCode(ANN, 'ABC', AT)).toBe(false);
  });
});

describe('pseudonymiseValue', () => {
  it('replaces the person, their name and their words, and keeps everyone and everything else', () => {
    const request = {
      requester: { platform: 'slack', userId: 'U0ANN', name: 'Ann', directoryId: 'dir-ann' },
      reason: 'Ann needs the wiki',
      action: { actionId: 'grant-access', parameters: { team: 'hr' } },
      evidence: {
        excerpt: [
          { authorId: 'U0ANN', authorName: 'Ann', text: 'please give me access' },
          { authorId: 'U0BO', authorName: 'Bo', text: 'seconded' },
        ],
      },
      decisions: [{ verdict: 'approve', by: { userId: 'U0BO', name: 'Bo' }, reason: 'fine by me' }],
      cancelledBy: { userId: 'U0ANN' },
      cancelledBecause: 'changed my mind',
    };
    const result = pseudonymiseValue(request, 'U0ANN', 'person-1');
    expect(result).toEqual({
      requester: { platform: 'slack', userId: 'person-1' },
      reason: ERASED_TEXT,
      action: { actionId: 'grant-access', parameters: { team: 'hr' } },
      evidence: {
        excerpt: [
          { authorId: 'person-1', text: ERASED_TEXT },
          { authorId: 'U0BO', authorName: 'Bo', text: 'seconded' },
        ],
      },
      decisions: [{ verdict: 'approve', by: { userId: 'U0BO', name: 'Bo' }, reason: 'fine by me' }],
      cancelledBy: { userId: 'person-1' },
      cancelledBecause: ERASED_TEXT,
    });
    expect(mentions(result, 'U0ANN')).toBe(false);
    expect(mentions(request, 'U0ANN')).toBe(true);
  });
});
