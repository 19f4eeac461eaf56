import type { ParameterFlag } from './approval-types.js';

/**
 * The sentence a card shows when the model proposed the action: that it did, and which values
 * the requester did not type in this request, with where each came from (a retrieved document,
 * someone else's message, an earlier answer, or the model itself), so the reader checks them.
 */
export function flagWarning(
  flags: readonly ParameterFlag[],
  requesterName: string,
  before: 'confirming' | 'approving',
): string {
  const proposed = `Proposed by the AI model, not typed by ${requesterName}.`;
  if (flags.length === 0) {
    return `${proposed} Check it before ${before}.`;
  }
  const one = flags.length === 1;
  const values = flags.map((flag) => `\`${flag.name}\` (from ${flag.foundIn.join('; ')})`);
  return (
    `${proposed} ${listed(values)} ${one ? 'was' : 'were'} not in ${requesterName}'s request. ` +
    `Check ${one ? 'it' : 'them'} before ${before}.`
  );
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
