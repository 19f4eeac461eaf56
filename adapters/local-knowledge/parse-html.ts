import { Parser } from 'htmlparser2';
import { titleFromFileName, type DocumentBlock, type ParsedDocument } from './document-model.js';
import { tableToBlocks } from './table-blocks.js';

/** Elements whose content is never knowledge: code, styling, navigation and page chrome. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'nav',
  'footer',
  'button',
  'select',
]);

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
}

/**
 * HTML to blocks: h1-h6 give the heading path just as Markdown headings do; script, style,
 * navigation and other chrome are dropped; tables are read row by row with their column headers.
 */
export function parseHtml(source: string, fileName: string): ParsedDocument {
  const blocks: DocumentBlock[] = [];
  const headings: string[] = [];
  let pageTitle: string | undefined;
  let firstH1: string | undefined;
  let skipDepth = 0;
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
      onopentag(name) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          skipDepth += SKIPPED.has(name) ? 1 : 0;
          return;
        }
        if (name === 'title') {
          inTitle = true;
          return;
        }
        const level = HEADING.exec(name)?.[1];
        if (level !== undefined && table === undefined) {
          flush();
          heading = { level: Number(level), text: '' };
          return;
        }
        if (name === 'table') {
          flush();
          table = { rows: [], row: undefined, cell: undefined };
          return;
        }
        if (table !== undefined) {
          if (name === 'tr') {
            table.row = [];
          } else if (name === 'td' || name === 'th') {
            table.cell = '';
          } else if (name === 'br' || BLOCK.has(name)) {
            appendText(' ');
          }
          return;
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
        if (skipDepth > 0) {
          return;
        }
        if (inTitle) {
          titleText += text;
          return;
        }
        // Outside <pre>, line breaks in the source are plain spaces; only <br> breaks a line.
        appendText(preDepth > 0 ? text : text.replace(/\s+/g, ' '));
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth -= SKIPPED.has(name) ? 1 : 0;
          return;
        }
        if (name === 'title') {
          inTitle = false;
          pageTitle ??= collapse(titleText) || undefined;
          return;
        }
        const level = HEADING.exec(name)?.[1];
        if (level !== undefined && heading !== undefined && Number(level) === heading.level) {
          const text = collapse(heading.text);
          if (heading.level === 1) {
            firstH1 ??= text;
          }
          headings.length = Math.min(headings.length, heading.level - 1);
          while (headings.length < heading.level - 1) {
            headings.push('');
          }
          headings.push(text);
          heading = undefined;
          return;
        }
        if (table !== undefined) {
          closeTableElement(table, name);
          if (name === 'table') {
            for (const block of tableToBlocks(table.rows)) {
              blocks.push({ headingPath: [...path(), ...block.labels], text: block.text });
            }
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
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );

  function appendText(text: string): void {
    if (heading !== undefined) {
      heading.text += text;
    } else if (table !== undefined) {
      if (table.cell !== undefined) {
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

function closeTableElement(table: TableState, name: string): void {
  if ((name === 'td' || name === 'th') && table.cell !== undefined) {
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
