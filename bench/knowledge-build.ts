import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { generateCorpus, handbookDir } from './generated-corpus.js';

const GENERATED_BYTES = 5 * 1024 * 1024;
const RUNS = 3;
const CHILD = resolve(import.meta.dirname, 'knowledge-build-process.ts');
const TSX = createRequire(import.meta.url).resolve('tsx');

interface BuildFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly chunks: number;
  readonly files: number;
  readonly parsed: number;
  readonly fromCache: number;
  readonly indexedChunks: number;
  readonly indexFromSnapshot: boolean;
  readonly snapshotSaveMs: number;
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
}

/**
 * Building the local index of 5 MB of documents, as a folder of 1.6k files and as one file: a
 * cold build (nothing cached), then a restart over the unchanged folder (chunks from the cache,
 * the index from its snapshot).
 * Each build runs in a fresh process, as a service start does, so its peak memory is its own.
 * The baseline, measured in the same run: reading and hashing the same bytes, which every build
 * and restart must do anyway.
 */
export async function runKnowledgeBuildBench(): Promise<BenchSection> {
  const work = await mkdtemp(join(tmpdir(), 'steward-bench-build-'));
  try {
    const folder = join(work, 'folder');
    const single = join(work, 'single');
    const generated = await generateCorpus(handbookDir(), folder, GENERATED_BYTES);
    await mkdir(single);
    const names = (await readdir(folder)).sort();
    const texts = await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')));
    await writeFile(join(single, 'handbook.md'), texts.join('\n\n'));

    const rows: (string | number)[][] = [];
    for (const [name, dir] of [
      [`folder (${generated.files} Markdown files)`, folder],
      ['single Markdown file', single],
    ] as const) {
      const baseline = await readAndHashMs(dir);
      const cold: BuildFigures[] = [];
      const warm: BuildFigures[] = [];
      const snapshotBytes: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const cacheDir = join(work, `cache-${run}`);
        cold.push(await buildInChild(dir, cacheDir));
        snapshotBytes.push(await snapshotSize(cacheDir));
        warm.push(await buildInChild(dir, cacheDir));
        await rm(cacheDir, { recursive: true, force: true });
      }
      const coldMs = percentile(cold.map((figures) => figures.wallMs), 0.5);
      const warmMs = percentile(warm.map((figures) => figures.wallMs), 0.5);
      const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
      const peakGrowth = (runs: readonly BuildFigures[]) =>
        percentile(runs.map((figures) => figures.peakRssBytes - figures.rssBeforeBytes), 0.5);
      rows.push([
        name,
        `${(generated.bytes / 1024 / 1024).toFixed(2)} MB`,
        cold[0]?.chunks ?? 0,
        formatMs(baseline),
        formatMs(coldMs),
        formatMs(percentile(cold.map((figures) => figures.cpuMs), 0.5)),
        `${(coldMs / baseline).toFixed(1)}×`,
        `${mb(peakGrowth(cold))} (${mb(percentile(cold.map((figures) => figures.peakRssBytes), 0.5))})`,
        formatMs(warmMs),
        formatMs(percentile(warm.map((figures) => figures.cpuMs), 0.5)),
        `${(warmMs / baseline).toFixed(1)}×`,
        `${warm[0]?.parsed ?? '?'} / ${warm[0]?.files ?? '?'}`,
        warm.every((figures) => figures.indexFromSnapshot && figures.indexedChunks === 0) ? 'no' : 'yes',
        `${mb(peakGrowth(warm))}`,
        formatMs(percentile(cold.map((figures) => figures.snapshotSaveMs), 0.5)),
        `${(percentile(snapshotBytes, 0.5) / 1024 / 1024).toFixed(1)} MB`,
      ]);
    }
    return {
      title: 'Local knowledge index: 5 MB build and restart',
      columns: [
        'input',
        'size',
        'chunks',
        'read+hash ms (baseline)',
        'cold build ms (median)',
        'cold build CPU ms',
        'cold / baseline',
        'cold peak RSS growth (process peak)',
        'restart ms (median)',
        'restart CPU ms',
        'restart / baseline',
        'files parsed on restart',
        'index rebuilt on restart',
        'restart peak RSS growth',
        'snapshot save ms (after serving)',
        'snapshot size',
      ],
      rows,
      notes: [
        `Each build is a fresh process (${RUNS} runs, median): list, stat, read, hash, parse, chunk and index the folder, then write the chunk cache; the restart is the same command again over the unchanged folder with that cache and the index snapshot the cold build saved.`,
        'Baseline: reading and hashing the same files in this process, the floor of any build or restart that checks every file for changes.',
        'Peak RSS growth: the process peak (maxRSS) less its resident size just before the build, i.e. what building took on top of a started runtime, saving the snapshot included; the process peak itself in brackets.',
        'On a restart no file is parsed (chunks from the chunk cache) and no chunk is indexed: the BM25 index is loaded from the snapshot, whose key (every file\'s SHA-256 and the code fingerprint) matched. "Index rebuilt on restart" says whether any restart analysed a chunk.',
        'The snapshot is saved after the cold build has returned the ready index (in the service, half a second later), so its saving is not in the cold build time; its own time is the "snapshot save" column.',
        'Wall-clock figures depend on what else the machine runs; the CPU columns (the build process, user + system) vary less.',
      ],
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function snapshotSize(cacheDir: string): Promise<number> {
  const name = (await readdir(cacheDir)).find((file) => file.endsWith('.index'));
  return name === undefined ? 0 : (await stat(join(cacheDir, name))).size;
}

async function buildInChild(dir: string, cacheDir: string): Promise<BuildFigures> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, CHILD, dir, cacheDir], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as BuildFigures;
}

/** Median wall time of reading and hashing every file of the folder, over a few runs. */
async function readAndHashMs(dir: string): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS + 1; run += 1) {
    const started = performance.now();
    for (const name of (await readdir(dir)).sort()) {
      createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
    }
    samples.push(performance.now() - started);
  }
  // The first run warms the page cache and the JIT.
  return percentile(samples.slice(1), 0.5);
}
