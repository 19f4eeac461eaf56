import { ENGLISH_STOPWORDS } from '../../src/text/stopwords.js';

/**
 * Words that definitions use to frame a meaning rather than to say it ("(plural) ...", "consisting
 * of", "especially", "relating to"): as stand-ins for a question word they would only add noise.
 */
const DEFINITION_FRAME_WORDS: ReadonlySet<string> = new Set([
  'plural',
  'consisting',
  'especially',
  'etc',
  'relating',
  'usually',
  'often',
  'something',
  'someone',
  'somebody',
  'used',
  'using',
  'characterized',
  'having',
  'without',
  'certain',
  'particular',
  'various',
  'typically',
  'sometimes',
]);

/**
 * The content words of a WordNet definition, lower-cased, in order, each once: "optical instrument
 * consisting of a frame that holds a pair of lenses" -> optical, instrument, frame, holds, pair,
 * lenses. Stopwords, words of fewer than three letters and the frame words above are dropped.
 */
export function definitionWords(definition: string): string[] {
  const words = definition.toLowerCase().match(/[a-z][a-z'-]*[a-z]/g) ?? [];
  return [
    ...new Set(
      words.filter(
        (word) => word.length >= 3 && !ENGLISH_STOPWORDS.has(word) && !DEFINITION_FRAME_WORDS.has(word),
      ),
    ),
  ];
}
