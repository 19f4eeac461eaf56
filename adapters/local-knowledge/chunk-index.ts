import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Thesaurus } from '../../src/ports/thesaurus.js';
import type { Chunk } from './document-model.js';
import { DEFAULT_EXPANSION, expandQuery, type ExpansionOptions } from './query-expansion.js';
import { ScoreBoard, topScores } from './score-board.js';
import { proximityShare } from './term-proximity.js';
import { exportSearchState, importSearchState, type SearchState } from './search-state.js';
import { analyzeText, analyzeToken, tokenize } from '../../src/text/text-analysis.js';

interface IndexedFields {
  readonly id: string;
  readonly title: string;
  readonly headings: string;
  readonly text: string;
}

export interface ScoredChunk {
  readonly chunk: Chunk;
  readonly score: number;
}

export interface ChunkIndexOptions {
  /** Connects the question's words to related words the documents use; none means exact terms only. */
  readonly thesaurus?: Thesaurus;
  readonly expansion?: ExpansionOptions;
  readonly proximity?: ProximityOptions;
}

export interface ProximityOptions {
  /**
   * The best candidates are reordered by score times 1 + `weight` times the share of the
   * question's term pairs they have within `window` words of each other (see `proximityShare`).
   */
  readonly weight: number;
  readonly window: number;
  /** Only the best-scoring chunks are read for it: proximity reorders, it does not find. */
  readonly candidates: number;
}

/**
 * Measured on the FAQ, the sample knowledge and the handbook question sets (docs/architecture.md,
 * "Offline retrieval and answers"): windows of 4 to 12 words rank alike; 0.25 changed no answer;
 * reading the 20 best candidates ranks as reading the 50 best.
 */
export const DEFAULT_PROXIMITY: ProximityOptions = { weight: 0.5, window: 8, candidates: 20 };

export interface ChunkQuery {
  readonly text: string;
  readonly context?: string;
  readonly limit: number;
  /** Only chunks of documents under this folder (a channel's collection), e.g. `hr/`. */
  readonly sourcePrefix?: string;
}

/**
 * What the index holds beyond its options, to be saved and restored instead of analysing every
 * chunk again. Chunks themselves are not in it, only their ids: they are kept elsewhere.
 */
export interface ChunkIndexState {
  /** The chunk id in each slot; null for a free slot. */
  readonly slotChunkIds: readonly (string | null)[];
  readonly freeSlots: Uint32Array;
  /** Each index term and the number of chunks it occurs in. */
  readonly countedTerms: readonly string[];
  readonly termChunkCounts: Uint32Array;
  readonly search: SearchState;
}

/** The fields of a ChunkIndex a `ChunkIndexState` carries (`chunks` and `slotOf` by the slots' ids). */
export const CARRIED_INDEX_FIELDS = ['chunks', 'slotOf', 'chunkInSlot', 'freeSlots', 'chunkCounts', 'search'] as const;
/** Given to the constructor, or set only while a chunk is being added: nothing to save. */
export const UNCARRIED_INDEX_FIELDS = ['thesaurus', 'expansion', 'proximity', 'addedTerms'] as const;

/**
 * Field weights. A heading names what its section is about in a few words, so a match there
 * says more than one in the body; the document title is shared by all of its chunks and only
 * nudges a whole document up.
 */
const FIELD_BOOST = { title: 1, headings: 2, text: 1 } as const;

/** Conversation context counts, but always well below the question's own words. */
const CONTEXT_WEIGHT = 0.3;

/** Stems this long or longer also match longer index terms ("manag" -> "manage", "management"). */
const PREFIX_MIN_LENGTH = 5;
/** Stems this long or longer tolerate a typo. */
const FUZZY_MIN_LENGTH = 6;

/**
 * A related term found in more than this share of the chunks is left out: it says little about
 * any one chunk, and its long posting list is most of a query's cost on a large corpus.
 */
const MAX_RELATED_SHARE = 0.1;

/**
 * BM25 over chunks (MiniSearch), with the text analysis of `text-analysis.ts` at both index and
 * query time. Queries are analysed here, not by MiniSearch, so that each question term can be
 * scored with the related terms that may stand in for it, and the conversation context apart.
 */
export class ChunkIndex {
  private readonly chunks = new Map<string, Chunk>();
  /** A small number per chunk for the query's score boards; slots of removed chunks are reused. */
  private readonly slotOf = new Map<string, number>();
  private readonly chunkInSlot: (Chunk | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Chunks each index term occurs in: which terms exist at all. */
  private readonly chunkCounts = new Map<string, number>();
  private readonly thesaurus: Thesaurus | undefined;
  private readonly expansion: ExpansionOptions;
  private readonly proximity: ProximityOptions;
  /**
   * The distinct terms of the chunk being added, collected as MiniSearch analyses it: analysing
   * every chunk a second time just to count its terms was a third of the cost of adding it.
   */
  private addedTerms: Set<string> | undefined;
  private readonly search = new MiniSearch<IndexedFields>({
    fields: ['title', 'headings', 'text'],
    idField: 'id',
    tokenize: (text) => tokenize(text),
    processTerm: (token) => {
      const terms = analyzeToken(token);
      if (this.addedTerms !== undefined) {
        for (const term of terms) {
          this.addedTerms.add(term);
        }
      }
      return terms;
    },
  });

  constructor(options: ChunkIndexOptions = {}) {
    this.thesaurus = options.thesaurus;
    this.expansion = options.expansion ?? DEFAULT_EXPANSION;
    this.proximity = options.proximity ?? DEFAULT_PROXIMITY;
  }

  get size(): number {
    return this.chunks.size;
  }

  add(chunks: readonly Chunk[]): void {
    for (const chunk of chunks) {
      this.remove([chunk.id]);
      this.chunks.set(chunk.id, chunk);
      const slot = this.freeSlots.pop() ?? this.chunkInSlot.length;
      this.slotOf.set(chunk.id, slot);
      this.chunkInSlot[slot] = chunk;
      const terms = new Set<string>();
      this.addedTerms = terms;
      try {
        this.search.add(indexedFields(chunk));
      } finally {
        this.addedTerms = undefined;
      }
      this.count(terms, 1);
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const chunk = this.chunks.get(id);
      if (chunk !== undefined) {
        this.chunks.delete(id);
        const slot = this.slotOf.get(id);
        if (slot !== undefined) {
          this.slotOf.delete(id);
          this.chunkInSlot[slot] = undefined;
          this.freeSlots.push(slot);
        }
        this.search.discard(id);
        this.count(termsOf(indexedFields(chunk)), -1);
      }
    }
  }

  exportState(): ChunkIndexState {
    const slotChunkIds: (string | null)[] = [];
    for (let slot = 0; slot < this.chunkInSlot.length; slot += 1) {
      slotChunkIds.push(this.chunkInSlot[slot]?.id ?? null);
    }
    return {
      slotChunkIds,
      freeSlots: Uint32Array.from(this.freeSlots),
      countedTerms: [...this.chunkCounts.keys()],
      termChunkCounts: Uint32Array.from(this.chunkCounts.values()),
      search: exportSearchState(this.search),
    };
  }

  /**
   * Restores a saved state into this index, which must be empty, with the chunks it names. Throws
   * when the state does not hold together or names a chunk not given; the index is then unusable
   * and the caller builds a new one.
   */
  importState(state: ChunkIndexState, chunks: ReadonlyMap<string, Chunk>): void {
    if (this.chunks.size > 0 || this.chunkInSlot.length > 0) {
      throw new Error('a saved index can only be restored into an empty one');
    }
    if (state.countedTerms.length !== state.termChunkCounts.length) {
      throw new Error('the saved term counts are cut short');
    }
    state.slotChunkIds.forEach((id, slot) => {
      if (id === null) {
        this.chunkInSlot[slot] = undefined;
        return;
      }
      const chunk = chunks.get(id);
      if (chunk === undefined) {
        throw new Error(`the saved index names a chunk that is not there: ${id}`);
      }
      this.chunks.set(id, chunk);
      this.slotOf.set(id, slot);
      this.chunkInSlot[slot] = chunk;
    });
    if (this.chunks.size !== chunks.size) {
      throw new Error('the saved index does not hold every chunk');
    }
    for (const slot of state.freeSlots) {
      this.freeSlots.push(slot);
    }
    state.countedTerms.forEach((term, index) => this.chunkCounts.set(term, state.termChunkCounts[index] as number));
    importSearchState(this.search, state.search);
  }

  /** Whether any chunk contains this (analysed) term. */
  has(term: string): boolean {
    return this.chunkCounts.has(term);
  }

  query(query: ChunkQuery): ScoredChunk[] {
    if (query.limit < 1 || this.chunks.size === 0) {
      return [];
    }
    const scores = this.questionScores(query.text);
    const asked = new Set(analyzeText(query.text));
    const contextTerms = unique(analyzeText(query.context ?? '')).filter((term) => !asked.has(term));
    if (contextTerms.length > 0) {
      this.forEachResult(contextTerms.join(' '), ASKED_SEARCH_OPTIONS, (slot, score) => {
        scores.add(slot, CONTEXT_WEIGHT * score);
      });
    }
    const inCollection = (slot: number) =>
      query.sourcePrefix === undefined ||
      (this.chunkInSlot[slot]?.source.startsWith(query.sourcePrefix) ?? false);
    const proximityRank = this.reorderByProximity(scores, [...asked], inCollection, query.limit);
    const ranked = topScores(
      scores.slots().filter((slot) => scores.get(slot) > 0 && inCollection(slot)),
      (slot) => scores.get(slot),
      query.limit,
      (a, b) =>
        (proximityRank.get(a) ?? Infinity) - (proximityRank.get(b) ?? Infinity) ||
        (this.chunkInSlot[a]?.id ?? '').localeCompare(this.chunkInSlot[b]?.id ?? ''),
    );
    return ranked.flatMap((slot) => {
      const chunk = this.chunkInSlot[slot];
      return chunk === undefined ? [] : [{ chunk, score: scores.get(slot) }];
    });
  }

  /**
   * BM25 of the question, where a related term stands in for the asked term it came from: per
   * asked term, a chunk scores the better of the term itself and its best related term (weighted
   * down), so a chunk is not rewarded for piling up synonyms. As in MiniSearch's own OR query,
   * the sum is multiplied by how many asked terms the chunk matched; a stand-in counts as part
   * of a match, as much as the thesaurus trusts it.
   */
  private questionScores(question: string): ScoreBoard {
    const concepts = expandQuery(
      question,
      this.thesaurus,
      (term) => this.has(term),
      (term) => (this.chunkCounts.get(term) ?? 0) <= MAX_RELATED_SHARE * this.chunks.size,
      this.expansion,
    );
    const slots = this.chunkInSlot.length;
    const sums = new ScoreBoard(slots);
    const matched = new ScoreBoard(slots);
    const best = new ScoreBoard(slots);
    const bestWeight = new ScoreBoard(slots);
    for (const concept of concepts) {
      best.reset();
      bestWeight.reset();
      this.forEachResult(concept.term, ASKED_SEARCH_OPTIONS, (slot, score) => {
        best.set(slot, score);
        bestWeight.set(slot, 1);
      });
      for (const [term, weight] of concept.related) {
        this.forEachResult(term, RELATED_SEARCH_OPTIONS, (slot, raw) => {
          if (weight * raw > best.get(slot)) {
            best.set(slot, weight * raw);
            bestWeight.set(slot, Math.max(bestWeight.get(slot), weight));
          }
        });
      }
      for (const slot of best.slots()) {
        sums.add(slot, best.get(slot));
        matched.add(slot, bestWeight.get(slot));
      }
    }
    for (const slot of sums.slots()) {
      sums.set(slot, sums.get(slot) * matched.get(slot));
    }
    return sums;
  }

  /**
   * BM25 scores each term on its own, so a chunk that mentions "package" in one paragraph and
   * "hold" in another ranks with one about holding a package. The best candidates are put in order
   * of their score times 1 + `weight` times their share of the question's word pairs found close
   * together (in the chunk's own heading and text), and then given back the same scores in that
   * order: proximity decides which chunk comes first, not how far the first stands out, which the
   * answerer reads as its confidence (multiplying the scores let a wider gap answer an unanswerable
   * question from a low-ranked passage). Returns each reordered chunk's new rank, for ties.
   */
  private reorderByProximity(
    scores: ScoreBoard,
    asked: readonly string[],
    inCollection: (slot: number) => boolean,
    limit: number,
  ): Map<number, number> {
    const { weight, window, candidates } = this.proximity;
    if (weight <= 0 || asked.length < 2) {
      return new Map();
    }
    const pool = topScores(
      scores.slots().filter((slot) => scores.get(slot) > 0 && inCollection(slot)),
      (slot) => scores.get(slot),
      Math.max(limit, candidates),
      (a, b) => a - b,
    );
    const boosted = new Map<number, number>();
    for (const slot of pool) {
      const chunk = this.chunkInSlot[slot];
      const text = chunk === undefined ? '' : `${chunk.headingPath.at(-1) ?? ''}\n${chunk.text}`;
      boosted.set(slot, scores.get(slot) * (1 + weight * proximityShare(text, asked, window)));
    }
    const values = pool.map((slot) => scores.get(slot));
    const reordered = [...pool].sort((a, b) => (boosted.get(b) ?? 0) - (boosted.get(a) ?? 0) || a - b);
    reordered.forEach((slot, rank) => scores.set(slot, values[rank] ?? 0));
    return new Map(reordered.map((slot, rank) => [slot, rank]));
  }

  private forEachResult(
    query: string,
    options: SearchOptions,
    visit: (slot: number, score: number) => void,
  ): void {
    for (const result of this.search.search(query, options)) {
      const slot = this.slotOf.get(String(result.id));
      if (slot !== undefined) {
        visit(slot, result.score);
      }
    }
  }

  private count(terms: ReadonlySet<string>, delta: 1 | -1): void {
    for (const term of terms) {
      const next = (this.chunkCounts.get(term) ?? 0) + delta;
      if (next > 0) {
        this.chunkCounts.set(term, next);
      } else {
        this.chunkCounts.delete(term);
      }
    }
  }
}

/** Query terms arrive already analysed, so MiniSearch must not tokenize or stem them again. */
const ASKED_SEARCH_OPTIONS: SearchOptions = {
  tokenize: (text) => text.split(' '),
  processTerm: (term) => term,
  boost: { ...FIELD_BOOST },
  prefix: (term) => term.length >= PREFIX_MIN_LENGTH,
  fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH && /^\p{L}+$/u.test(term) ? 0.2 : false),
  weights: { prefix: 0.4, fuzzy: 0.25 },
  combineWith: 'OR',
};

/** Related terms come from a thesaurus already in their index form: no prefix or typo matching. */
const RELATED_SEARCH_OPTIONS: SearchOptions = {
  tokenize: (text) => text.split(' '),
  processTerm: (term) => term,
  boost: { ...FIELD_BOOST },
  combineWith: 'OR',
};

function indexedFields(chunk: Chunk): IndexedFields {
  return {
    id: chunk.id,
    title: chunk.title,
    headings: chunk.headingPath.filter((heading, index) => index > 0 || heading !== chunk.title).join('\n'),
    text: chunk.text,
  };
}

/** The distinct index terms of a chunk's fields, as adding it counted them. */
function termsOf(fields: IndexedFields): Set<string> {
  return new Set(analyzeText(`${fields.title}\n${fields.headings}\n${fields.text}`));
}

function unique(terms: readonly string[]): string[] {
  return [...new Set(terms)];
}
