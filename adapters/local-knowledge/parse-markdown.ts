import { fromMarkdown } from 'mdast-util-from-markdown';
import { titleFromFileName, type DocumentBlock, type ParsedDocument } from './document-model.js';
import { DEFAULT_PIECE_CHARS, markdownSections } from './markdown-pieces.js';
import { readPlainMarkdown } from './plain-markdown.js';
import { tableToBlocks } from './table-blocks.js';

/** How a document is read; every reading gives the same result, only the cost differs. */
export interface MarkdownReading {
  /** Cut into sections, plain prose read by the quick reader; false parses the whole at once. */
  readonly sections: boolean;
  /** Sections that need the full parser are given to it in pieces of about this size. */
  readonly pieceChars: number;
}

const QUICK_READING: MarkdownReading = { sections: true, pieceChars: DEFAULT_PIECE_CHARS };

type MdRoot = ReturnType<typeof fromMarkdown>;
type MdNode = MdRoot['children'][number];
type MdParent = Extract<MdNode, { children: unknown }>;
type MdAnyNode = MdNode | MdParent['children'][number];

/**
 * Markdown to blocks: headings become the heading path of what follows them, inline syntax is
 * removed (a link keeps its text, an image its alt text) so snippets read as prose.
 */
export function parseMarkdown(
  source: string,
  fileName: string,
  reading: MarkdownReading = QUICK_READING,
): ParsedDocument {
  const blocks: DocumentBlock[] = [];
  const headings: string[] = [];
  let title: string | undefined;

  const emit = (text: string): void => {
    const trimmed = text.trim();
    if (trimmed.length > 0) {
      blocks.push({ headingPath: headings.filter((heading) => heading.length > 0), text: trimmed });
    }
  };

  const visitBlock = (node: MdAnyNode, source: string): void => {
    if (node.type === 'heading') {
      const text = collapse(inlineText(node));
      if (node.depth === 1 && title === undefined) {
        title = text;
      }
      // A heading that skips a level (## then ####) leaves an empty slot, dropped from paths.
      headings.length = Math.min(headings.length, node.depth - 1);
      while (headings.length < node.depth - 1) {
        headings.push('');
      }
      headings.push(text);
    } else if (node.type === 'paragraph') {
      const raw = sourceOf(source, node);
      if (raw !== undefined && looksLikePipeTable(raw)) {
        for (const block of tableToBlocks(parsePipeTable(raw))) {
          blocks.push({
            headingPath: [...headings.filter((heading) => heading.length > 0), ...block.labels],
            text: block.text,
          });
        }
      } else {
        emit(collapse(inlineText(node)));
      }
    } else if (node.type === 'list') {
      if (!isNavigationList(node)) {
        emit(listLines(node).join('\n'));
      }
    } else if (node.type === 'code') {
      emit(node.value);
    } else if (node.type === 'blockquote') {
      for (const child of node.children) {
        visitBlock(child, source);
      }
    } else if (node.type === 'html') {
      emit(collapse(node.value.replace(/<[^>]*>/g, ' ')));
    }
    // Thematic breaks, link definitions and front matter carry no readable text.
  };

  // The document is read section by section (see markdown-pieces.ts), headings carrying across:
  // plain prose by the quick reader, the rest by the full parser in pieces of bounded size.
  const { sections, definitions } = reading.sections
    ? markdownSections(source)
    : { sections: [source], definitions: '' };
  let pending = '';
  const parsePending = (): void => {
    if (pending.length > 0) {
      const piece = pending + definitions;
      for (const node of fromMarkdown(piece).children) {
        visitBlock(node, piece);
      }
      pending = '';
    }
  };
  for (const section of sections) {
    const plain = reading.sections ? readPlainMarkdown(section) : undefined;
    if (plain === undefined) {
      pending += section;
      if (pending.length >= reading.pieceChars) {
        parsePending();
      }
    } else {
      parsePending();
      for (const node of plain) {
        visitBlock(node, section);
      }
    }
  }
  parsePending();
  return { title: title ?? titleFromFileName(fileName), blocks };
}

/**
 * A list whose every item is just a link is a table of contents or a link bar: it repeats other
 * documents' titles and would outrank them for their own subjects, as HTML navigation would.
 */
function isNavigationList(list: Extract<MdNode, { type: 'list' }>): boolean {
  return (
    list.children.length >= 3 &&
    list.children.every((item) => {
      const total = collapse(inlineText(item)).length;
      return total > 0 && linkTextLength(item) >= total * 0.9;
    })
  );
}

function linkTextLength(node: MdAnyNode): number {
  if (node.type === 'link' || node.type === 'linkReference') {
    return collapse(inlineText(node)).length;
  }
  return 'children' in node
    ? node.children.reduce((sum: number, child: MdAnyNode) => sum + linkTextLength(child), 0)
    : 0;
}

function listLines(list: Extract<MdNode, { type: 'list' }>): string[] {
  const lines: string[] = [];
  for (const item of list.children) {
    const own: string[] = [];
    for (const child of item.children) {
      if (child.type === 'list') {
        lines.push(...(own.length > 0 ? [own.join(' ')] : []), ...listLines(child));
        own.length = 0;
      } else {
        own.push(collapse(inlineText(child)));
      }
    }
    if (own.length > 0) {
      lines.push(own.join(' '));
    }
  }
  return lines.filter((line) => line.length > 0);
}

function inlineText(node: MdAnyNode | MdRoot): string {
  if (node.type === 'text' || node.type === 'inlineCode') {
    return node.value;
  }
  if (node.type === 'break') {
    return ' ';
  }
  if (node.type === 'image' || node.type === 'imageReference') {
    return node.alt ?? '';
  }
  if ('children' in node) {
    return node.children.map((child: MdAnyNode) => inlineText(child)).join('');
  }
  // Raw inline HTML, footnote markers and the like are not prose.
  return '';
}

function sourceOf(source: string, node: MdNode): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : source.slice(start, end);
}

/** CommonMark (without the GFM extension) reads a pipe table as one paragraph; recognise it here. */
function looksLikePipeTable(raw: string): boolean {
  const lines = raw.split('\n').map((line) => line.trim());
  return lines.length >= 2 && lines.every((line) => line.startsWith('|')) && isDelimiterRow(lines[1] ?? '');
}

function isDelimiterRow(line: string): boolean {
  return /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/.test(line);
}

function parsePipeTable(raw: string): string[][] {
  return raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line, index) => index !== 1 || !isDelimiterRow(line))
    .map((line) => splitRow(line).map((cell) => collapse(inlineText(fromMarkdown(cell)))));
}

function splitRow(line: string): string[] {
  const inner = line.replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.replaceAll('\\|', '|').trim());
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
