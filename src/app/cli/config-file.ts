import { Document, LineCounter, isNode, parseDocument } from 'yaml';
import type { ExportedConfiguration } from '../../admin/configuration-document.js';
import type { FieldError } from '../../admin/field-errors.js';

/** A problem in a configuration file, with where it is. */
export interface FileProblem {
  readonly line: number;
  readonly column: number;
  /** Where in the document, e.g. `channels[2].settings.replyMode`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export type ParsedConfigFile =
  | { readonly ok: true; readonly value: unknown; readonly locate: (error: FieldError) => FileProblem }
  | { readonly ok: false; readonly problems: readonly FileProblem[] };

const HEADER = [
  ' Steward configuration: channel settings and admins added in Steward.',
  ' Apply with `npm run steward -- config import FILE` (add --dry-run to preview).',
  ' This file is the whole desired state: channels left out are reset to the defaults,',
  ' and added admins left out are removed (admins from ADMIN_USERS are never touched).',
].join('\n');

export function renderConfigFile(configuration: ExportedConfiguration): string {
  const document = new Document(configuration);
  document.commentBefore = HEADER;
  return document.toString({ lineWidth: 0 });
}

/** Parses YAML, keeping positions so every later validation problem can name its line. */
export function parseConfigFile(text: string): ParsedConfigFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { line: position.line, column: position.col, path: '', message: firstLine(error.message) };
      }),
    };
  }
  const locate = (error: FieldError): FileProblem => {
    const path =
      error.path === ''
        ? []
        : error.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    // A missing value has no position of its own: point at the nearest enclosing one that exists.
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node: unknown = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const position = lineCounter.linePos(node.range[0]);
        return {
          line: position.line,
          column: position.col,
          path: readablePath(path),
          message: error.message,
        };
      }
    }
    return { line: 1, column: 1, path: readablePath(path), message: error.message };
  };
  return { ok: true, value: document.toJS() as unknown, locate };
}

function readablePath(path: readonly (string | number)[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
