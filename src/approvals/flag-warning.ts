import type { ParameterFlag } from './approval-types.js';

/**
 * The sentence a card shows when the model took parameter values from retrieved documents:
 * which parameters, which documents, and that the reader should check them before deciding.
 */
export function flagWarning(
  flags: readonly ParameterFlag[],
  requesterName: string,
  before: 'confirming' | 'approving',
): string {
  const names = listed(flags.map((flag) => `\`${flag.name}\``));
  const documents = [...new Set(flags.flatMap((flag) => flag.foundIn))];
  const one = flags.length === 1;
  return (
    `${names} ${one ? 'was' : 'were'} taken from ${documents.length === 1 ? 'a retrieved document' : 'retrieved documents'} ` +
    `(${documents.join('; ')}), not from what ${requesterName} wrote. Check ${one ? 'it' : 'them'} before ${before}.`
  );
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
