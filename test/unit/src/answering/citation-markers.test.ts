import { describe, expect, it } from 'vitest';
import {
  collapseRepeatedMarkers,
  findCitationMarkers,
  partialMarkerStart,
  type ReadMeter,
} from '../../../../src/answering/citation-markers.js';
import { citedAnswer, streamingText } from '../../../../src/answering/cited-answer.js';
import type { Passage } from '../../../../src/conversation/types.js';

/*
 * The regular expressions the scanner replaced, kept here as the reference for what it must find.
 * They are right but quadratic on long runs of whitespace, so they only ever see short inputs.
 */
const REFERENCE_MARKER = /\s*\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
const REFERENCE_PARTIAL = /\s*\[[\d,\s]*$/;
const REFERENCE_REPEAT = /(\[\d+\])(\s*\1)+/g;

/** A small deterministic generator, so a failure can be reproduced from its seed. */
function randomTexts(seed: number, count: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  const alphabet = ['[', ']', ',', ' ', ' ', '\n', '1', '2', '3', '0', '9', 'a', '.', '[1]', '[2, 3]', '  '];
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join(''),
  );
}

const texts = [
  'A [3, 2]. B [2][2].',
  'x [1 ] [ 1] [1234] [12,3456] [1 ,2] [1,  2 ,3]',
  '[1] [1]\n[1] [2] [2]',
  'ends with [1, 2',
  'ends with [',
  '   ',
  ...randomTexts(7, 3_000),
];

describe('citation markers, scanned once', () => {
  it('finds exactly what the regular expression found', () => {
    for (const text of texts) {
      const expected = [...text.matchAll(REFERENCE_MARKER)].map((match) => ({
        start: match.index,
        end: match.index + match[0].length,
        spaced: /^\s/.test(match[0]),
        numbers: (match[1] ?? '').split(',').map((part) => Number(part.trim())),
      }));
      expect(findCitationMarkers(text), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('finds the same cut-off marker at the end of a streamed prefix', () => {
    for (const text of texts) {
      const match = REFERENCE_PARTIAL.exec(text);
      expect(partialMarkerStart(text), JSON.stringify(text)).toBe(match?.index);
    }
  });

  it('collapses the same repeated markers', () => {
    for (const text of texts) {
      expect(collapseRepeatedMarkers(text), JSON.stringify(text)).toBe(text.replace(REFERENCE_REPEAT, '$1'));
    }
  });

  it('reads each character a bounded number of times, however the input is built', () => {
    const pathological = (size: number) => [
      ' '.repeat(size),
      `${' '.repeat(size)}x`,
      `[1${' '.repeat(size)}`,
      `[1${' ,'.repeat(size / 2)}x`,
      '['.repeat(size),
      `[1]${' '.repeat(size)}[2]`,
      '[1] '.repeat(size / 4),
      `${'[1, '.repeat(size / 4)}x`,
    ];
    for (const text of pathological(20_000)) {
      const meter: ReadMeter = { reads: 0 };
      findCitationMarkers(text, meter);
      partialMarkerStart(text, meter);
      collapseRepeatedMarkers(text, meter);
      // Three passes, each reading a character at most a few times: linear, not n².
      expect(meter.reads, JSON.stringify(text.slice(0, 12))).toBeLessThanOrEqual(10 * text.length);
    }
  });

  it('answers a 20,000-space model text, streamed and whole', () => {
    const passages: Passage[] = [
      { id: 'p1', source: 'a.md', title: 'A', headingPath: [], text: 'Alpha.', score: 1 },
    ];
    const text = `Alpha${' '.repeat(20_000)}[1]${' '.repeat(20_000)}`;
    expect(citedAnswer(text, passages)).toMatchObject({ text: 'Alpha [1]', found: true });
    expect(streamingText(`Alpha${' '.repeat(20_000)}[1, `, 1)).toBe('Alpha');
  });
});
