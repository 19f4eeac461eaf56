import type { ParsedDocument } from './document-model.js';
import { decodeText, fileKindOf, looksLikePdf } from './file-types.js';
import { parseHtml } from './parse-html.js';
import { parseMarkdown } from './parse-markdown.js';
import { parsePdf } from './parse-pdf.js';
import { parsePlainText } from './parse-plain-text.js';

export type SkipReason = 'unsupported-type' | 'binary' | 'unreadable' | 'unparseable' | 'too-large';

export type ParseOutcome =
  | { readonly ok: true; readonly document: ParsedDocument }
  | { readonly ok: false; readonly reason: SkipReason; readonly error?: unknown };

/** Reads one file's bytes as a document of the kind its extension names, or says why it cannot. */
export async function parseFile(path: string, bytes: Uint8Array): Promise<ParseOutcome> {
  const kind = fileKindOf(path);
  const fileName = path.split('/').at(-1) ?? path;
  if (kind === undefined) {
    return { ok: false, reason: 'unsupported-type' };
  }
  if (kind === 'pdf') {
    if (!looksLikePdf(bytes)) {
      return { ok: false, reason: 'binary' };
    }
    try {
      return { ok: true, document: await parsePdf(bytes, fileName) };
    } catch (error) {
      return { ok: false, reason: 'unparseable', error };
    }
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    return { ok: false, reason: 'binary' };
  }
  try {
    switch (kind) {
      case 'markdown':
        return { ok: true, document: parseMarkdown(text, fileName) };
      case 'html':
        return { ok: true, document: parseHtml(text, fileName) };
      case 'text':
        return { ok: true, document: parsePlainText(text, fileName) };
    }
  } catch (error) {
    return { ok: false, reason: 'unparseable', error };
  }
}
