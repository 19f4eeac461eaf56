const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Sentences of a text, trimmed, exactly as they appear in it (no other change). The segmenter
 * breaks after every "!" or "?", also inside a quote ('hits a "Oops, something went wrong!"
 * screen'); a piece that goes on in lower case on the same line is the rest of the sentence before
 * it, and quoting it alone would start an answer mid-sentence.
 */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  // Where the last kept sentence starts and ends in `text`.
  let lastStart = -1;
  let lastEnd = -1;
  for (const { segment, index } of segmenter.segment(text)) {
    const sentence = segment.trim();
    if (!/[\p{L}\p{N}]/u.test(sentence)) {
      continue;
    }
    const start = index + segment.indexOf(sentence);
    const end = start + sentence.length;
    const continues =
      lastStart >= 0 && /^\p{Ll}/u.test(sentence) && !text.slice(lastEnd, start).includes('\n');
    if (continues) {
      sentences[sentences.length - 1] = text.slice(lastStart, end);
    } else {
      sentences.push(sentence);
      lastStart = start;
    }
    lastEnd = end;
  }
  return sentences;
}

/** Removes citation markers such as " [2]" that an earlier answer carried. */
export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+\]/g, '').trim();
}
