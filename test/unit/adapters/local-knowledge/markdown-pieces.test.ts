import { describe, expect, it } from 'vitest';
import { markdownSections } from '../../../../adapters/local-knowledge/markdown-pieces.js';
import { type MarkdownReading, parseMarkdown } from '../../../../adapters/local-knowledge/parse-markdown.js';

/** The reference: the whole document given to the full CommonMark parser at once. */
const WHOLE: MarkdownReading = { sections: false, pieceChars: Number.MAX_SAFE_INTEGER };
/** Cut at every place the rules allow, each section that is not plain prose parsed alone. */
const TINY: MarkdownReading = { sections: true, pieceChars: 1 };
/** As documents are read in production. */
const DEFAULT: MarkdownReading | undefined = undefined;

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
  'A\u00a0',
  '\u00a0',
  'No-break spaces are text, not blank lines',
  '',
  '    indented code',
  '',
  'Final words.',
  '',
  '[policy]: https://example.com/policy "Policy"',
  '[another]: <https://example.com/another>',
  '',
].join('\n');

describe('reading Markdown in sections', () => {
  it('reads a document cut at every allowed place exactly as the whole document', () => {
    expect(markdownSections(TRICKY).sections.length).toBeGreaterThan(4);
    expect(parseMarkdown(TRICKY, 'guide.md', TINY)).toEqual(parseMarkdown(TRICKY, 'guide.md', WHOLE));
    expect(parseMarkdown(TRICKY, 'guide.md', DEFAULT)).toEqual(parseMarkdown(TRICKY, 'guide.md', WHOLE));
  });

  it('never cuts inside fenced code or a raw HTML block, and loses nothing', () => {
    const { sections } = markdownSections(TRICKY);
    expect(sections.join('')).toBe(TRICKY);
    for (const section of sections) {
      expect((section.match(/```/g) ?? []).length % 2).toBe(0);
      expect(section.includes('<!--')).toBe(section.includes('-->'));
      expect(section.includes('<pre>')).toBe(section.includes('</pre>'));
    }
  });

  it('keeps the document whole when a definition could be a paragraph line', () => {
    const source = `# A\n\nSome text\n[x]: /url\n\n# B\n\nMore [x].\n`;
    expect(markdownSections(source).sections).toEqual([source]);
    expect(parseMarkdown(source, 'a.md', TINY)).toEqual(parseMarkdown(source, 'a.md', WHOLE));
  });

  it('reads random mixes of prose and markup as the whole document reads', () => {
    // Mostly prose, the shapes the quick reader takes, with some markup that sends a section to the parser.
    const prose = [
      '# Title',
      '## Section two',
      '###   Spaced heading  ',
      'Plain words here.',
      'More words, and numbers 3,300.',
      'Line with two trailing spaces  ',
      '- item one',
      '- item two',
      '* star item',
      '\u00a0',
      '',
      '',
      '',
    ];
    const markup = [
      '#NoSpace',
      '# Closed #',
      'Words with *emphasis* inside',
      'A [link](https://example.com) here',
      '+ plus item',
      '- - -',
      '* * *',
      '1. ordered',
      '  indented continuation',
      '    indented code',
      '> quote',
      '===',
      '---',
      '| a | b |',
      '|---|---|',
      '```',
      '<div>',
      'Tab\there',
    ];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let documentIndex = 0; documentIndex < 400; documentIndex += 1) {
      const length = 5 + Math.floor(next() * 40);
      const pick = (pool: readonly string[]): string => pool[Math.floor(next() * pool.length)] ?? '';
      const source = Array.from({ length }, () => pick(next() < 0.9 ? prose : markup)).join('\n');
      const whole = parseMarkdown(source, 'random.md', WHOLE);
      expect(parseMarkdown(source, 'random.md', TINY), source).toEqual(whole);
      expect(parseMarkdown(source, 'random.md', DEFAULT), source).toEqual(whole);
    }
  });
});
