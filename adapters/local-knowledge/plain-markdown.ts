import type { fromMarkdown } from 'mdast-util-from-markdown';

type MdNode = ReturnType<typeof fromMarkdown>['children'][number];

/**
 * Reads a section of Markdown written as plain prose (ATX headings, paragraphs, one-line bullet
 * items, and no character that could start inline syntax) into the nodes the full CommonMark
 * parser would give, at a fraction of its cost; anything else returns undefined and goes to the
 * full parser. Most of a large handbook is such prose, and the full parser takes about a third of
 * a millisecond per KB. The rules below are the CommonMark rules for exactly these shapes:
 * - `# Title` (one to six `#`, a space, text with no `#`) is a heading;
 * - `* item` / `- item` starts a bullet list, which a different marker or a paragraph line ends;
 * - a line starting with a letter continues the paragraph before it, or starts one;
 * - a blank line ends a paragraph; between list items it leaves the list open.
 * Lines that could be anything else (indented, numbered, rules, underlines, quotes, tables, HTML)
 * are never read here.
 */
export function readPlainMarkdown(section: string): MdNode[] | undefined {
  const nodes: MdNode[] = [];
  let paragraph: string[] | undefined;
  let list: { marker: string; items: string[] } | undefined;
  const endParagraph = (): void => {
    if (paragraph !== undefined) {
      nodes.push({ type: 'paragraph', children: [{ type: 'text', value: paragraph.join('\n') }] });
      paragraph = undefined;
    }
  };
  const endList = (): void => {
    if (list !== undefined) {
      nodes.push({
        type: 'list',
        ordered: false,
        spread: false,
        children: list.items.map((item) => ({
          type: 'listItem',
          spread: false,
          children: [{ type: 'paragraph', children: [{ type: 'text', value: item }] }],
        })),
      });
      list = undefined;
    }
  };
  let previousBlank = false;
  for (const line of section.split('\n')) {
    if (BLANK.test(line)) {
      endParagraph();
      previousBlank = true;
      continue;
    }
    const heading = HEADING.exec(line);
    const item = heading === null ? ITEM.exec(line) : null;
    const content = heading?.[2] ?? item?.[2] ?? line;
    if (INLINE_SYNTAX.test(content)) {
      return undefined;
    }
    if (heading !== null) {
      endParagraph();
      endList();
      const text = (heading[2] ?? '').trim();
      nodes.push({
        type: 'heading',
        depth: (heading[1] ?? '#').length as 1 | 2 | 3 | 4 | 5 | 6,
        children: text.length > 0 ? [{ type: 'text', value: text }] : [],
      });
    } else if (item !== null) {
      endParagraph();
      const marker = item[1] ?? '';
      if (list !== undefined && list.marker !== marker) {
        endList();
      }
      list ??= { marker, items: [] };
      list.items.push((item[2] ?? '').trim());
    } else if (PARAGRAPH_LINE.test(line)) {
      if (list !== undefined) {
        // Right after an item the line is a lazy continuation of it; after a blank line it ends the list.
        if (!previousBlank) {
          return undefined;
        }
        endList();
      }
      (paragraph ??= []).push(line.trim());
    } else {
      return undefined;
    }
    previousBlank = false;
  }
  endParagraph();
  endList();
  return nodes;
}

/**
 * Anything that may start inline syntax, an entity, an HTML tag, a table, a code span, a hard
 * break by backslash, or a closing heading sequence; also carriage returns and tabs, whose
 * handling differs in ways not worth copying here. Tested on a line less its heading or item marker.
 */
const INLINE_SYNTAX = /[\\`*_[\]<>&|#~\r\t]/;
/** Only spaces: what CommonMark calls blank (tabs never reach here). */
const BLANK = /^ *$/;
const HEADING = /^(#{1,6}) +(\S.*)$/;
/** One space after the marker, then a letter: the item is a paragraph, not a rule or a nested list. */
const ITEM = /^([-*]) (\p{L}.*)$/u;
const PARAGRAPH_LINE = /^\p{L}/u;
