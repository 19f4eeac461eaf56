const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentences of a text, trimmed, exactly as they appear in it (no other change). */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const sentence = segment.trim();
    if (/[\p{L}\p{N}]/u.test(sentence)) {
      sentences.push(sentence);
    }
  }
  return sentences;
}

/** Removes citation markers such as " [2]" that an earlier answer carried. */
export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+\]/g, '').trim();
}
