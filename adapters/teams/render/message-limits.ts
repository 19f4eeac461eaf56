/*
 * Teams refuses a message larger than about 28 KB, counting the whole activity (text, card JSON
 * and the envelope the connector adds). Steward keeps each message's content well below that so
 * ids, service URLs and channel data always fit.
 */

/** Most bytes of content (text, or the serialized card) one outbound activity may carry. */
export const MESSAGE_CONTENT_BUDGET_BYTES = 24_000;

/** Citation details are trimmed to this many characters; the source link carries the rest. */
export const SNIPPET_MAX_CHARS = 240;
export const TITLE_MAX_CHARS = 160;
/** Sources beyond this are left off the card; answers rarely cite more. */
export const MAX_CITATIONS_SHOWN = 10;

/** How many bytes a value adds to an activity once serialized as JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text;
  }
  return `${text.slice(0, maxChars - 1).trimEnd()}…`;
}
