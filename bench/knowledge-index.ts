import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLocalKnowledgeBase, type LocalKnowledgeBase } from '../adapters/local-knowledge/index.js';
import { WordNetThesaurus } from '../adapters/wordnet/index.js';
import { createSilentLogger } from '../src/logger.js';
import type { Thesaurus } from '../src/ports/thesaurus.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { generateCorpus, handbookDir } from './generated-corpus.js';

const QUESTION_FILES = ['handbook-questions.json', 'handbook-questions-held-out.json'].map((name) =>
  resolve(import.meta.dirname, '../test/fixtures', name),
);
const GENERATED_BYTES = 5 * 1024 * 1024;
const BUILDS = 3;
/** Each question is asked this many times (after one warm-up pass) for the latency percentiles. */
const QUERY_ROUNDS = 20;
const RETRIEVAL_LIMIT = 5;

interface CorpusResult {
  readonly row: ReadonlyArray<string | number>;
}

/**
 * Index build time and query latency of the local knowledge base: on the employee handbook, and on
 * a generated ~5 MB corpus drawn from the handbook's words. Builds are full ingests of a folder
 * (read, parse, chunk, index); queries are the retrieval-quality questions, with and without the
 * WordNet thesaurus that expands them.
 */
export async function runKnowledgeIndexBench(): Promise<BenchSection> {
  const questions = await loadQuestions();
  const thesaurusStarted = performance.now();
  const thesaurus = new WordNetThesaurus();
  thesaurus.related('warm');
  const thesaurusLoadMs = performance.now() - thesaurusStarted;

  const handbook = handbookDir();
  const generatedDir = await mkdtemp(join(tmpdir(), 'steward-bench-corpus-'));
  try {
    const generated = await generateCorpus(handbook, generatedDir, GENERATED_BYTES);
    const handbookBytes = await folderBytes(handbook);
    const rows: CorpusResult[] = [];
    for (const [name, dir, bytes] of [
      ['handbook', handbook, handbookBytes],
      [`generated (${generated.files} files)`, generatedDir, generated.bytes],
    ] as const) {
      rows.push(await measure(name, dir, bytes, questions, thesaurus));
      rows.push(await measure(name, dir, bytes, questions, undefined));
    }
    return {
      title: 'Local knowledge index (BM25, MiniSearch)',
      columns: [
        'corpus',
        'size',
        'chunks',
        'thesaurus',
        'build ms (median)',
        'build CPU ms (median)',
        'index heap',
        'query p50 ms',
        'query p99 ms',
        'query CPU ms (mean)',
      ],
      rows: rows.map((result) => result.row),
      notes: [
        `Build: a full ingest of the folder (read, hash, parse, chunk, index), median of ${BUILDS} fresh builds after an untimed one.`,
        'Wall-clock figures depend on what else the machine runs; the CPU columns (this process, user + system) vary less.',
        `Queries: the ${questions.length} retrieval-quality questions (main and held-out sets), top ${RETRIEVAL_LIMIT}, ${QUERY_ROUNDS} rounds after a warm-up round; 'thesaurus' expands each question with WordNet.`,
        `The WordNet thesaurus loads lazily on first use: ${formatMs(thesaurusLoadMs)} ms for the first lookup (reads ~35 MB of WordNet files, once per process).`,
        "The generated corpus is drawn deterministically (fixed seed) from the handbook's words, with headings, paragraphs and lists: few distinct words, so most terms match thousands of chunks, a worst case for query time.",
        'Index heap: the V8 heap an index keeps, measured as the heap in use (after a full GC) with the index less the heap in use once it is dropped.',
      ],
    };
  } finally {
    await rm(generatedDir, { recursive: true, force: true });
  }
}

async function measure(
  name: string,
  dir: string,
  bytes: number,
  questions: readonly string[],
  thesaurus: Thesaurus | undefined,
): Promise<CorpusResult> {
  // One untimed build first, so the first measured one does not pay for warming up the JIT.
  await createLocalKnowledgeBase({ dir, logger: createSilentLogger(), thesaurus });
  const timed = await timedBuilds(dir, thesaurus);
  const queries = await timedQueries(timed.knowledgeBase, questions);
  const heap = await retainedHeap(() => timed.release());
  return {
    row: [
      name,
      `${(bytes / 1024 / 1024).toFixed(2)} MB`,
      timed.chunks,
      thesaurus === undefined ? 'no' : 'WordNet',
      formatMs(percentile(timed.wallMs, 0.5)),
      formatMs(percentile(timed.cpuMs, 0.5)),
      `${Math.round(heap / 1024 / 1024)} MB`,
      formatMs(percentile(queries.latencies, 0.5)),
      formatMs(percentile(queries.latencies, 0.99)),
      formatMs(queries.cpuMsPerQuery),
    ],
  };
}

interface TimedBuilds {
  readonly wallMs: number[];
  readonly cpuMs: number[];
  readonly chunks: number;
  readonly knowledgeBase: LocalKnowledgeBase;
  /** Drops the last build, so the heap it held can be measured by its absence. */
  release(): void;
}

async function timedBuilds(dir: string, thesaurus: Thesaurus | undefined): Promise<TimedBuilds> {
  const wallMs: number[] = [];
  const cpu: number[] = [];
  let last: LocalKnowledgeBase | undefined;
  let chunks = 0;
  for (let build = 0; build < BUILDS; build += 1) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const handle = await createLocalKnowledgeBase({ dir, logger: createSilentLogger(), thesaurus });
    cpu.push(cpuMs(process.cpuUsage(cpuStarted)));
    wallMs.push(performance.now() - started);
    last = handle.knowledgeBase;
    chunks = handle.stats.chunks;
  }
  let kept = last;
  return {
    wallMs,
    cpuMs: cpu,
    chunks,
    get knowledgeBase(): LocalKnowledgeBase {
      if (kept === undefined) {
        throw new Error('the index was released');
      }
      return kept;
    },
    release: () => {
      kept = undefined;
    },
  };
}

async function timedQueries(
  knowledgeBase: LocalKnowledgeBase,
  questions: readonly string[],
): Promise<{ latencies: number[]; cpuMsPerQuery: number }> {
  for (const question of questions) {
    await knowledgeBase.retrieve({ text: question, limit: RETRIEVAL_LIMIT });
  }
  const latencies: number[] = [];
  const started = process.cpuUsage();
  for (let round = 0; round < QUERY_ROUNDS; round += 1) {
    for (const question of questions) {
      const before = performance.now();
      await knowledgeBase.retrieve({ text: question, limit: RETRIEVAL_LIMIT });
      latencies.push(performance.now() - before);
    }
  }
  return { latencies, cpuMsPerQuery: cpuMs(process.cpuUsage(started)) / latencies.length };
}

/** Heap in use (after a full GC) with the index, less the heap in use once `release` dropped it. */
async function retainedHeap(release: () => void): Promise<number> {
  collectGarbage();
  const withIndex = process.memoryUsage().heapUsed;
  release();
  // Let the promise jobs that still refer to the index finish first.
  await new Promise((resolveTick) => setImmediate(resolveTick));
  collectGarbage();
  return withIndex - process.memoryUsage().heapUsed;
}

async function loadQuestions(): Promise<string[]> {
  const questions: string[] = [];
  for (const file of QUESTION_FILES) {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { questions: { question: string }[] };
    questions.push(...parsed.questions.map((entry) => entry.question));
  }
  return questions;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) {
    total += (await stat(join(dir, name))).size;
  }
  return total;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** A full collection, so heap figures count what is kept, not garbage awaiting collection. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}
