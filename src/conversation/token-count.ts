import { countTokens as countBpeTokens } from 'gpt-tokenizer';

/**
 * Token count of a text, used for history and summary budgets. Hosted models each have their own
 * tokenizer; a BPE count from a common vocabulary is close enough to keep context bounded.
 */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : countBpeTokens(text);
}
