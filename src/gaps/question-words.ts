/*
 * How two questions are told to "ask the same thing" without a language model: the words that
 * carry their meaning, compared as sets. Case, punctuation, accents, word order, plurals and the
 * small words people add or drop ("how do I", "can you tell me") do not count.
 */

/** Function words and question scaffolding; what remains names the subject of the question. */
const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for from with about into over under as is are was were be been being ' +
    'am do does did doing done have has had having can could will would shall should may might must ' +
    'i me my mine we us our you your he him his she her it its they them their this that these those there here ' +
    'what which who whom whose when where why how whats hows wheres whos ' +
    'please tell know need want get got any some anyone somebody someone hi hello hey thanks thank steward ' +
    'not no so than then too very just also still ever'
  ).split(' '),
);

/** The meaning-carrying words of a question, normalised; empty for a question made only of small words. */
export function questionWords(question: string): ReadonlySet<string> {
  const words = new Set<string>();
  const text = question
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/gu, '');
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = singular(match[0]);
    if (!STOPWORDS.has(word)) {
      words.add(word);
    }
  }
  return words;
}

/** A light plural rule: enough for "day"/"days", "policy"/"policies"; never shortens short words. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) {
    return `${word.slice(0, -3)}y`;
  }
  if (
    word.length > 3 &&
    word.endsWith('s') &&
    !word.endsWith('ss') &&
    !word.endsWith('us') &&
    !word.endsWith('is')
  ) {
    return word.slice(0, -1);
  }
  return word;
}

/** Shared words over all words (Jaccard); 0 when either has none. */
export function wordOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) {
    return 0;
  }
  let shared = 0;
  for (const word of a) {
    if (b.has(word)) {
      shared += 1;
    }
  }
  return shared / (a.size + b.size - shared);
}
