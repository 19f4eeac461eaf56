/**
 * Cuts a Markdown source into sections that parse exactly as the whole would, so each can be
 * parsed alone (sections are then read in turn, or joined into pieces; see parse-markdown.ts). The parser's cost grows faster than the size of what it is given (applying its
 * edits copies the event list once per edit), so a 5 MB file parsed whole takes seconds and
 * hundreds of MB; parsed in pieces of a few tens of KB it takes time in proportion to its size.
 *
 * A cut is made only where nothing can carry over to the next line: after a blank line, when the
 * next line starts at the margin with an ATX heading or a letter (a new paragraph). Such a line
 * closes every open container (list items and block quotes need indentation or a `>` to go on,
 * and laziness ends at a blank line). Fenced code and the HTML blocks that may hold blank lines
 * (`<pre>`, `<script>`, `<style>`, `<textarea>`, comments, `<?...?>`, `<!...>`, CDATA) are never
 * cut. Link reference definitions apply to the whole document, so they are handed back to be
 * given to every piece; a definition this scan cannot read with certainty keeps the document whole.
 */
export function markdownSections(source: string): { sections: string[]; definitions: string } {
  const cuts: number[] = [];
  const definitions: string[] = [];
  let open: OpenBlock | undefined;
  let previousBlank = false;
  let previousDefinition = false;
  let lineStart = 0;
  while (lineStart < source.length) {
    const newline = source.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? source.length : newline + 1;
    const line = source.slice(lineStart, newline === -1 ? source.length : newline).replace(/\r$/, '');
    if (open !== undefined) {
      if (closes(open, line)) {
        open = undefined;
      }
    } else {
      if (previousBlank && PIECE_START.test(line)) {
        cuts.push(lineStart);
      }
      open = opens(line);
      const definition = DEFINITION_START.test(line);
      if (definition) {
        // After text it may be a paragraph's continuation, not a definition: copying it would make one.
        if (!SINGLE_LINE_DEFINITION.test(line) || !(previousBlank || previousDefinition || lineStart === 0)) {
          return { sections: [source], definitions: '' };
        }
        definitions.push(line);
      }
      previousDefinition = definition;
    }
    // Only spaces and tabs make a blank line; a no-break space is text that continues a paragraph.
    previousBlank = /^[ \t]*$/.test(line);
    lineStart = lineEnd;
  }
  const sections = [0, ...cuts].map((start, index) => source.slice(start, cuts[index] ?? source.length));
  return { sections, definitions: definitions.length > 0 ? `\n\n${definitions.join('\n')}\n` : '' };
}

/** Pieces for the full parser: big enough that its per-call overhead is nothing, small enough that none is slow. */
export const DEFAULT_PIECE_CHARS = 32 * 1024;

/** A new top-level block that closes whatever was open: an ATX heading or a paragraph. */
const PIECE_START = /^(?:#{1,6}(?:[ \t]|$)|\p{L})/u;
const DEFINITION_START = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:/;
/** `[label]: destination "optional title"` on one line, the only form copied into every piece. */
const SINGLE_LINE_DEFINITION =
  /^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$/;

type OpenBlock =
  | { readonly kind: 'fence'; readonly marker: string; readonly length: number }
  | { readonly kind: 'html'; readonly end: RegExp };

const FENCE = /^[ \t]*(`{3,}|~{3,})/;
/** Raw HTML blocks that run until an end marker, across blank lines; any indentation, to be safe. */
const RAW_HTML: readonly (readonly [RegExp, RegExp])[] = [
  [/^[ \t]*<(?:pre|script|style|textarea)(?:[\s>]|$)/i, /<\/(?:pre|script|style|textarea)>/i],
  [/^[ \t]*<!--/, /-->/],
  [/^[ \t]*<\?/, /\?>/],
  [/^[ \t]*<![A-Za-z]/, />/],
  [/^[ \t]*<!\[CDATA\[/, /\]\]>/],
];

function opens(line: string): OpenBlock | undefined {
  const fence = FENCE.exec(line);
  if (fence?.[1] !== undefined) {
    const marker = fence[1];
    // A backtick fence's info string cannot hold a backtick; such a line is inline code instead.
    if (marker.startsWith('`') && line.slice((fence.index ?? 0) + fence[0].length).includes('`')) {
      return undefined;
    }
    return { kind: 'fence', marker: marker.charAt(0), length: marker.length };
  }
  for (const [start, end] of RAW_HTML) {
    const match = start.exec(line);
    if (match !== null) {
      // Ends on the line it starts on: nothing stays open.
      return end.test(line.slice(match[0].length)) ? undefined : { kind: 'html', end };
    }
  }
  return undefined;
}

function closes(open: OpenBlock, line: string): boolean {
  if (open.kind === 'html') {
    return open.end.test(line);
  }
  const fence = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line);
  return fence?.[1] !== undefined && fence[1].charAt(0) === open.marker && fence[1].length >= open.length;
}
