import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../../adapters/local-knowledge/chunk-document.js';
import { parseMarkdown } from '../../../../adapters/local-knowledge/parse-markdown.js';
import { parsePlainText } from '../../../../adapters/local-knowledge/parse-plain-text.js';

const options = { maxChars: 200, overlapChars: 60 };

/** A deterministic text of numbered words, so order and loss are easy to check. */
function words(count: number, prefix = 'word'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

function expectCoveredInOrder(chunks: readonly { text: string }[], expected: readonly string[]): void {
  const seen = chunks.flatMap((chunk) => chunk.text.split(/\s+/));
  let position = 0;
  for (const word of seen) {
    if (word === expected[position]) {
      position += 1;
    }
  }
  expect(position).toBe(expected.length);
  for (const word of expected) {
    expect(seen).toContain(word);
  }
}

describe('chunkDocument', () => {
  it('keeps each section whole under its heading path and never mixes two sections', () => {
    const document = parseMarkdown(
      '# Handbook\n\nIntro.\n\n## Leave\n\n### Sick leave\n\nTell your manager.\n\n### Parental leave\n\nSixteen weeks.\n\n## Pay\n\nMonthly.\n',
      'handbook.md',
    );
    const chunks = chunkDocument(document, 'handbook.md', options);
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [['Handbook'], 'Intro.'],
      [['Handbook', 'Leave', 'Sick leave'], 'Tell your manager.'],
      [['Handbook', 'Leave', 'Parental leave'], 'Sixteen weeks.'],
      [['Handbook', 'Pay'], 'Monthly.'],
    ]);
    expect(chunks.map((chunk) => chunk.id)).toEqual([
      'handbook.md#0',
      'handbook.md#1',
      'handbook.md#2',
      'handbook.md#3',
    ]);
    expect(chunks.every((chunk) => chunk.title === 'Handbook' && chunk.source === 'handbook.md')).toBe(true);
  });

  it('splits one long line at word boundaries, each chunk repeating the end of the one before', () => {
    const text = words(120).join(' ');
    const chunks = chunkDocument(
      { title: 'Log', blocks: [{ headingPath: ['Log'], text }] },
      'log.txt',
      options,
    );
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(options.maxChars);
      expect(chunk.headingPath).toEqual(['Log']);
    }
    for (let index = 1; index < chunks.length; index += 1) {
      const previous = chunks[index - 1]?.text.split(' ') ?? [];
      const current = chunks[index]?.text.split(' ') ?? [];
      // The chunk starts with the last words of the previous one: a fact cut in two is still found whole.
      const overlap = current.findIndex((word) => !previous.includes(word));
      expect(overlap).toBeGreaterThan(0);
      expect(current.slice(0, overlap)).toEqual(previous.slice(previous.length - overlap));
      expect(current.slice(0, overlap).join(' ').length).toBeLessThanOrEqual(options.overlapChars);
    }
    expectCoveredInOrder(chunks, words(120));
  });

  it('splits heading-less text at sentence boundaries with overlap', () => {
    const sentences = Array.from(
      { length: 30 },
      (_, index) => `Sentence number ${index} says something short.`,
    );
    const paragraphs = [sentences.slice(0, 15).join(' '), sentences.slice(15).join(' ')].join('\n\n');
    const document = parsePlainText(paragraphs, 'notes.txt');
    expect(document.title).toBe('Notes');
    const chunks = chunkDocument(document, 'notes.txt', options);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(options.maxChars);
      // Cut between sentences, not inside one.
      expect(chunk.text).toMatch(/^Sentence number \d+/);
      expect(chunk.text).toMatch(/short\.$/);
    }
    const numbers = chunks.map((chunk) =>
      [...chunk.text.matchAll(/number (\d+)/g)].map((match) => Number(match[1])),
    );
    for (let index = 1; index < numbers.length; index += 1) {
      const previousLast = numbers[index - 1]?.at(-1) ?? -1;
      const first = numbers[index]?.[0] ?? Infinity;
      expect(first).toBeLessThanOrEqual(previousLast);
    }
    expect(new Set(numbers.flat())).toEqual(new Set(Array.from({ length: 30 }, (_, index) => index)));
  });

  it('cuts a single word longer than a chunk rather than losing it', () => {
    const token = 'a'.repeat(450);
    const chunks = chunkDocument(
      { title: 'Key', blocks: [{ headingPath: [], text: token }] },
      'key.txt',
      options,
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.text.length <= options.maxChars)).toBe(true);
    expect(chunks.map((chunk) => chunk.text.replace(/\s+/g, '')).join('')).toBe(token);
  });

  it('rejects options that cannot make progress', () => {
    const document = { title: 'T', blocks: [{ headingPath: [], text: 'text' }] };
    expect(() => chunkDocument(document, 't.txt', { maxChars: 100, overlapChars: 100 })).toThrow(RangeError);
    expect(() => chunkDocument(document, 't.txt', { maxChars: 0, overlapChars: 0 })).toThrow(RangeError);
  });
});
