import type { ParameterFlag } from './approval-types.js';

/** What a model's tool-call arguments are compared with. */
export interface ProvenanceSources {
  /** What the requester wrote: the message and their earlier messages in the conversation. */
  readonly requesterTexts: readonly string[];
  /** The passages the model was given with the question. */
  readonly passages: readonly { readonly title: string; readonly text: string }[];
}

/** Values of up to this many words must appear as a phrase; longer ones are compared by their words. */
const PHRASE_WORDS = 3;
/** Share of a longer value's distinct words a text must contain for the value to count as found in it. */
const WORD_COVERAGE = 0.8;

/**
 * Which of the model's arguments came from the retrieved documents rather than from the
 * requester: a value (or, for lists and objects, any string or number inside it) that appears in
 * a passage but nowhere in what the requester wrote. Only the arguments the model gave are
 * looked at, not defaults the schema fills in later. Values found in neither place (the model's
 * own wording, a normalised choice such as `production` for "prod") are not flagged: they are
 * not evidence of text lifted from a document.
 *
 * Text is compared case-insensitively, with punctuation and separators ignored, so `db_primary`
 * meets "db-primary" and "DB primary"; short values must appear as a whole phrase ("web" is not
 * found in "website").
 */
export function documentOnlyArguments(
  input: Readonly<Record<string, unknown>>,
  sources: ProvenanceSources,
): ParameterFlag[] {
  const requester = sources.requesterTexts.map(searchable);
  const passages = sources.passages.map((passage) => ({
    title: passage.title,
    text: searchable(`${passage.title}\n${passage.text}`),
  }));
  const flags: ParameterFlag[] = [];
  for (const [name, value] of Object.entries(input)) {
    const foundIn = new Set<string>();
    for (const leaf of leaves(value)) {
      const words = wordsOf(leaf);
      if (words.length === 0 || requester.some((text) => contains(text, words))) {
        continue;
      }
      for (const passage of passages) {
        if (contains(passage.text, words)) {
          foundIn.add(passage.title);
        }
      }
    }
    if (foundIn.size > 0) {
      flags.push({ name, foundIn: [...foundIn] });
    }
  }
  return flags;
}

interface SearchableText {
  /** The words joined by single spaces, with a space at each end, for whole-phrase search. */
  readonly phrase: string;
  readonly words: ReadonlySet<string>;
}

function searchable(text: string): SearchableText {
  const words = wordsOf(text);
  return { phrase: ` ${words.join(' ')} `, words: new Set(words) };
}

function contains(text: SearchableText, words: readonly string[]): boolean {
  if (words.length <= PHRASE_WORDS) {
    return text.phrase.includes(` ${words.join(' ')} `);
  }
  const distinct = new Set(words);
  let found = 0;
  for (const word of distinct) {
    if (text.words.has(word)) {
      found += 1;
    }
  }
  return found / distinct.size >= WORD_COVERAGE;
}

function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The strings and numbers in a value; booleans and nulls say nothing about where a value came from. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (typeof value === 'number') {
    return [String(value)];
  }
  if (Array.isArray(value)) {
    return value.flatMap(leaves);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).flatMap(leaves);
  }
  return [];
}
