import { surfaceWords } from '../text/text-analysis.js';
import type { ParameterFlag } from './approval-types.js';

/** What a model's tool-call arguments are compared with. */
export interface ProvenanceSources {
  /** What the requester wrote in this request: the message the model answered. */
  readonly request: string;
  /** The requester's earlier messages in the conversation. */
  readonly requesterEarlier?: readonly string[];
  /** What other participants wrote in the conversation. */
  readonly others?: readonly { readonly author: string; readonly text: string }[];
  /** Steward's earlier answers in the conversation. */
  readonly answers?: readonly string[];
  /** The passages the model was given with the question. */
  readonly passages: readonly { readonly title: string; readonly text: string }[];
}

/** Values of up to this many words must appear as a phrase; longer ones are compared by their words. */
const PHRASE_WORDS = 3;
/** Share of a longer value's distinct words a text must contain for the value to count as found in it. */
const WORD_COVERAGE = 0.8;

/** Where a value comes from when it is found nowhere else: the model wrote it itself. */
export const MODEL_OWN_VALUE = "nothing in the conversation (the model's own value)";

/**
 * Which of the model's arguments the requester did not type in this request, and where each
 * came from: a retrieved passage (its title), another participant's message, an earlier answer
 * of Steward's, the requester's own earlier messages, or nowhere (the model's own value). Any of
 * these may be an instruction planted to steer the model (prompt injection), or simply not what
 * the person meant now, so every such value is flagged and the cards say where it came from.
 * Only the arguments the model gave are looked at, not defaults the schema fills in later.
 *
 * Text is compared case-insensitively, with punctuation and separators ignored, so `db_primary`
 * meets "db-primary" and "DB primary"; short values must appear as a whole phrase ("web" is not
 * found in "website").
 */
export function documentOnlyArguments(
  input: Readonly<Record<string, unknown>>,
  sources: ProvenanceSources,
): ParameterFlag[] {
  const request = searchable(sources.request);
  const origins = [
    ...sources.passages.map((passage) => ({
      label: passage.title,
      text: searchable(`${passage.title}\n${passage.text}`),
    })),
    ...(sources.others ?? []).map((other) => ({
      label: `a message by ${other.author}`,
      text: searchable(other.text),
    })),
    ...(sources.answers ?? []).map((answer) => ({
      label: "an earlier answer of Steward's",
      text: searchable(answer),
    })),
    ...(sources.requesterEarlier ?? []).map((text) => ({
      label: 'an earlier message of the requester',
      text: searchable(text),
    })),
  ];
  const flags: ParameterFlag[] = [];
  for (const [name, value] of Object.entries(input)) {
    const foundIn = new Set<string>();
    for (const leaf of leaves(value)) {
      const words = surfaceWords(leaf);
      if (words.length === 0 || contains(request, words)) {
        continue;
      }
      const from = origins.filter((origin) => contains(origin.text, words)).map((origin) => origin.label);
      for (const label of from.length > 0 ? from : [MODEL_OWN_VALUE]) {
        foundIn.add(label);
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
  const words = surfaceWords(text);
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
