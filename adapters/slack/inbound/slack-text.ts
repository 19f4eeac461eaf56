import type { MentionedPerson } from '../../../src/conversation/types.js';

/**
 * Turns a message's Slack markup into the plain words the core reads: the bot's own mention is
 * dropped, other references keep their visible label, and Slack's three HTML entities are
 * decoded (Slack escapes only &, < and > in message text).
 */
export function toPlainText(text: string, botUserId: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => replaceReference(inner, botUserId))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * The people a message's Slack markup mentions (`<@U123>`, `<@U123|alice>`), the bot left out,
 * each with how the mention reads in the text the core gets: `@alice` or `@U123` after
 * `toPlainText`, the markup itself where the text is passed on as typed (slash command arguments).
 */
export function mentionedPeople(
  text: string,
  botUserId: string,
  readAs: 'plain' | 'markup' = 'plain',
): MentionedPerson[] {
  const people = new Map<string, MentionedPerson>();
  for (const match of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>/g)) {
    const [markup, id = '', label] = match;
    if (id === botUserId || people.has(id)) {
      continue;
    }
    const shown = readAs === 'markup' ? markup : label !== undefined && label !== '' ? `@${label}` : undefined;
    people.set(id, shown !== undefined ? { id, label: shown } : { id });
  }
  return [...people.values()];
}

/** True when the text mentions the bot (`<@U123>` or `<@U123|name>`). */
export function mentionsUser(text: string, userId: string): boolean {
  return text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`);
}

function replaceReference(inner: string, botUserId: string): string {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const userId = target.slice(1);
    return userId === botUserId ? '' : `@${label ?? userId}`;
  }
  if (target.startsWith('#')) {
    return `#${label ?? target.slice(1)}`;
  }
  if (target.startsWith('!subteam^')) {
    return `@${label ?? target.slice('!subteam^'.length)}`;
  }
  if (target.startsWith('!')) {
    // <!here>, <!channel>, <!date^...|fallback>
    return label ?? `@${target.slice(1)}`;
  }
  const address = target.replace(/^mailto:/, '');
  return label !== undefined && label !== address ? `${label} (${address})` : address;
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}
