import { tokenize, analyzeToken } from '../../src/text/text-analysis.js';

/**
 * The share of pairs of the question's terms that occur within `window` words of each other
 * somewhere in the text, in [0, 1]: a passage where "hold" sits next to "package" talks about
 * holding packages, one that mentions each in another paragraph may not. Questions of fewer than
 * two terms get 0.
 */
export function proximityShare(text: string, asked: readonly string[], window: number): number {
  if (asked.length < 2) {
    return 0;
  }
  const index = new Map(asked.map((term, at) => [term, at]));
  // Where each asked term was last seen, in word positions.
  const lastSeen = new Array<number>(asked.length).fill(-Infinity);
  const near = new Set<number>();
  let position = 0;
  for (const token of tokenize(text)) {
    const terms = analyzeToken(token);
    for (const term of terms) {
      const at = index.get(term);
      if (at === undefined) {
        continue;
      }
      lastSeen.forEach((seen, other) => {
        if (other !== at && position - seen <= window) {
          near.add(Math.min(at, other) * asked.length + Math.max(at, other));
        }
      });
      lastSeen[at] = position;
    }
    position += 1;
  }
  return near.size / ((asked.length * (asked.length - 1)) / 2);
}
