import { POS_BY_LETTER, type PartOfSpeech, type WordNetFiles } from './wordnet-files.js';

/** One entry of an index file: a lemma's senses, commonest first. */
export interface IndexEntry {
  readonly lemma: string;
  readonly pos: PartOfSpeech;
  /** Byte offsets of the lemma's synsets in the data file, in WordNet's sense order. */
  readonly synsetOffsets: readonly number[];
  /** How many of those senses were seen in WordNet's tagged corpus; the rest are rare. */
  readonly taggedSenses: number;
}

export interface Pointer {
  /** WordNet's pointer symbol: "@" hypernym, "+" derivation, "&" similar, "\\" pertainym... */
  readonly symbol: string;
  readonly offset: number;
  readonly pos: PartOfSpeech;
  /** 1-based word numbers for a pointer between two words; 0 when it joins whole synsets. */
  readonly sourceWord: number;
  readonly targetWord: number;
}

export interface Synset {
  readonly offset: number;
  readonly pos: PartOfSpeech;
  /** As in the files (words joined by "_", proper names capitalised), adjective markers such as "(a)" removed. */
  readonly words: readonly string[];
  readonly pointers: readonly Pointer[];
  /** The definition, without the examples that follow it in quotes ("a child's bed with high sides"). */
  readonly definition: string;
}

/** The part-of-speech digit of a sense key; 5 is a satellite adjective. */
const SENSE_KEY_POS: Readonly<Record<string, PartOfSpeech>> = {
  '1': 'noun',
  '2': 'verb',
  '3': 'adj',
  '4': 'adv',
  '5': 'adj',
};

const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * Reads the WordNet database format (wndb(5WN)): index files are sorted lines looked up by binary
 * search; a synset is the line at a byte offset of a data file.
 */
export class WordNetDatabase {
  private readonly synsets = new Map<string, Synset>();
  private pertaining: Map<string, string[]> | undefined;

  constructor(private readonly files: WordNetFiles) {}

  lookup(lemma: string, pos: PartOfSpeech): IndexEntry | undefined {
    const line = findLine(this.files.index(pos), Buffer.from(`${lemma} `, 'utf8'));
    if (line === undefined) {
      return undefined;
    }
    const fields = line.split(' ');
    const pointerCount = Number(fields[3]);
    const senseCount = Number(fields[4 + pointerCount]);
    const taggedSenses = Number(fields[5 + pointerCount]);
    const synsetOffsets = fields.slice(6 + pointerCount, 6 + pointerCount + senseCount).map(Number);
    return { lemma, pos, synsetOffsets, taggedSenses };
  }

  /**
   * How often each part of speech of a lemma was seen in WordNet's tagged corpus, over all its
   * senses: how likely a reader means "dog" the animal (seen 42 times) or "to dog" (twice).
   */
  partOfSpeechCounts(lemma: string): Map<PartOfSpeech, number> {
    const counts = new Map<PartOfSpeech, number>();
    for (const line of findLines(this.files.senses(), Buffer.from(`${lemma}%`, 'utf8'))) {
      // "dog%1:05:00:: 02086723 1 42": the digit after "%" is the part of speech; the last field the count.
      const pos = SENSE_KEY_POS[line.charAt(lemma.length + 1)];
      const count = Number(line.split(' ')[3] ?? '0');
      if (pos !== undefined) {
        counts.set(pos, (counts.get(pos) ?? 0) + count);
      }
    }
    return counts;
  }

  /**
   * The adjectives that pertain to a word of a synset ("dental" to "tooth", "urban" to "city"),
   * as written in the file. WordNet keeps this pointer only on the adjective, so the adjective
   * file is searched once, on first use, to turn it around.
   */
  pertainingAdjectives(offset: number, pos: PartOfSpeech, wordNumber: number): readonly string[] {
    this.pertaining ??= readPertainyms(this.files.data('adj'));
    return [
      ...(this.pertaining.get(`${pos}:${offset}:${wordNumber}`) ?? []),
      ...(this.pertaining.get(`${pos}:${offset}:0`) ?? []),
    ];
  }

  synset(offset: number, pos: PartOfSpeech): Synset {
    const key = `${pos}:${offset}`;
    let synset = this.synsets.get(key);
    if (synset === undefined) {
      synset = parseSynset(readLineAt(this.files.data(pos), offset), pos);
      this.synsets.set(key, synset);
    }
    return synset;
  }
}

/** The line starting with `prefix` in a file of lines sorted by byte value, without its newline. */
function findLine(buffer: Buffer, prefix: Buffer): string | undefined {
  const start = findLineStart(buffer, prefix);
  return start === undefined ? undefined : readLineAt(buffer, start);
}

/** Every line starting with `prefix`, in file order. */
function findLines(buffer: Buffer, prefix: Buffer): string[] {
  const found = findLineStart(buffer, prefix);
  if (found === undefined) {
    return [];
  }
  let start = found;
  while (start > 0) {
    const previous = lineStart(buffer, start - 1);
    if (compareAt(buffer, previous, prefix) !== 0) {
      break;
    }
    start = previous;
  }
  const lines: string[] = [];
  while (start < buffer.length && compareAt(buffer, start, prefix) === 0) {
    lines.push(readLineAt(buffer, start));
    const end = buffer.indexOf(NEWLINE, start);
    start = end === -1 ? buffer.length : end + 1;
  }
  return lines;
}

function findLineStart(buffer: Buffer, prefix: Buffer): number | undefined {
  let low = 0;
  let high = buffer.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = lineStart(buffer, middle);
    const order = compareAt(buffer, start, prefix);
    if (order === 0) {
      return start;
    }
    if (order < 0) {
      const end = buffer.indexOf(NEWLINE, start);
      low = end === -1 ? buffer.length : end + 1;
    } else {
      high = start;
    }
  }
  return undefined;
}

function lineStart(buffer: Buffer, position: number): number {
  const previous = buffer.lastIndexOf(NEWLINE, position - 1);
  return previous === -1 ? 0 : previous + 1;
}

/** Compares the line at `start` with `prefix` over the prefix's length; license lines sort first. */
function compareAt(buffer: Buffer, start: number, prefix: Buffer): number {
  if (buffer[start] === SPACE) {
    return -1;
  }
  for (let index = 0; index < prefix.length; index += 1) {
    const byte = buffer[start + index];
    const wanted = prefix[index] ?? 0;
    if (byte === undefined || byte === NEWLINE) {
      return -1;
    }
    if (byte !== wanted) {
      return byte - wanted;
    }
  }
  return 0;
}

function readLineAt(buffer: Buffer, start: number): string {
  const end = buffer.indexOf(NEWLINE, start);
  return buffer.toString('utf8', start, end === -1 ? buffer.length : end).trimEnd();
}

/**
 * Every pertainym pointer of the adjective file, keyed by its target ("noun:offset:word number",
 * 0 for the whole synset). Only the few thousand lines holding one are parsed: the file is
 * searched for the pointer's symbol rather than read line by line.
 */
function readPertainyms(buffer: Buffer): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  const symbol = Buffer.from(' \\ ', 'latin1');
  let found = buffer.indexOf(symbol);
  while (found !== -1) {
    const start = lineStart(buffer, found);
    const end = buffer.indexOf(NEWLINE, found);
    const lineEnd = end === -1 ? buffer.length : end;
    if (buffer[start] !== SPACE) {
      addPertainyms(buffer.toString('utf8', start, lineEnd), byTarget);
    }
    found = end === -1 ? -1 : buffer.indexOf(symbol, end);
  }
  return byTarget;
}

/**
 * The pertainym pointers of one adjective line, read from its fields alone (its definition and
 * the other pointers are not needed): a full parse of every such line was most of the cost.
 */
function addPertainyms(line: string, byTarget: Map<string, string[]>): void {
  const bar = line.indexOf(' | ');
  const fields = (bar === -1 ? line : line.slice(0, bar)).split(' ');
  const wordCount = Number.parseInt(fields[3] ?? '0', 16);
  const words = fields.filter((_, index) => index >= 4 && index < 4 + wordCount * 2 && index % 2 === 0);
  const first = 5 + wordCount * 2;
  const pointerCount = Number(fields[first - 1]);
  for (let cursor = first; cursor < first + pointerCount * 4; cursor += 4) {
    const [symbol, target = '0', letter = 'n', sourceTarget = '0000'] = fields.slice(cursor, cursor + 4);
    if (symbol !== '\\') {
      continue;
    }
    const sourceWord = Number.parseInt(sourceTarget.slice(0, 2), 16);
    const key = `${POS_BY_LETTER[letter] ?? 'noun'}:${Number(target)}:${Number.parseInt(sourceTarget.slice(2), 16)}`;
    const named = (sourceWord === 0 ? words : words.slice(sourceWord - 1, sourceWord)).map((word) =>
      word.replace(/\([a-z]+\)$/, ''),
    );
    byTarget.set(key, [...(byTarget.get(key) ?? []), ...named]);
  }
}

function parseSynset(line: string, pos: PartOfSpeech): Synset {
  const bar = line.indexOf(' | ');
  const fields = (bar === -1 ? line : line.slice(0, bar)).split(' ');
  const offset = Number(fields[0]);
  const wordCount = Number.parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  for (let index = 0; index < wordCount; index += 1) {
    words.push((fields[4 + index * 2] ?? '').replace(/\([a-z]+\)$/, ''));
  }
  let cursor = 4 + wordCount * 2;
  const pointerCount = Number(fields[cursor]);
  cursor += 1;
  const pointers: Pointer[] = [];
  for (let index = 0; index < pointerCount; index += 1) {
    const [symbol = '', target = '0', letter = 'n', sourceTarget = '0000'] = fields.slice(cursor, cursor + 4);
    cursor += 4;
    pointers.push({
      symbol,
      offset: Number(target),
      pos: POS_BY_LETTER[letter] ?? 'noun',
      sourceWord: Number.parseInt(sourceTarget.slice(0, 2), 16),
      targetWord: Number.parseInt(sourceTarget.slice(2), 16),
    });
  }
  const gloss = bar === -1 ? '' : line.slice(bar + 3);
  // Examples follow the definition after '; "' and are sentences of use, not of meaning.
  const quote = gloss.search(/;?\s*"/);
  const definition = (quote === -1 ? gloss : gloss.slice(0, quote)).trim();
  return { offset, pos, words, pointers, definition };
}
