import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { PersonalDataFinding } from '../../src/ports/personal-data-detector.js';
import { matchesOf, type Recogniser } from './recogniser.js';

/**
 * An address starts only where a run of address characters starts (the look-behind), so a long
 * run with no "@" is read once rather than once per character.
 */
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g;

/** Just before the password part of a URL with credentials (`postgres://user:`). */
const URL_USER_BEFORE = /:\/\/[^\s/@:]*:$/;

export const findEmails: Recogniser = (text) =>
  [...matchesOf(text, EMAIL)]
    .filter(({ start }) => !URL_USER_BEFORE.test(text.slice(Math.max(0, start - 256), start)))
    .map(({ start, end }) => ({ kind: 'email', start, end }));

/**
 * Digits glued to an identifier ("INC-2024-118822", "GB-2025-000123") are a reference, even when
 * they happen to form a valid number somewhere.
 */
function isPartOfIdentifier(text: string, start: number): boolean {
  return /[\p{L}\p{N}_#/-]/u.test(text.charAt(start - 1));
}

/**
 * Phone numbers as libphonenumber reads them: international numbers anywhere, national ones
 * as dialled in any of `regions`. It validates against each region's numbering plan, so order
 * numbers, dates and prices are not taken for phone numbers.
 */
export function phoneRecogniser(regions: readonly CountryCode[]): Recogniser {
  return (text) => {
    const found: PersonalDataFinding[] = [];
    for (const window of phoneWindows(text)) {
      for (const defaultCountry of regions) {
        for (const match of findPhoneNumbersInText(window.text, { defaultCountry })) {
          const start = window.start + match.startsAt;
          if (!isPartOfIdentifier(text, start)) {
            found.push({ kind: 'phone', start, end: window.start + match.endsAt });
          }
        }
      }
    }
    return found;
  };
}

/** Where a phone number could be: a digit, then digits and dialling punctuation, ending in a digit. */
const PHONE_CANDIDATE = /(?<![\d+(])[+(]?\d[\d ()./-]{4,}\d/g;

/** Longer than any formatted phone number, with room for a neighbour in a list. */
const WINDOW = 48;

/**
 * libphonenumber reads the whole text it is given at every position it tries, so it is handed
 * only the stretches that look like numbers, a bounded window at a time, with a few characters
 * of context before ("+", "(") kept in the candidate itself.
 */
function* phoneWindows(text: string): Generator<{ start: number; text: string }> {
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const run = match[0];
    for (let offset = 0; offset < run.length; offset += WINDOW / 2) {
      yield { start: match.index + offset, text: run.slice(offset, offset + WINDOW) };
      if (offset + WINDOW >= run.length) {
        break;
      }
    }
  }
}
