import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { PersonalDataFinding, PersonalDataKind } from '../../src/ports/personal-data-detector.js';
import { passesLuhn } from './checksums.js';
import { type Match, matchesOf, type Recogniser } from './recogniser.js';

/** 13 to 19 digits, optionally grouped by spaces or dashes, not part of a longer number. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?!\d)/g;

/** A country code, two check digits and up to 30 letters or digits, grouped or not. */
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])/g;

export const findPaymentCards: Recogniser = (text) =>
  [...matchesOf(text, CARD)].flatMap((match) =>
    validGroupPrefix('payment-card', match, /[ -]/, (digits) => {
      // A run of one repeated digit passes Luhn but is a placeholder, not a card.
      return digits.length >= 13 && passesLuhn(digits) && !/^(\d)\1*$/.test(digits);
    }),
  );

export const findIbans: Recogniser = (text) =>
  [...matchesOf(text, IBAN)].flatMap((match) =>
    validGroupPrefix('iban', match, / /, (compact) => isValidIBAN(electronicFormatIBAN(compact) ?? '')),
  );

/**
 * The longest prefix of whole groups that is valid. A greedy pattern also takes the groups that
 * follow the value ("GB82 WEST 1234 5698 7654 32 thanks", "4111 1111 1111 1111 2027"); the
 * checksum tells where the value really ends. At most a few dozen groups, so still linear.
 */
function validGroupPrefix(
  kind: PersonalDataKind,
  match: Match,
  separator: RegExp,
  isValid: (compact: string) => boolean,
): PersonalDataFinding[] {
  const groups = match.value.split(separator);
  for (let count = groups.length; count >= 1; count -= 1) {
    const compact = groups.slice(0, count).join('');
    if (isValid(compact)) {
      const length = groups.slice(0, count).join(' ').length;
      return [{ kind, start: match.start, end: match.start + length }];
    }
  }
  return [];
}
