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
          const end = window.start + match.endsAt;
          const written = text.slice(start, end);
          if (!isPartOfIdentifier(text, start) && !isPartOfDecimal(text, start, end) && dialledAsWritten(written, match.number.formatNational())) {
            found.push({ kind: 'phone', start, end });
          }
        }
      }
    }
    return found;
  };
}

/** Digits next to a decimal point ("12345678.90", a Slack timestamp "1765098765.004321") are a number, not a phone. */
function isPartOfDecimal(text: string, start: number, end: number): boolean {
  return /^[.,]\d/.test(text.slice(end, end + 2)) || /\d[.,]$/.test(text.slice(Math.max(0, start - 2), start));
}

/**
 * Where a country dials national numbers with a trunk prefix (0 in the UK, Germany, France...),
 * people write it: "1765098765" is not how anyone writes a UK number, so it is not one. Countries
 * without one (the +1 countries, Spain...) and international numbers are taken as written.
 */
function dialledAsWritten(written: string, national: string): boolean {
  return written.startsWith('+') || !national.startsWith('0') || written.replace(/^\(/, '').startsWith('0');
}

/** Where a phone number could be: a digit, then digits and dialling punctuation, ending in a digit. */
const PHONE_CANDIDATE = /(?<![\d+(])[+(]?\d[\d ()./-]{4,}\d/g;

/** The longest phone number as people format it ("+1 (646) 555-0144 x12" and the like). */
const LONGEST_NUMBER = 20;
/** Windows overlap by the longest number, so every number lies wholly inside one of them. */
const WINDOW = 36;
const STEP = WINDOW - LONGEST_NUMBER;

/**
 * libphonenumber needs about a millisecond per digit-rich window. A message carries a handful of
 * phone numbers, not hundreds: past this many windows (a pasted table of digits, or input made to
 * be slow) the rest of the message is not read for phone numbers, so no message can cost more
 * than a few dozen milliseconds here.
 */
const MAX_WINDOWS = 24;

/**
 * libphonenumber reads the whole text it is given at every position it tries, so it is handed
 * only the stretches that look like numbers, a bounded window at a time, with a few characters
 * of context before ("+", "(") kept in the candidate itself.
 */
function* phoneWindows(text: string): Generator<{ start: number; text: string }> {
  let windows = 0;
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const run = match[0];
    for (let offset = 0; offset < run.length; offset += STEP) {
      windows += 1;
      if (windows > MAX_WINDOWS) {
        return;
      }
      yield { start: match.index + offset, text: run.slice(offset, offset + WINDOW) };
      if (offset + WINDOW >= run.length) {
        break;
      }
    }
  }
}
