import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Thesaurus } from '../../src/ports/thesaurus.js';
import type { Chunk } from './document-model.js';
import { DEFAULT_EXPANSION, expandQuery, type ExpansionOptions } from './query-expansion.js';
import { analyzeText, analyzeToken, tokenize } from './text-analysis.js';

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
}

export interface ChunkQuery {
  readonly text: string;
  readonly context?: string;
  readonly limit: number;
}

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

type Scores = Map<string, number>;

/**
 * BM25 over chunks (MiniSearch), with the text analysis of `text-analysis.ts` at both index and
 * query time. Queries are analysed here, not by MiniSearch, so that each question term can be
 * scored with the related terms that may stand in for it, and the conversation context apart.
 */
export class ChunkIndex {
  private readonly chunks = new Map<string, Chunk>();
  /** Chunks each index term occurs in: which terms exist at all. */
  private readonly chunkCounts = new Map<string, number>();
  private readonly thesaurus: Thesaurus | undefined;
  private readonly expansion: ExpansionOptions;
  private readonly search = new MiniSearch<IndexedFields>({
    fields: ['title', 'headings', 'text'],
    idField: 'id',
    tokenize: (text) => tokenize(text),
    processTerm: (token) => analyzeToken(token),
  });

  constructor(options: ChunkIndexOptions = {}) {
    this.thesaurus = options.thesaurus;
    this.expansion = options.expansion ?? DEFAULT_EXPANSION;
  }

  get size(): number {
    return this.chunks.size;
  }

  add(chunks: readonly Chunk[]): void {
    for (const chunk of chunks) {
      this.remove([chunk.id]);
      this.chunks.set(chunk.id, chunk);
      const fields = indexedFields(chunk);
      this.search.add(fields);
      this.count(fields, 1);
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const chunk = this.chunks.get(id);
      if (chunk !== undefined) {
        this.chunks.delete(id);
        this.search.discard(id);
        this.count(indexedFields(chunk), -1);
      }
    }
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
      for (const result of this.search.search(contextTerms.join(' '), ASKED_SEARCH_OPTIONS)) {
        const id = String(result.id);
        scores.set(id, (scores.get(id) ?? 0) + CONTEXT_WEIGHT * result.score);
      }
    }

    const ranked: ScoredChunk[] = [];
    for (const [id, score] of scores) {
      const chunk = this.chunks.get(id);
      if (chunk !== undefined && score > 0) {
        ranked.push({ chunk, score });
      }
    }
    ranked.sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
    return ranked.slice(0, query.limit);
  }

  /**
   * BM25 of the question, where a related term stands in for the asked term it came from: per
   * asked term, a chunk scores the better of the term itself and its best related term (weighted
   * down), so a chunk is not rewarded for piling up synonyms. As in MiniSearch's own OR query,
   * the sum is multiplied by how many asked terms the chunk matched; a stand-in counts as part
   * of a match, as much as the thesaurus trusts it.
   */
  private questionScores(question: string): Scores {
    const concepts = expandQuery(question, this.thesaurus, (term) => this.has(term), this.expansion);
    const cache = new Map<string, Scores>();
    const scoresOf = (term: string, options: SearchOptions): Scores => {
      let scores = cache.get(term);
      if (scores === undefined) {
        scores = new Map(
          this.search.search(term, options).map((result) => [String(result.id), result.score]),
        );
        cache.set(term, scores);
      }
      return scores;
    };

    const sums: Scores = new Map();
    const matched: Scores = new Map();
    for (const concept of concepts) {
      const best = new Map<string, { score: number; match: number }>();
      for (const [id, score] of scoresOf(concept.term, ASKED_SEARCH_OPTIONS)) {
        best.set(id, { score, match: 1 });
      }
      for (const [term, weight] of concept.related) {
        for (const [id, raw] of scoresOf(term, RELATED_SEARCH_OPTIONS)) {
          const score = weight * raw;
          const current = best.get(id);
          if (current === undefined || score > current.score) {
            best.set(id, { score, match: Math.max(current?.match ?? 0, weight) });
          }
        }
      }
      for (const [id, { score, match }] of best) {
        sums.set(id, (sums.get(id) ?? 0) + score);
        matched.set(id, (matched.get(id) ?? 0) + match);
      }
    }
    for (const [id, sum] of sums) {
      sums.set(id, sum * (matched.get(id) ?? 1));
    }
    return sums;
  }

  private count(fields: IndexedFields, delta: 1 | -1): void {
    const terms = new Set(analyzeText(`${fields.title}\n${fields.headings}\n${fields.text}`));
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

function unique(terms: readonly string[]): string[] {
  return [...new Set(terms)];
}
