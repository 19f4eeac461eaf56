import { passesLuhn } from './checksums.js';
import { matchesOf, type Recogniser } from './recogniser.js';

/** US Social Security number in its written form; never 000, 666 or 9xx areas, 00 groups or 0000 serials. */
const US_SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/g;

/** UK National Insurance number: two letters (never BG, GB, NK, KN, TN, NT, ZZ), six digits, A–D. */
const UK_NINO =
  /(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ|bg|gb|nk|kn|tn|nt|zz)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/gi;

/** Canadian Social Insurance number: three groups of three digits with a Luhn check digit. */
const CA_SIN = /(?<![\d-])[1-79]\d{2}([- ])\d{3}\1\d{3}(?![\d-])/g;

/**
 * Any number named as an identity document ("passport number X1234567", "my BSN is 123456782"):
 * formats differ by country, so the words before it are what tell.
 */
const NAMED_ID =
  /\b(?:passport|national (?:id|identity|insurance)|identity (?:card|number)|id (?:card|number|no\.?)|ssn|social security|social insurance|tax (?:id|number|file number)|tin|driver'?s licen[cs]e|licen[cs]e number|personnummer|bsn|aadhaar|nric|cpr|pesel|nif|dni)\b(?:\s+(?:number|no|is|was)\b\.?)*\s*(?:[:#=-]\s*)?(?<value>(?:[A-Za-z]{1,3}[ -]?)?\d[\d -]{3,20}\d[A-Za-z]?)(?![\w-])/dgi;

/**
 * A date written near the words that say it is a birth date. Other dates (deadlines, meetings)
 * are not personal data on their own.
 */
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\\.?';
const DATE = [
  '\\d{4}-\\d{1,2}-\\d{1,2}',
  '\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})',
  `\\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTH},? \\d{4}`,
  `${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}`,
].join('|');
const BIRTH_DATE = new RegExp(
  `\\b(?:born|date of birth|birth ?date|birthday|d\\.?o\\.?b\\.?)(?:\\s+(?:is|was|on|in)\\b)*\\s*(?:[:=-]\\s*)?(?<value>${DATE})(?!\\d)`,
  'dgi',
);

export const findNationalIds: Recogniser = (text) => [
  ...[...matchesOf(text, US_SSN), ...matchesOf(text, UK_NINO)].map(({ start, end }) => ({
    kind: 'national-id' as const,
    start,
    end,
  })),
  ...[...matchesOf(text, CA_SIN)]
    .filter(({ value }) => passesLuhn(value.replace(/[- ]/g, '')))
    .map(({ start, end }) => ({ kind: 'national-id' as const, start, end })),
  ...[...matchesOf(text, NAMED_ID, 'value')]
    .filter(({ value }) => value.replace(/\D/g, '').length >= 5)
    .map(({ start, end }) => ({ kind: 'national-id' as const, start, end })),
];

export const findBirthDates: Recogniser = (text) =>
  [...matchesOf(text, BIRTH_DATE, 'value')].map(({ start, end }) => ({ kind: 'date-of-birth', start, end }));
