import type { RelatedWord, Thesaurus } from '../../src/ports/thesaurus.js';

/**
 * A thesaurus of a few given entries, for tests that need to know exactly what is related. Every
 * word is fully specific unless given a lower specificity, and has no definition words unless given.
 */
export class MapThesaurus implements Thesaurus {
  private readonly entries: ReadonlyMap<string, readonly RelatedWord[]>;
  private readonly specificities: ReadonlyMap<string, number>;
  private readonly definitions: ReadonlyMap<string, readonly RelatedWord[]>;

  constructor(
    entries: Readonly<Record<string, readonly RelatedWord[]>>,
    specificities: Readonly<Record<string, number>> = {},
    definitions: Readonly<Record<string, readonly RelatedWord[]>> = {},
  ) {
    this.entries = new Map(Object.entries(entries));
    this.specificities = new Map(Object.entries(specificities));
    this.definitions = new Map(Object.entries(definitions));
  }

  related(word: string): readonly RelatedWord[] {
    return this.entries.get(word.trim().toLowerCase()) ?? [];
  }

  defining(word: string): readonly RelatedWord[] {
    return this.definitions.get(word.trim().toLowerCase()) ?? [];
  }

  specificity(word: string): number {
    return this.specificities.get(word.trim().toLowerCase()) ?? 1;
  }
}
