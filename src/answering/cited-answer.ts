import type { Answer, Citation, Passage } from '../conversation/types.js';
import { collapseRepeatedMarkers, findCitationMarkers, partialMarkerStart } from './citation-markers.js';

/** The sentence a model is told to write when the sources do not answer; the same as the local answerer's. */
export const NOT_FOUND_TEXT = 'I could not find an answer to that in the knowledge base.';

const SNIPPET_CHARS = 300;


/**
 * Turns a model's text into the answer people see. Markers are renumbered 1, 2, 3... in order of
 * first use, markers naming no retrieved passage are dropped, and only passages actually cited
 * become citations. An answer citing nothing is not supported by the knowledge base, so it is
 * replaced by the not-found sentence rather than shown as if it were sourced.
 */
export function citedAnswer(modelText: string, passages: readonly Passage[]): Answer {
  const { text, order } = renumber(modelText.trim(), passages.length);
  if (order.length === 0 || text.startsWith(NOT_FOUND_TEXT)) {
    return { text: NOT_FOUND_TEXT, citations: [], found: false };
  }
  const citations = order.flatMap((sourceNumber, position): Citation[] => {
    const passage = passages[sourceNumber - 1];
    if (passage === undefined) {
      return [];
    }
    return [
      {
        index: position + 1,
        source: passage.source,
        title: passage.title,
        snippet: snippetOf(passage.text),
        score: passage.score,
        ...(passage.url !== undefined ? { url: passage.url } : {}),
      },
    ];
  });
  return { text, citations, found: true };
}

/**
 * The text to show while an answer is still streaming: numbered exactly as the final answer will
 * be (numbering follows first use, so a prefix numbers like the whole), without a marker that is
 * only half written yet.
 */
export function streamingText(modelTextSoFar: string, passageCount: number): string {
  // A marker cut off at the end of a streamed prefix, such as `[` or `[1`, is not shown yet.
  const partial = partialMarkerStart(modelTextSoFar);
  const complete = partial === undefined ? modelTextSoFar : modelTextSoFar.slice(0, partial);
  return renumber(complete, passageCount).text.trimStart();
}

/**
 * Markers (`[3]`, `[2, 5]` or `[2][5]` as written by a model; the numbers are positions in the
 * prompt's sources) renumbered in order of first use; markers naming no source are dropped.
 */
function renumber(text: string, passageCount: number): { text: string; order: number[] } {
  const order: number[] = [];
  let rewritten = '';
  let copiedTo = 0;
  for (const marker of findCitationMarkers(text)) {
    rewritten += text.slice(copiedTo, marker.start);
    copiedTo = marker.end;
    const numbers = [...new Set(marker.numbers.filter((n) => n >= 1 && n <= passageCount))];
    if (numbers.length === 0) {
      continue;
    }
    const shown = numbers.map((n) => {
      let position = order.indexOf(n);
      if (position === -1) {
        order.push(n);
        position = order.length - 1;
      }
      return `[${position + 1}]`;
    });
    rewritten += `${marker.spaced ? ' ' : ''}${shown.join('')}`;
  }
  rewritten += text.slice(copiedTo);
  return { text: collapseRepeatedMarkers(rewritten), order };
}

function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) {
    return flat;
  }
  const cut = flat.slice(0, SNIPPET_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > SNIPPET_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
