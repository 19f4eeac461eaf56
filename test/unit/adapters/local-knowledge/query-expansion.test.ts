import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPANSION, expandQuery } from '../../../../adapters/local-knowledge/query-expansion.js';
import { MapThesaurus } from '../../../fakes/map-thesaurus.js';

const thesaurus = new MapThesaurus(
  { eyeglasses: [{ word: 'spectacles', weight: 1 }] },
  {},
  {
    eyeglasses: [
      { word: 'vision', weight: 0.12 },
      { word: 'lenses', weight: 0.2 },
    ],
  },
);

function relatedOf(
  question: string,
  indexTerms: readonly string[],
  options = DEFAULT_EXPANSION,
): ReadonlyMap<string, number> | undefined {
  const inIndex = new Set(indexTerms);
  const concepts = expandQuery(
    question,
    thesaurus,
    (term) => inIndex.has(term),
    () => true,
    options,
  );
  return concepts.find((concept) => concept.term === 'eyeglass')?.related;
}

describe('expandQuery', () => {
  it('lets the words of a definition stand in for the asked word, below its synonyms', () => {
    const related = relatedOf('eyeglasses', ['eyeglass', 'spectacl', 'vision', 'lens']);
    expect(related?.get('spectacl')).toBeCloseTo(DEFAULT_EXPANSION.weight);
    expect(related?.get('vision')).toBeCloseTo(DEFAULT_EXPANSION.weight * 0.12);
    expect(related?.get('lens')).toBeCloseTo(DEFAULT_EXPANSION.weight * 0.2);
  });

  it('weights them as any stand-in of a word no document uses, still below the word itself', () => {
    const related = relatedOf('eyeglasses', ['vision']);
    expect(related?.get('vision')).toBeCloseTo(DEFAULT_EXPANSION.unknownWordWeight * 0.12);
    expect(related?.has('spectacl')).toBe(false);
  });

  it('leaves definitions out when told to', () => {
    const related = relatedOf('eyeglasses', ['eyeglass', 'spectacl', 'vision'], {
      ...DEFAULT_EXPANSION,
      definitions: false,
    });
    expect([...(related?.keys() ?? [])]).toEqual(['spectacl']);
  });
});
