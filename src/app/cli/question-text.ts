/** Control characters other than tab; a question typed or piped as text has none. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

/**
 * Why a line read as a question is not text, or undefined when it is. Bytes that are not UTF-8
 * arrive as U+FFFD; binary data also carries control characters. Either means something other
 * than a question was piped in (an image, an archive), which must not be asked as one.
 */
export function notTextReason(line: string): string | undefined {
  if (line.includes('\uFFFD')) {
    return 'it is not valid UTF-8';
  }
  if (CONTROL.test(line)) {
    return 'it holds control characters';
  }
  return undefined;
}
