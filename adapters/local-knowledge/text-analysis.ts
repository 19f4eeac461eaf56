import stemmer from 'wink-porter2-stemmer';
import { ENGLISH_STOPWORDS } from './stopwords.js';

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

function analyzeWord(raw: string): string[] {
  // An all-capitals word is an acronym ("US", "IT", "PTO"), never the stopword it spells.
  const isAcronym = raw.length >= 2 && /^[\p{Lu}\p{N}]+$/u.test(raw) && /\p{Lu}/u.test(raw);
  const lower = raw.toLowerCase();
  if (/^\p{N}[\p{N},.]*$/u.test(lower)) {
    return [normalizeNumber(lower)];
  }
  const word = lower.replaceAll('.', '').replaceAll(',', '');
  if (word.length === 0 || (!isAcronym && ENGLISH_STOPWORDS.has(word))) {
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
