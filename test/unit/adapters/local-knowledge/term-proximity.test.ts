import { describe, expect, it } from 'vitest';
import { ChunkIndex } from '../../../../adapters/local-knowledge/chunk-index.js';
import type { Chunk } from '../../../../adapters/local-knowledge/document-model.js';
import { proximityShare } from '../../../../adapters/local-knowledge/term-proximity.js';
import { analyzeText } from '../../../../src/text/text-analysis.js';

const terms = (question: string) => [...new Set(analyzeText(question))];

describe('proximityShare', () => {
  it('counts the pairs of question terms found within the window, as a share of all pairs', () => {
    const asked = terms('hold package upgrade');
    expect(proximityShare('To hold a package back, mark it.', asked, 8)).toBeCloseTo(1 / 3);
    expect(proximityShare('Hold the package and it will not upgrade.', asked, 8)).toBe(1);
  });

  it('ignores terms further apart than the window, and questions of one term', () => {
    const filler = 'one two three four five six seven eight nine ten';
    expect(proximityShare(`hold ${filler} package`, terms('hold package'), 8)).toBe(0);
    expect(proximityShare('hold package', terms('package'), 8)).toBe(0);
  });

  it('reads words as the index does (stemmed), and counts distance in words of the text', () => {
    expect(proximityShare('The packages that are upgraded', terms('upgrading a package'), 3)).toBe(1);
  });
});

function chunk(id: string, text: string): Chunk {
  return { id, source: `${id}.txt`, title: id, headingPath: [], text };
}

describe('ChunkIndex proximity', () => {
  // The same words, as often, in both: only their distance tells the chunks apart.
  const scattered = chunk(
    'scattered',
    'A package lists its files. Many tools read those lists every day, and some write notes. You may hold a meeting.',
  );
  const together = chunk(
    'together',
    'You may hold a package. Many tools read those lists every day, and some write notes. A meeting lists its files.',
  );

  it('ranks the chunk with the question words close together first', () => {
    const index = new ChunkIndex();
    index.add([scattered, together]);
    expect(index.query({ text: 'hold package', limit: 2 }).map((hit) => hit.chunk.id)).toEqual([
      'together',
      'scattered',
    ]);
  });

  it('hands out the scores BM25 gave, only in another order, so the lead of the first is unchanged', () => {
    const lonely = chunk('lonely', 'A package that nobody will hold back.');
    const withProximity = new ChunkIndex();
    const without = new ChunkIndex({ proximity: { weight: 0, window: 8, candidates: 50 } });
    for (const index of [withProximity, without]) {
      index.add([scattered, together, lonely]);
    }
    const scoresOf = (index: ChunkIndex) =>
      index.query({ text: 'hold package', limit: 3 }).map((hit) => hit.score);
    expect(scoresOf(withProximity)).toEqual(scoresOf(without));
  });

  it('scores both alike without it', () => {
    const index = new ChunkIndex({ proximity: { weight: 0, window: 8, candidates: 50 } });
    index.add([scattered, together]);
    const [first, second] = index.query({ text: 'hold package', limit: 2 });
    expect(first?.score).toBeCloseTo(second?.score ?? 0);
  });
});
