import { extname } from 'node:path';

export type FileKind = 'markdown' | 'text' | 'html' | 'pdf';

const KIND_BY_EXTENSION: ReadonlyMap<string, FileKind> = new Map([
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.txt', 'text'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.pdf', 'pdf'],
]);

export function fileKindOf(path: string): FileKind | undefined {
  return KIND_BY_EXTENSION.get(extname(path).toLowerCase());
}

/** Bytes sampled to tell text from binary; enough to catch any binary header. */
const SNIFF_BYTES = 8192;

/**
 * Decodes a file that should be text. Returns undefined for binary content: a NUL byte, or bytes
 * that are neither UTF-8 nor mostly printable. Legacy single-byte text (Windows-1252 exports) is
 * still accepted and read as Latin-1, which keeps its words searchable.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) {
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const control = sample.filter(
      (byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c,
    );
    if (control.length > sample.length * 0.05) {
      return undefined;
    }
    return new TextDecoder('latin1').decode(bytes);
  }
}

export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}
