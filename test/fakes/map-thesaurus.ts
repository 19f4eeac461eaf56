import type { RelatedWord, Thesaurus } from '../../src/ports/thesaurus.js';

/** A thesaurus of a few given entries, for tests that need to know exactly what is related. */
export class MapThesaurus implements Thesaurus {
  private readonly entries: ReadonlyMap<string, readonly RelatedWord[]>;

  constructor(entries: Readonly<Record<string, readonly RelatedWord[]>>) {
    this.entries = new Map(Object.entries(entries));
  }

  related(word: string): readonly RelatedWord[] {
    return this.entries.get(word.trim().toLowerCase()) ?? [];
  }
}
