import { describe, expect, it } from 'vitest';
import type { PersonalDataDetector, PersonalDataFinding } from '../../../../src/ports/personal-data-detector.js';
import { describeMasked, hasMasked, maskPersonalData } from '../../../../src/privacy/personal-data-masking.js';

/** A detector that reports exactly the findings it is given, whatever the text. */
const reporting = (findings: PersonalDataFinding[]): PersonalDataDetector => ({ find: () => findings });

describe('maskPersonalData', () => {
  it('masks overlapping findings as one span named by the wider one', () => {
    const text = 'secret: 4111111111111111xyz end';
    const masked = maskPersonalData(
      text,
      reporting([
        { kind: 'payment-card', start: 8, end: 24 },
        { kind: 'secret', start: 8, end: 27 },
      ]),
    );
    expect(masked).toEqual({ text: 'secret: [secret] end', counts: { secret: 1 } });
  });

  it('masks findings reported out of order and ignores empty ones', () => {
    const masked = maskPersonalData(
      'a 1 b 2 c',
      reporting([
        { kind: 'phone', start: 6, end: 7 },
        { kind: 'email', start: 2, end: 3 },
        { kind: 'password', start: 4, end: 4 },
      ]),
    );
    expect(masked.text).toBe('a [email address] b [phone number] c');
    expect(hasMasked(masked)).toBe(true);
  });
});

describe('describeMasked', () => {
  it('names what was masked in plain words, in the order it appeared', () => {
    expect(describeMasked({})).toBe('');
    expect(describeMasked({ email: 2 })).toBe('an email address');
    expect(describeMasked({ password: 1, email: 1, 'payment-card': 1 })).toBe('a password, an email address and a card number');
  });
});
