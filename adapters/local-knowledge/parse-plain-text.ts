import { titleFromFileName, type DocumentBlock, type ParsedDocument } from './document-model.js';

const LIST_ITEM = /^\s*(?:[-*•‣◦]|\d{1,3}[.)])\s+/;
const TITLE_MAX_CHARS = 80;
const HEADING_MAX_CHARS = 60;

/**
 * Plain text to blocks. Blank lines separate paragraphs; hard-wrapped lines are rejoined; list items
 * stay one per line. Headings follow plain-text conventions: an underlined line (=== or ---), or a
 * short line standing alone without closing punctuation. A title-like first line is the title.
 */
export function parsePlainText(source: string, fileName: string, declaredTitle?: string): ParsedDocument {
  const paragraphs = source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trimEnd()))
    .map((lines) => lines.filter((line) => line.trim().length > 0))
    .filter((lines) => lines.length > 0);

  const blocks: DocumentBlock[] = [];
  let title = declaredTitle?.trim() || undefined;
  let root: string[] = [];
  let section: string | undefined;

  paragraphs.forEach((lines, index) => {
    const heading = headingOf(lines, index === 0, index === paragraphs.length - 1);
    if (heading === undefined) {
      blocks.push({ headingPath: section === undefined ? root : [...root, section], text: paragraphText(lines) });
      return;
    }
    if (index === 0 && (title === undefined || title === heading)) {
      title = heading;
      root = [heading];
      return;
    }
    // Plain text has no reliable nesting: every later heading opens a section under the title.
    section = heading;
  });
  return { title: title ?? titleFromFileName(fileName), blocks };
}

function headingOf(lines: readonly string[], isFirst: boolean, isLast: boolean): string | undefined {
  const first = lines[0]?.trim() ?? '';
  const second = lines[1]?.trim() ?? '';
  if (lines.length === 2 && /^(=+|-+)$/.test(second) && first.length > 0) {
    return first;
  }
  const standsAlone =
    lines.length === 1 &&
    !isLast &&
    first.length <= (isFirst ? TITLE_MAX_CHARS : HEADING_MAX_CHARS) &&
    !/[.!?,;:]$/.test(first) &&
    !LIST_ITEM.test(first) &&
    /^[\p{Lu}\p{N}]/u.test(first);
  return standsAlone ? first : undefined;
}

function paragraphText(lines: readonly string[]): string {
  if (lines.some((line) => LIST_ITEM.test(line))) {
    const items: string[] = [];
    for (const line of lines) {
      if (LIST_ITEM.test(line) || items.length === 0) {
        items.push(line.replace(LIST_ITEM, '').trim());
      } else {
        // A wrapped continuation of the item above.
        items[items.length - 1] = `${items[items.length - 1] ?? ''} ${line.trim()}`;
      }
    }
    return items.join('\n');
  }
  return lines
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}
