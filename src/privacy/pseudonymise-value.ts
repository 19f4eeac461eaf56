import { quotes, replaceQuote } from '../approval-rules/quoted-people.js';

/** Keys that hold a person's display name or directory id next to the id they belong to. */
const IDENTITY_DETAIL_KEYS = new Set(['name', 'authorName', 'directoryId', 'displayName']);
/** Keys that hold what the person wrote, next to the id of the person who wrote it. */
const WORDS_KEYS = new Set(['text', 'question', 'answer', 'reason']);
/** Keys naming who wrote the object's words (an approval's requester, a decision's author). */
const AUTHOR_KEYS = new Set(['requester', 'by']);

export const ERASED_TEXT = '[erased]';

/**
 * Replaces one person in a JSON value (an audit record, an approval record): every string equal
 * to their id becomes the pseudonym, and an object that names them (a person, a decision's `by`,
 * an excerpt's `authorId`) also loses their display name and the words they wrote. Everything else
 * (other people, action parameters, outcomes) is kept: these are governance records.
 */
export function pseudonymiseValue(value: unknown, userId: string, pseudonym: string): unknown {
  if (typeof value === 'string') {
    return value === userId ? pseudonym : value;
  }
  if (Array.isArray(value)) {
    return value.map((inner) => pseudonymiseValue(inner, userId, pseudonym));
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return value;
  }
  const entries = Object.entries(value);
  const namesThePerson = entries.some(([, inner]) => inner === userId);
  const writtenByThePerson =
    namesThePerson || entries.some(([key, inner]) => AUTHOR_KEYS.has(key) && namesDirectly(inner, userId));
  const cancelledByThePerson = entries.some(([key, inner]) => key === 'cancelledBy' && namesDirectly(inner, userId));
  return Object.fromEntries(
    entries
      .filter(([key]) => !(namesThePerson && IDENTITY_DETAIL_KEYS.has(key)))
      .map(([key, inner]) =>
        typeof inner === 'string' &&
        ((writtenByThePerson && WORDS_KEYS.has(key)) || (cancelledByThePerson && key === 'cancelledBecause'))
          ? [key, ERASED_TEXT]
          : [key, pseudonymiseValue(inner, userId, pseudonym)],
      ),
  );
}

function namesDirectly(value: unknown, userId: string): boolean {
  return (
    value === userId ||
    (value !== null && typeof value === 'object' && Object.values(value).some((inner) => inner === userId))
  );
}

/** True when the value still holds the id anywhere (used to count what an erasure changed). */
export function mentions(value: unknown, userId: string): boolean {
  if (typeof value === 'string') {
    return value === userId;
  }
  if (Array.isArray(value)) {
    return value.some((inner) => mentions(inner, userId));
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return false;
  }
  return Object.values(value).some((inner) => mentions(inner, userId));
}

/**
 * Replaces the forms a person is quoted in (`@alice`, `Alice Example`) inside every string of a
 * value, as whole words, by their pseudonym: what someone wrote about them ("grant access to
 * @alice") stays readable as a governance record without naming them.
 */
export function pseudonymiseQuotes(value: unknown, forms: readonly string[], pseudonym: string): unknown {
  if (typeof value === 'string') {
    return forms.reduce((text, form) => replaceQuote(text, form, pseudonym), value);
  }
  if (Array.isArray(value)) {
    return value.map((inner) => pseudonymiseQuotes(inner, forms, pseudonym));
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return value;
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, pseudonymiseQuotes(inner, forms, pseudonym)]));
}

/** True when a string of the value quotes any of the forms as a whole word. */
export function quotesAny(value: unknown, forms: readonly string[]): boolean {
  if (typeof value === 'string') {
    return forms.some((form) => quotes(value, form));
  }
  if (Array.isArray(value)) {
    return value.some((inner) => quotesAny(inner, forms));
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return false;
  }
  return Object.values(value).some((inner) => quotesAny(inner, forms));
}
