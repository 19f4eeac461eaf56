import type { Chunk, DocumentBlock, ParsedDocument } from './document-model.js';
import { splitSentences, splitWords, tailWords } from './split-text.js';

export interface ChunkingOptions {
  /** Upper bound of a chunk's text length, in characters. */
  readonly maxChars: number;
  /** How much of a split section's previous chunk is repeated at the start of the next one. */
  readonly overlapChars: number;
}

/**
 * About 250 tokens: big enough to hold a policy paragraph with its conditions and a neighbouring
 * paragraph, small enough that BM25 scores a chunk for what it is about rather than for everything
 * a long section mentions. (1,000 characters cut more sections in two, and a fact lost the
 * paragraph that carries the words its question uses; on the handbook question sets 1,200 found
 * one more answering passage in each.)
 */
export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 1200, overlapChars: 200 };

/** A piece of text that is never cut further, and what joins it to the piece before it. */
interface Unit {
  readonly text: string;
  readonly joiner: '\n' | ' ';
}

/**
 * Splits a document into chunks that never straddle a heading. A section that fits stays whole;
 * a longer one is cut at block, then line, then sentence, then word boundaries, and each cut repeats
 * the end of the previous chunk so a fact split across the boundary is still found with its context.
 */
export function chunkDocument(
  document: ParsedDocument,
  source: string,
  options: ChunkingOptions = DEFAULT_CHUNKING,
): Chunk[] {
  if (options.maxChars < 1 || options.overlapChars < 0 || options.overlapChars >= options.maxChars) {
    throw new RangeError('chunking needs maxChars >= 1 and 0 <= overlapChars < maxChars');
  }
  const chunks: Chunk[] = [];
  for (const section of sections(document.blocks)) {
    const units = section.blocks.flatMap((block) => blockUnits(block.text, options));
    for (const text of pack(units, options)) {
      chunks.push({
        id: `${source}#${chunks.length}`,
        source,
        title: document.title,
        headingPath: section.headingPath,
        text,
      });
    }
  }
  return chunks;
}

function sections(
  blocks: readonly DocumentBlock[],
): { headingPath: readonly string[]; blocks: DocumentBlock[] }[] {
  const result: { headingPath: readonly string[]; blocks: DocumentBlock[] }[] = [];
  for (const block of blocks) {
    const last = result.at(-1);
    if (last !== undefined && samePath(last.headingPath, block.headingPath)) {
      last.blocks.push(block);
    } else {
      result.push({ headingPath: block.headingPath, blocks: [block] });
    }
  }
  return result;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/**
 * A block that fits is one unit. A longer one is cut into lines, sentences and, for a sentence
 * too long by itself, runs of words; each piece leaves room for the overlap repeated before it,
 * or packing would have to drop the overlap to fit the piece.
 */
function blockUnits(text: string, options: ChunkingOptions): Unit[] {
  if (text.length <= options.maxChars) {
    return [{ text, joiner: '\n' }];
  }
  const pieceChars = options.maxChars - options.overlapChars;
  const units: Unit[] = [];
  for (const line of text.split('\n')) {
    const pieces =
      line.length <= pieceChars
        ? [line]
        : splitSentences(line).flatMap((sentence) =>
            sentence.length <= pieceChars ? [sentence] : splitWords(sentence, pieceChars),
          );
    pieces.forEach((piece, index) => units.push({ text: piece, joiner: index === 0 ? '\n' : ' ' }));
  }
  return units.filter((unit) => unit.text.trim().length > 0);
}

function pack(units: readonly Unit[], options: ChunkingOptions): string[] {
  const chunks: string[] = [];
  let current: Unit[] = [];
  for (const unit of units) {
    if (current.length > 0 && lengthOf([...current, unit]) > options.maxChars) {
      chunks.push(render(current));
      current = overlapOf(current, options.overlapChars);
      while (current.length > 0 && lengthOf([...current, unit]) > options.maxChars) {
        current = current.slice(1);
      }
    }
    current.push(unit);
  }
  if (current.length > 0) {
    chunks.push(render(current));
  }
  return chunks;
}

/** The trailing whole units, sentences or words of a chunk that fit in `overlapChars`. */
function overlapOf(units: readonly Unit[], overlapChars: number): Unit[] {
  if (overlapChars === 0) {
    return [];
  }
  const kept: Unit[] = [];
  for (let index = units.length - 1; index >= 0; index -= 1) {
    const unit = units[index];
    if (unit === undefined || lengthOf([unit, ...kept]) > overlapChars) {
      break;
    }
    kept.unshift(unit);
  }
  if (kept.length > 0) {
    return kept;
  }
  const last = units.at(-1);
  if (last === undefined) {
    return [];
  }
  const sentences = splitSentences(last.text);
  const tail: string[] = [];
  for (let index = sentences.length - 1; index >= 0; index -= 1) {
    const sentence = sentences[index] ?? '';
    if ([sentence, ...tail].join(' ').length > overlapChars) {
      break;
    }
    tail.unshift(sentence);
  }
  const text = tail.length > 0 ? tail.join(' ') : tailWords(last.text, overlapChars);
  return text.length > 0 ? [{ text, joiner: last.joiner }] : [];
}

function lengthOf(units: readonly Unit[]): number {
  return units.reduce((sum, unit, index) => sum + unit.text.length + (index === 0 ? 0 : 1), 0);
}

function render(units: readonly Unit[]): string {
  return units.map((unit, index) => (index === 0 ? unit.text : `${unit.joiner}${unit.text}`)).join('');
}
