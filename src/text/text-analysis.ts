import stemmer from 'wink-porter2-stemmer';
import { ENGLISH_STOPWORDS } from './stopwords.js';

/**
 * The one reading of English text that retrieval, the extractive answerer and the approval rules
 * share, so a word means the same to all of them: NFKC-normalised tokens, lower-cased, stopwords
 * dropped (acronyms that spell one kept), Porter2 stems, hyphenated compounds kept whole and split,
 * numbers without their grouping commas.
 */

/**
 * Words, numbers and the joiners that belong inside them ("co-working", "3,300", "don't", "U.S.").
 * Splitting them apart here would lose the compound and number forms that `analyzeToken` keeps.
 */
const TOKEN = /[\p{L}\p{N}]+(?:[-'’.,][\p{L}\p{N}]+)*/gu;

export function tokenize(text: string): string[] {
  return text.normalize('NFKC').match(TOKEN) ?? [];
}

/**
 * Turns one token into the index terms it stands for: lower-cased, stopwords dropped, stemmed.
 * A hyphenated compound yields its parts and the joined form, so "co-working", "coworking" and
 * "working" all meet. Returns an empty array for a token that carries no meaning.
 */
export function analyzeToken(token: string): string[] {
  let terms = analyzed.get(token);
  if (terms === undefined) {
    terms = analyzeUncached(token);
    if (analyzed.size >= ANALYZED_CACHE_LIMIT) {
      analyzed.clear();
    }
    analyzed.set(token, terms);
  }
  // A copy: callers (MiniSearch among them) may keep or change the array.
  return [...terms];
}

/**
 * Stemming is most of the cost of indexing, and a corpus repeats a few thousand words millions of
 * times, so each distinct token is analysed once. Bounded so an endless stream of new tokens
 * cannot grow it without limit.
 */
const analyzed = new Map<string, readonly string[]>();
const ANALYZED_CACHE_LIMIT = 200_000;

function analyzeUncached(token: string): string[] {
  const word = stripApostrophe(token);
  if (word.length === 0) {
    return [];
  }
  const whole = analyzeWhole(word);
  if (/^\p{N}[\p{N},.]*$/u.test(word) || !/[.,]/.test(word)) {
    return whole;
  }
  // Words run together by dots or commas ("vpn.example.com", "apples,pears") are also read one by
  // one, so a host name meets the words it is made of.
  const pieces = word.split(/[-.,]/).flatMap((piece) => analyzeWord(piece));
  return [...new Set([...pieces, ...whole])];
}

function analyzeWhole(word: string): string[] {
  if (word.includes('-')) {
    const parts = word.split('-').filter((part) => part.length > 0);
    const terms = parts.flatMap((part) => analyzeWord(part));
    if (parts.every((part) => /^\p{L}+$/u.test(part))) {
      terms.push(...analyzeWord(parts.join('')));
    }
    return [...new Set(terms)];
  }
  return analyzeWord(word);
}

/** Every index term of a text, in order, repeats kept (term frequency matters to callers). */
export function analyzeText(text: string): string[] {
  return tokenize(text).flatMap((token) => analyzeToken(token));
}

/** The distinct terms of a text, for asking which of a question's terms a passage or sentence holds. */
export function termSet(text: string): Set<string> {
  return new Set(analyzeText(text));
}

/** An all-capitals token of two or more characters ("US", "IT", "PTO"): never the stopword it spells. */
export function isAcronym(token: string): boolean {
  return token.length >= 2 && /^[\p{Lu}\p{N}]+$/u.test(token) && /\p{Lu}/u.test(token);
}

/**
 * The lower-case words of a text split at every joiner and separator ("db_primary", "DB-primary"
 * and "db primary" are all "db primary"), unstemmed and with stopwords kept: for comparing values
 * literally rather than by meaning.
 */
export function surfaceWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function analyzeWord(raw: string): string[] {
  const acronym = isAcronym(raw);
  const lower = raw.toLowerCase();
  if (/^\p{N}[\p{N},.]*$/u.test(lower)) {
    return [normalizeNumber(lower)];
  }
  const word = lower.replaceAll('.', '').replaceAll(',', '');
  if (word.length === 0 || (!acronym && ENGLISH_STOPWORDS.has(word))) {
    return [];
  }
  if (word.length === 1 && !/\p{N}/u.test(word)) {
    return [];
  }
  return [/^\p{L}+$/u.test(word) ? stemmer(word) : word];
}

function stripApostrophe(token: string): string {
  const plain = token.replaceAll('’', "'");
  const cut = plain.indexOf("'");
  // "employee's" -> "employee", "don't" -> "don" (a stopword); the part after carries no meaning.
  return cut === -1 ? plain : plain.slice(0, cut);
}

/** "3,300" and "3300" are the same amount; a trailing ".00" is not worth a separate term. */
function normalizeNumber(value: string): string {
  const withoutGrouping = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(value) ? value.replaceAll(',', '') : value;
  return withoutGrouping.replace(/\.0+$/, '');
}
