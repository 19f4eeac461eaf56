import type { MentionedPerson } from '../conversation/types.js';
import type { QuotedPerson } from './approval-types.js';

/**
 * The people a message mentions whose id or mention label appears in what a proposal keeps of
 * it (the reason, the parameter values). The requester is left out: they are indexed as such.
 */
export function quotedPeople(
  mentioned: readonly MentionedPerson[] | undefined,
  texts: readonly string[],
  requesterId: string,
): QuotedPerson[] {
  const quoted: QuotedPerson[] = [];
  for (const person of mentioned ?? []) {
    if (person.id === requesterId || quoted.some((other) => other.userId === person.id)) {
      continue;
    }
    const forms = [...new Set([`@${person.id}`, person.id, ...(person.label !== undefined && person.label.trim() !== '' ? [person.label.trim()] : [])])];
    const found = forms.filter((form) => texts.some((text) => quotes(text, form)));
    if (found.length > 0) {
      quoted.push({ userId: person.id, quotedAs: found.sort((a, b) => b.length - a.length) });
    }
  }
  return quoted;
}

/** Every string inside a parameter value (nested objects and lists included). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(stringsIn);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.values(value).flatMap(stringsIn);
  }
  return [];
}

/** `form` as a whole word of `text`: `@U0AL` does not quote `@U0ALICE`. */
export function quotes(text: string, form: string): boolean {
  return wholeWord(form).test(text);
}

/** Replaces every whole-word occurrence of `form` in `text`. */
export function replaceQuote(text: string, form: string, replacement: string): string {
  return text.replace(new RegExp(wholeWord(form).source, 'gu'), replacement);
}

function wholeWord(form: string): RegExp {
  const escaped = form.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'u');
}
