const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentences of a text, trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of sentenceSegmenter.segment(text)) {
    const sentence = segment.trim();
    if (sentence.length > 0) {
      sentences.push(sentence);
    }
  }
  return sentences;
}

/**
 * Cuts text with no usable sentence breaks (a long line, a log dump) into pieces of at most
 * `maxChars`, at spaces where there are any; a single longer word is cut where it must be.
 */
export function splitWords(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part.length > 0)) {
    if (word.length > maxChars) {
      if (current.length > 0) {
        pieces.push(current);
        current = '';
      }
      for (let start = 0; start < word.length; start += maxChars) {
        pieces.push(word.slice(start, start + maxChars));
      }
      continue;
    }
    const candidate = current.length === 0 ? word : `${current} ${word}`;
    if (candidate.length > maxChars) {
      pieces.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) {
    pieces.push(current);
  }
  return pieces;
}

/** The end of a text, at most `maxChars` long, starting at a word boundary. */
export function tailWords(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text;
  }
  const tail = text.slice(text.length - maxChars);
  const space = tail.search(/\s/);
  return space === -1 ? '' : tail.slice(space + 1);
}
