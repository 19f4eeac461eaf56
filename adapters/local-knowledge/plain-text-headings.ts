/**
 * How plain text marks its headings, as read by `parsePlainText`. Each rule gives the heading's
 * text and its level (1 outermost), so a long guide nests "7. Packages" > "7.12. How do I hold one?".
 */
export interface PlainHeading {
  readonly text: string;
  readonly level: number;
}

/** "7.", "7.12", "3.1.11." followed by the heading's words. */
const SECTION_NUMBER = /^(\d{1,3}(?:\.\d{1,3})*)\.?[\s\u00a0]+(\S.*)$/u;
/** "Chapter 7. ...", "PART II", "Appendix A: ...". */
const CHAPTER = /^(chapter|part|appendix|section)\s+([\dIVXLC]+|[A-Z])\b[.:]?/iu;
const UNDERLINE = /^([=\-~^*#+])\1{2,}$/;
/** A heading is never indented much; the body of many text guides is. */
const MAX_HEADING_INDENT = 3;
const MAX_NUMBERED_HEADING_CHARS = 250;
const MAX_SHORT_HEADING_CHARS = 80;

export const indentOf = (line: string): number => /^[ \t\u00a0]*/u.exec(line)?.[0].length ?? 0;
const squash = (lines: readonly string[]): string =>
  lines
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s+/g, ' ');

export function isRule(line: string): boolean {
  return UNDERLINE.test(line.trim()) || /^[-=_*~]{3,}$/.test(line.replace(/\s+/g, ''));
}

/** A line and the underline below it ("Overtime" / "========"); the rest of the paragraph is body. */
export function underlinedHeading(lines: readonly string[]): PlainHeading | undefined {
  const [first = '', second = ''] = lines;
  const match = UNDERLINE.exec(second.trim());
  const text = first.trim();
  if (match === null || text.length === 0 || isRule(first) || indentOf(first) > MAX_HEADING_INDENT) {
    return undefined;
  }
  // An underline roughly as long as its line; a short dash line under a long sentence is a rule.
  if (second.trim().length < Math.min(text.length, 20) * 0.6) {
    return undefined;
  }
  const level = match[1] === '=' ? 1 : match[1] === '-' ? 2 : 3;
  return { text, level };
}

/**
 * A paragraph that is only a heading: a numbered section title (possibly wrapped over several
 * lines), a chapter line, or an all-capitals line. Numbered list items are told apart by their
 * sentence ending and by standing in a run of items rather than alone.
 */
export function paragraphHeading(lines: readonly string[]): PlainHeading | undefined {
  if (lines.length === 0 || lines.some((line) => indentOf(line) > MAX_HEADING_INDENT)) {
    return undefined;
  }
  const text = squash(lines);
  const chapter = CHAPTER.exec(text);
  if (chapter !== null && text.length <= MAX_SHORT_HEADING_CHARS && !/[.,;]$/.test(text)) {
    return { text, level: 1 };
  }
  const numbered = SECTION_NUMBER.exec(text);
  if (numbered !== null) {
    const depth = (numbered[1] ?? '').split('.').length;
    const words = numbered[2] ?? '';
    const opensLikeTitle = /^[\p{Lu}\p{N}"'“‘(`]/u.test(words);
    const ending = /[.,;:]$/.test(text) && !/\.\.\.$/.test(text);
    if (!opensLikeTitle || ending) {
      return undefined;
    }
    if (depth > 1 && text.length <= MAX_NUMBERED_HEADING_CHARS) {
      return { text, level: depth };
    }
    // "1. Core hours": a lone short line; a list item is a sentence or runs on with others.
    if (depth === 1 && lines.length === 1 && text.length <= MAX_SHORT_HEADING_CHARS) {
      return { text, level: 1 };
    }
    return undefined;
  }
  if (lines.length === 1 && isAllCapitals(text)) {
    return { text, level: 1 };
  }
  return undefined;
}

/** "WORKING HOURS AND OVERTIME": letters, all capitals, a few words; not an acronym alone. */
function isAllCapitals(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return (
    text.length <= MAX_SHORT_HEADING_CHARS &&
    letters.length >= 4 &&
    letters === letters.toUpperCase() &&
    letters !== letters.toLowerCase() &&
    /\s/.test(text.trim()) &&
    !/[.,;]$/.test(text)
  );
}

/** A paragraph listing section numbers and titles: a table of contents, which the sections repeat. */
export function isTableOfContents(lines: readonly string[]): boolean {
  const entries = lines.filter((line) =>
    /^\s*\d{1,3}\.\d{1,3}(\.\d{1,3})*\.?[\s\u00a0]+\S/u.test(line),
  ).length;
  return entries >= 5 && entries >= lines.length * 0.4;
}
