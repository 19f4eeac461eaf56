/**
 * What every parser produces: the document's title and its readable text as blocks, each under the
 * path of headings it sits in. Chunking works on this shape only, so all formats chunk alike.
 */
export interface ParsedDocument {
  readonly title: string;
  readonly blocks: readonly DocumentBlock[];
}

export interface DocumentBlock {
  /** Headings above the block, outermost first; the document title is the first when it is a heading. */
  readonly headingPath: readonly string[];
  /** Plain text, markup removed. Line breaks separate units (list items, table cells) that may be split apart. */
  readonly text: string;
}

/** One retrievable piece of a document. */
export interface Chunk {
  /** `<source>#<ordinal>`: stable while the file is unchanged. */
  readonly id: string;
  /** Path relative to the knowledge folder, with `/` separators. */
  readonly source: string;
  readonly title: string;
  readonly headingPath: readonly string[];
  readonly text: string;
}

/** Title for a document that declares none: its file name, made readable. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '');
  const words = base.replace(/[-_]+/g, ' ').trim();
  return words.length === 0 ? fileName : words.charAt(0).toUpperCase() + words.slice(1);
}
