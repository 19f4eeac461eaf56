import { describe, expect, it } from 'vitest';
import { splitMrkdwn } from '../../../../adapters/slack/render/split-mrkdwn.js';

describe('splitting mrkdwn', () => {
  it('keeps short text whole', () => {
    expect(splitMrkdwn('short', 100)).toEqual(['short']);
  });

  it('cuts at paragraph breaks first and loses no words', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${'word '.repeat(12).trim()}.`);
    const pieces = splitMrkdwn(paragraphs.join('\n\n'), 200);
    expect(pieces.every((piece) => piece.length <= 200)).toBe(true);
    expect(pieces.every((piece) => /\.$/.test(piece))).toBe(true);
    expect(pieces.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('cuts a paragraph without breaks at a space', () => {
    const text = 'lorem '.repeat(100).trim();
    const pieces = splitMrkdwn(text, 120);
    expect(
      pieces.every((piece) => piece.length <= 120 && !piece.startsWith(' ') && !piece.endsWith(' ')),
    ).toBe(true);
    expect(pieces.join(' ')).toBe(text);
  });

  it('closes a code block at a cut and reopens it in the next piece', () => {
    const code = Array.from({ length: 40 }, (_, i) => `line ${i} of the script`).join('\n');
    const pieces = splitMrkdwn(`Run this:\n\n\`\`\`\n${code}\n\`\`\``, 300);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(300);
      expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(pieces[1]?.startsWith('```\n')).toBe(true);
  });

  it('never cuts inside a link or an entity', () => {
    const link = '<https://wiki.example.com/a/very/long/path/to/a/page|the page about it>';
    const text = `${'x'.repeat(90)} ${link} &amp; more`;
    const pieces = splitMrkdwn(text.replace(/ /g, ''), 100);
    expect(pieces.some((piece) => piece.includes(link.replace(/ /g, '')))).toBe(true);
    const entities = splitMrkdwn(`${'y'.repeat(94)}&amp;zzz`, 100);
    expect(entities[1]?.startsWith('&amp;')).toBe(true);
  });

  it('does not split a surrogate pair', () => {
    const text = `${'a'.repeat(95)}${'👍'.repeat(10)}`;
    const pieces = splitMrkdwn(text, 100);
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((piece) => !/[\uD800-\uDBFF]$/.test(piece))).toBe(true);
  });
});
