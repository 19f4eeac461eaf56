import { titleFromFileName, type DocumentBlock, type ParsedDocument } from './document-model.js';
import { withoutPageFurniture } from './page-furniture.js';
import {
  indentOf,
  isRule,
  isTableOfContents,
  paragraphHeading,
  underlinedHeading,
  type PlainHeading,
} from './plain-text-headings.js';

const LIST_ITEM = /^\s*(?:[-*•‣◦]|\d{1,3}[.)])\s+/;
const TITLE_MAX_CHARS = 80;
const HEADING_MAX_CHARS = 60;
const CONTENTS = /^(table of )?contents$/i;

/**
 * Plain text to blocks. Page furniture (form feeds, page numbers, running headers) goes first.
 * Blank lines separate paragraphs; hard-wrapped lines are rejoined; list items stay one per line.
 * Headings follow plain-text conventions, and nest by what they say of their level: underlined
 * lines (=== outer, --- inner), numbered sections ("7.", "7.12.", wrapped over lines or not),
 * "Chapter 7" lines, ALL-CAPITALS lines, and, below those, a short line standing alone without
 * closing punctuation. A table of contents is left out: the sections it lists say it again.
 */
export function parsePlainText(source: string, fileName: string, declaredTitle?: string): ParsedDocument {
  const paragraphs = withoutPageFurniture(source)
    .split(/\n[ \t\u00a0]*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trimEnd()))
    .map((lines) => lines.filter((line) => line.trim().length > 0))
    .filter((lines) => lines.length > 0);

  const blocks: DocumentBlock[] = [];
  let title = declaredTitle?.trim() || undefined;
  let titleIsHeading = false;
  const open: PlainHeading[] = [];
  // Headings by layout alone are siblings of each other, one level below the last that said its level.
  let explicitLevel = 0;
  const path = (): string[] => [
    ...(titleIsHeading && title !== undefined ? [title] : []),
    ...open.map((h) => h.text),
  ];
  const openHeading = (heading: PlainHeading): void => {
    while ((open.at(-1)?.level ?? 0) >= heading.level) {
      open.pop();
    }
    open.push(heading);
  };
  const inContents = (): boolean => CONTENTS.test(open.at(-1)?.text ?? '');
  const addBody = (lines: readonly string[]): void => {
    const kept = lines.filter((line) => !isRule(line));
    if (kept.length > 0 && !inContents() && !isTableOfContents(kept)) {
      blocks.push({ headingPath: path(), text: paragraphText(kept) });
    }
  };

  paragraphs.forEach((lines, index) => {
    const underlined = underlinedHeading(lines);
    const explicit = underlined ?? paragraphHeading(lines);
    const heading =
      explicit ?? shortHeading(lines, index === 0, index === paragraphs.length - 1, explicitLevel + 1);
    if (heading === undefined) {
      addBody(lines);
      return;
    }
    if (blocks.length === 0 && open.length === 0 && (title === undefined || title === heading.text)) {
      title = heading.text;
      titleIsHeading = true;
    } else {
      openHeading(heading);
      if (explicit !== undefined) {
        explicitLevel = heading.level;
      }
    }
    if (underlined !== undefined) {
      addBody(lines.slice(2));
    }
  });
  return { title: title ?? titleFromFileName(fileName), blocks };
}

/**
 * The label of a boxed remark ("Tip", "Warning") that manuals print on a line of its own: it
 * belongs to the section around it. Read as a heading, it was the heading of everything up to the
 * next real one (the PDF of a DocBook manual has hundreds).
 */
const ADMONITION_LABEL = /^(note|tip|hint|warning|caution|important|attention|danger)$/i;

/**
 * A short line standing alone, starting like a title and ending without punctuation: a heading by
 * layout only, so it nests under the last heading that said its level.
 */
function shortHeading(
  lines: readonly string[],
  isFirst: boolean,
  isLast: boolean,
  level: number,
): PlainHeading | undefined {
  const line = lines[0] ?? '';
  const text = line.trim();
  const standsAlone =
    lines.length === 1 &&
    !isLast &&
    // A title may be centred; later headings are never indented much.
    (isFirst || indentOf(line) <= 3) &&
    text.length <= (isFirst ? TITLE_MAX_CHARS : HEADING_MAX_CHARS) &&
    !/[.!?,;:]$/.test(text) &&
    !LIST_ITEM.test(text) &&
    !isRule(text) &&
    !ADMONITION_LABEL.test(text) &&
    /^[\p{Lu}\p{N}]/u.test(text);
  return standsAlone ? { text, level } : undefined;
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
