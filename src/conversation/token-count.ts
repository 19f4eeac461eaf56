import { createRequire } from 'node:module';
import type { countTokens as CountBpeTokens } from 'gpt-tokenizer';

const require = createRequire(import.meta.url);
let countBpeTokens: typeof CountBpeTokens | undefined;

/**
 * Token count of a text, used for history and summary budgets. Hosted models each have their own
 * tokenizer; a BPE count from a common vocabulary is close enough to keep context bounded.
 *
 * The vocabulary is loaded on the first count, not when this module is imported: it holds about
 * 20 MB of heap, and a web tier that only acknowledges and queues never counts a token, while
 * every garbage collection of its heap would have had to walk it.
 */
export function countTokens(text: string): number {
  if (text.length === 0) {
    return 0;
  }
  countBpeTokens ??= (require('gpt-tokenizer') as { countTokens: typeof CountBpeTokens }).countTokens;
  return countBpeTokens(text);
}
