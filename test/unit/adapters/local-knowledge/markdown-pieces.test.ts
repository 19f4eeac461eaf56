import { describe, expect, it } from 'vitest';
import { markdownPieces } from '../../../../adapters/local-knowledge/markdown-pieces.js';
import { parseMarkdown } from '../../../../adapters/local-knowledge/parse-markdown.js';

/** Large enough that the document is never cut: the reference reading. */
const WHOLE = Number.MAX_SAFE_INTEGER;
/** Small enough to cut at every place the rules allow. */
const TINY = 1;

/** Constructs that may span blank lines or refer across the document, each followed by cut candidates. */
const TRICKY = [
  '# Guide',
  '',
  'Intro with a [reference link][policy] and [another] one.',
  '',
  '```text',
  'Inside a fence.',
  '',
  '# not a heading',
  '',
  'still code',
  '```',
  '',
  'After the fence.',
  '',
  '<!-- a comment',
  '',
  '# not a heading either',
  '',
  '-->',
  '',
  '## Lists',
  '',
  '- one',
  '',
  '  continued item paragraph',
  '- two',
  '',
  'Paragraph after the list.',
  '',
  '> quoted',
  '',
  'Text after the quote',
  '',
  '<pre>',
  '',
  'preformatted',
  '',
  '</pre>',
  '',
  'Setext heading',
  '--------------',
  '',
  'Body under it.',
  '',
  '    indented code',
  '',
  'Final words.',
  '',
  '[policy]: https://example.com/policy "Policy"',
  '[another]: <https://example.com/another>',
  '',
].join('\n');

describe('markdownPieces', () => {
  it('reads a document cut at every allowed place exactly as the whole document', () => {
    expect(markdownPieces(TRICKY, TINY).length).toBeGreaterThan(4);
    expect(parseMarkdown(TRICKY, 'guide.md', TINY)).toEqual(parseMarkdown(TRICKY, 'guide.md', WHOLE));
  });

  it('never cuts inside fenced code or a raw HTML block', () => {
    const pieces = markdownPieces(TRICKY, TINY);
    for (const piece of pieces) {
      expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
      expect(piece.includes('<!--')).toBe(piece.includes('-->'));
      expect(piece.includes('<pre>')).toBe(piece.includes('</pre>'));
    }
  });

  it('keeps the document whole when a definition could be a paragraph line', () => {
    const source = `# A\n\nSome text\n[x]: /url\n\n# B\n\nMore [x].\n`;
    expect(markdownPieces(source, TINY)).toEqual([source]);
  });

  it('cuts a long document into pieces near the size asked for, losing nothing', () => {
    const sections = Array.from({ length: 200 }, (_, index) => `## Section ${index}\n\nText of section ${index}.\n`);
    const source = sections.join('\n');
    const pieces = markdownPieces(source, 1000);
    expect(pieces.join('')).toBe(source);
    expect(pieces.length).toBeGreaterThan(5);
    expect(parseMarkdown(source, 'long.md', 1000)).toEqual(parseMarkdown(source, 'long.md', WHOLE));
  });
});
