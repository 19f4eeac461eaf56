import { Parser } from 'htmlparser2';
import { titleFromFileName, type DocumentBlock, type ParsedDocument } from './document-model.js';
import {
  countText,
  isFurnitureElement,
  isLinkList,
  isLinkWithinSite,
  isListElement,
  type LinkDensity,
} from './html-furniture.js';
import { tableToBlocks } from './table-blocks.js';

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'form',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'ul',
]);

const HEADING = /^h([1-6])$/;

interface TableState {
  rows: string[][];
  row: string[] | undefined;
  cell: string | undefined;
  readonly depth: number;
  /** What the table lists: its <caption>, or else its summary attribute (DocBook's table title). */
  caption: string;
  inCaption: boolean;
}

/** An outermost list being read: its blocks are kept only if it is not a list of links. */
interface ListState {
  readonly depth: number;
  readonly firstBlock: number;
  readonly density: LinkDensity;
  /** Depth of the <a href> being read, if any. */
  linkDepth: number | undefined;
}

/**
 * HTML to blocks: h1-h6 give the heading path just as Markdown headings do; script, style,
 * navigation, tables of contents and other page furniture are dropped (see html-furniture.ts);
 * tables are read row by row with their column headers, and a long table's rows under its caption.
 */
export function parseHtml(source: string, fileName: string): ParsedDocument {
  const blocks: DocumentBlock[] = [];
  const headings: string[] = [];
  let pageTitle: string | undefined;
  let firstH1: string | undefined;
  /** Elements open around the current position; furniture and lists are known by their depth. */
  let depth = 0;
  let skipAt: number | undefined;
  let list: ListState | undefined;
  let preDepth = 0;
  let inTitle = false;
  let titleText = '';
  let heading: { level: number; text: string } | undefined;
  let table: TableState | undefined;
  let buffer = '';

  const path = (): string[] => headings.filter((entry) => entry.length > 0);
  const flush = (): void => {
    const text = cleanText(buffer, preDepth > 0);
    buffer = '';
    if (text.length > 0) {
      blocks.push({ headingPath: path(), text });
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth += 1;
        if (skipAt !== undefined) {
          return;
        }
        if (isFurnitureElement(name, attributes)) {
          skipAt = depth;
          return;
        }
        if (name === 'title') {
          inTitle = true;
          return;
        }
        if (list !== undefined && name === 'a' && isLinkWithinSite(attributes['href'])) {
          list.density.links += 1;
          list.linkDepth ??= depth;
        }
        const level = HEADING.exec(name)?.[1];
        if (level !== undefined && table === undefined) {
          flush();
          heading = { level: Number(level), text: '' };
          return;
        }
        if (name === 'table' && table === undefined) {
          flush();
          table = {
            depth,
            rows: [],
            row: undefined,
            cell: undefined,
            caption: shortSummary(attributes['summary']),
            inCaption: false,
          };
          return;
        }
        if (table !== undefined) {
          if (name === 'caption') {
            table.caption = '';
            table.inCaption = true;
          } else if (name === 'tr') {
            table.row = [];
          } else if (name === 'td' || name === 'th') {
            table.cell = '';
          } else if (name === 'br' || BLOCK.has(name)) {
            appendText(' ');
          }
          return;
        }
        if (isListElement(name) && list === undefined && heading === undefined) {
          flush();
          list = {
            depth,
            firstBlock: blocks.length,
            density: { links: 0, chars: 0, linkChars: 0 },
            linkDepth: undefined,
          };
        }
        if (name === 'pre') {
          flush();
          preDepth += 1;
          return;
        }
        if (name === 'br') {
          buffer += '\n';
          return;
        }
        if (BLOCK.has(name)) {
          flush();
        }
      },
      ontext(text) {
        if (skipAt !== undefined) {
          return;
        }
        if (inTitle) {
          titleText += text;
          return;
        }
        if (list !== undefined) {
          countText(list.density, text, list.linkDepth !== undefined);
        }
        // Outside <pre>, line breaks in the source are plain spaces; only <br> breaks a line.
        appendText(preDepth > 0 ? text : text.replace(/\s+/g, ' '));
      },
      onclosetag(name) {
        const closing = depth;
        depth -= 1;
        if (skipAt !== undefined) {
          skipAt = closing === skipAt ? undefined : skipAt;
          return;
        }
        if (list?.linkDepth === closing) {
          list.linkDepth = undefined;
        }
        if (name === 'title') {
          inTitle = false;
          pageTitle ??= collapse(titleText) || undefined;
          return;
        }
        const level = HEADING.exec(name)?.[1];
        if (level !== undefined && heading !== undefined && Number(level) === heading.level) {
          closeHeading(heading);
          heading = undefined;
          return;
        }
        if (table !== undefined) {
          closeTableElement(table, name);
          if (name === 'table' && closing === table.depth) {
            pushTable(table);
            table = undefined;
          }
          return;
        }
        if (name === 'pre') {
          flush();
          preDepth = Math.max(0, preDepth - 1);
          return;
        }
        if (BLOCK.has(name)) {
          flush();
        }
        if (list?.depth === closing) {
          flush();
          if (isLinkList(list.density)) {
            blocks.length = list.firstBlock;
          }
          list = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );

  function closeHeading(closed: { level: number; text: string }): void {
    const text = collapse(closed.text);
    if (closed.level === 1) {
      firstH1 ??= text;
    }
    headings.length = Math.min(headings.length, closed.level - 1);
    while (headings.length < closed.level - 1) {
      headings.push('');
    }
    headings.push(text);
  }

  /** A long table's rows are found one by one: each carries the caption that says what they list. */
  function pushTable(closed: TableState): void {
    const caption = collapse(closed.caption);
    for (const block of tableToBlocks(closed.rows)) {
      const labels =
        block.labels.length > 0 && caption.length > 0 ? [caption, ...block.labels] : block.labels;
      blocks.push({ headingPath: [...path(), ...labels], text: block.text });
    }
  }

  function appendText(text: string): void {
    if (heading !== undefined) {
      heading.text += text;
    } else if (table !== undefined) {
      if (table.inCaption) {
        table.caption += text;
      } else if (table.cell !== undefined) {
        table.cell += text;
      }
    } else {
      buffer += text;
    }
  }

  parser.write(source);
  parser.end();
  flush();
  return { title: pageTitle ?? firstH1 ?? titleFromFileName(fileName), blocks };
}

/** A summary says what a table lists when it is as short as a title; a longer one describes its layout. */
function shortSummary(summary: string | undefined): string {
  const text = collapse(summary ?? '');
  return text.length <= 80 ? text : '';
}

function closeTableElement(table: TableState, name: string): void {
  if (name === 'caption') {
    table.inCaption = false;
  } else if ((name === 'td' || name === 'th') && table.cell !== undefined) {
    table.row ??= [];
    table.row.push(collapse(table.cell));
    table.cell = undefined;
  } else if (name === 'tr' && table.row !== undefined) {
    table.rows.push(table.row);
    table.row = undefined;
  }
}

function cleanText(text: string, preserveLines: boolean): string {
  if (preserveLines) {
    return text.replace(/^\n+|\s+$/g, '');
  }
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
