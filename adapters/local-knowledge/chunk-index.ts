import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Chunk } from './document-model.js';
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

export interface ChunkQuery {
  readonly text: string;
  readonly context?: string;
  readonly limit: number;
  /** Only chunks of documents under this folder (a channel's collection), e.g. `hr/`. */
  readonly sourcePrefix?: string;
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

/**
 * BM25 over chunks (MiniSearch), with the text analysis of `text-analysis.ts` at both index and
 * query time. Queries are analysed here, not by MiniSearch, so the question and the conversation
 * context can be scored separately and weighted.
 */
export class ChunkIndex {
  private readonly chunks = new Map<string, Chunk>();
  private readonly search = new MiniSearch<IndexedFields>({
    fields: ['title', 'headings', 'text'],
    idField: 'id',
    tokenize: (text) => tokenize(text),
    processTerm: (token) => analyzeToken(token),
  });

  get size(): number {
    return this.chunks.size;
  }

  add(chunks: readonly Chunk[]): void {
    for (const chunk of chunks) {
      if (this.chunks.has(chunk.id)) {
        this.search.discard(chunk.id);
      }
      this.chunks.set(chunk.id, chunk);
      this.search.add({
        id: chunk.id,
        title: chunk.title,
        headings: chunk.headingPath.filter((heading, index) => index > 0 || heading !== chunk.title).join('\n'),
        text: chunk.text,
      });
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.chunks.delete(id)) {
        this.search.discard(id);
      }
    }
  }

  query(query: ChunkQuery): ScoredChunk[] {
    if (query.limit < 1 || this.chunks.size === 0) {
      return [];
    }
    const questionTerms = unique(analyzeText(query.text));
    const contextTerms = unique(analyzeText(query.context ?? '')).filter((term) => !questionTerms.includes(term));

    const scores = new Map<string, number>();
    const accumulate = (terms: readonly string[], weight: number): void => {
      if (terms.length === 0) {
        return;
      }
      for (const result of this.search.search(terms.join(' '), SEARCH_OPTIONS)) {
        const id = String(result.id);
        scores.set(id, (scores.get(id) ?? 0) + weight * result.score);
      }
    };
    accumulate(questionTerms, 1);
    accumulate(contextTerms, CONTEXT_WEIGHT);

    const ranked: ScoredChunk[] = [];
    for (const [id, score] of scores) {
      const chunk = this.chunks.get(id);
      if (chunk !== undefined && (query.sourcePrefix === undefined || chunk.source.startsWith(query.sourcePrefix))) {
        ranked.push({ chunk, score });
      }
    }
    ranked.sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
    return ranked.slice(0, query.limit);
  }
}

/** Query terms arrive already analysed, so MiniSearch must not tokenize or stem them again. */
const SEARCH_OPTIONS: SearchOptions = {
  tokenize: (text) => text.split(' '),
  processTerm: (term) => term,
  boost: { ...FIELD_BOOST },
  prefix: (term) => term.length >= PREFIX_MIN_LENGTH,
  fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH && /^\p{L}+$/u.test(term) ? 0.2 : false),
  weights: { prefix: 0.4, fuzzy: 0.25 },
  combineWith: 'OR',
};

function unique(terms: readonly string[]): string[] {
  return [...new Set(terms)];
}
