import type { PersonalDataFinding } from '../../src/ports/personal-data-detector.js';
import { matchesOf, type Recogniser } from './recogniser.js';

/**
 * Credentials with a recognisable shape: AWS access key ids, Google API keys, GitHub, Slack and
 * Stripe tokens. Their prefixes are published by the issuers precisely so scanners find them.
 */
const ACCESS_KEYS = [
  /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g,
  /(?<!\w)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?!\w)/g,
  /(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10,250}/g,
  /(?<!\w)[rs]k_(?:live|test)_[A-Za-z0-9]{16,247}(?!\w)/g,
];

/** A JSON Web Token: three base64url parts, the first two JSON objects ("eyJ"). */
const JWT = /(?<![\w-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g;

/** An AWS secret access key (40 base64 characters) where the words before it say what it is. */
const AWS_SECRET =
  /\b(?:aws_secret_access_key|secret access key|secret key|secret)\b(?:\s+(?:is|was)\b)*\s*(?:[:=]\s*)?["']?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi;

/** `api_key = ...`, `token: ...`, `Authorization: Bearer ...`: a value assigned to a secret's name. */
const NAMED_SECRET =
  /\b(?:api[_-]?key|apikey|client[_-]?secret|secret[_-]?key|secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|token|bearer)\b["']?\s*(?:[:=]\s*)?["']?(?<value>[A-Za-z0-9_\-.~+/]{16,512}=*)/dgi;

/** The password part of a URL with credentials (`postgres://app:<password>@db`). */
const URL_PASSWORD = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:(?<value>[^\s@/]+)@/dgi;

/**
 * A password typed in the clear: "my password is Hunter2!", "pwd: x7#kQ", "PIN 4821". After a
 * colon or equals sign any value counts; after "is" or "was" only one that looks like a password
 * (a digit, a symbol or a capital inside it), so "my password is expired" is left alone.
 */
const PASSWORD =
  /\b(?:password|passwd|pwd|passcode|passphrase|pw|pin(?: code)?)\b(?:\s*(?<assign>[:=])\s*|\s+(?:is|was|would be|will be|should be|to|now)\s+)["'“]?(?<value>[^\s"'”]{3,128})/dgi;

/** A door or card PIN written with no "is" or colon: only digits, as PINs are. */
const BARE_PIN = /\bpin(?: code)?\s+(?<value>\d{4,8})(?!\d)/dgi;

export const findAccessKeys: Recogniser = (text) =>
  ACCESS_KEYS.flatMap((pattern) => [...matchesOf(text, pattern)]).map(({ start, end }) => ({
    kind: 'access-key',
    start,
    end,
  }));

export const findSecrets: Recogniser = (text) => [
  ...[...matchesOf(text, JWT), ...matchesOf(text, AWS_SECRET, 'value'), ...matchesOf(text, NAMED_SECRET, 'value')]
    .filter(({ value }) => /\d/.test(value) || value.length >= 32)
    .map(({ start, end }) => ({ kind: 'secret' as const, start, end })),
  ...privateKeyBlocks(text),
];

export const findPasswords: Recogniser = (text) => {
  const found: PersonalDataFinding[] = [...matchesOf(text, URL_PASSWORD, 'value'), ...matchesOf(text, BARE_PIN, 'value')].map(({ start, end }) => ({
    kind: 'password',
    start,
    end,
  }));
  for (const match of text.matchAll(PASSWORD)) {
    const value = match.groups?.value;
    const span = match.indices?.groups?.value;
    if (value === undefined || span === undefined) {
      continue;
    }
    // A sentence's full stop or comma is not part of the password; "!" and "?" may be, so they stay masked.
    const trimmed = value.replace(/[.,;)]+$/, '');
    if (match.groups?.assign !== undefined || looksLikePassword(trimmed)) {
      found.push({ kind: 'password', start: span[0], end: span[0] + trimmed.length });
    }
  }
  return found;
};

function looksLikePassword(value: string): boolean {
  return value.length >= 3 && (/\d/.test(value) || /[^\p{L}\p{N}]/u.test(value) || /.\p{Lu}/u.test(value));
}

/** PEM private keys, found by their markers with indexOf so a missing end marker costs one scan. */
function privateKeyBlocks(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  const begin = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/g;
  for (const match of text.matchAll(begin)) {
    const endMarker = text.indexOf('PRIVATE KEY-----', match.index + match[0].length);
    const end = endMarker === -1 ? text.length : endMarker + 'PRIVATE KEY-----'.length;
    found.push({ kind: 'secret', start: match.index, end });
  }
  return found;
}
