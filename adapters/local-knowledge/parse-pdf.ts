import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import type { ParsedDocument } from './document-model.js';
import { parsePlainText } from './parse-plain-text.js';

/** pdf.js's VerbosityLevel.ERRORS. */
const PDFJS_ERRORS_ONLY = 0;

/** A line this much shorter than the page's longest ends its paragraph (or is a heading). */
const SHORT_LINE_RATIO = 0.75;

/**
 * PDF to blocks. PDF text comes as positioned lines with no paragraph marks, so lines are reflowed
 * into paragraphs first (a short line ends one) and then read as plain text. The title comes from
 * the document's metadata when it has one.
 */
export async function parsePdf(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
  // pdf.js takes ownership of the buffer it is given; a copy leaves the caller's bytes intact.
  // Errors only: its warnings ("Indexing all PDF objects") go straight to the console, around
  // the structured logs, and a broken file is already reported once as a skipped file.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: PDFJS_ERRORS_ONLY });
  try {
    const { text: pages } = await extractText(pdf, { mergePages: false });
    const meta = await getMeta(pdf);
    const declared: unknown = meta.info.Title;
    const title = typeof declared === 'string' && declared.trim().length > 0 ? declared : undefined;
    // Pages are joined by form feeds, so the text parser can drop their numbers and running headers.
    return parsePlainText(pages.map((page) => reflow(page)).join('\f'), fileName, title);
  } finally {
    await pdf.destroy();
  }
}

function reflow(page: string): string {
  const lines = page.split('\n').map((line) => line.trim());
  const longest = Math.max(0, ...lines.map((line) => line.length));
  const isShort = (line: string): boolean => line.length < longest * SHORT_LINE_RATIO;
  const out: string[] = [];
  lines.forEach((line, index) => {
    // A short line without closing punctuation after a finished sentence is a heading: it starts
    // a paragraph of its own even when the line before it was full width.
    const previous = lines[index - 1] ?? '';
    if (isShort(line) && !/[.!?,;:]$/.test(line) && /[.!?:]$/.test(previous) && !isShort(previous)) {
      out.push('');
    }
    out.push(line);
    if (line.length === 0 || isShort(line)) {
      out.push('');
    }
  });
  return out.join('\n');
}
