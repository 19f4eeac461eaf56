import { createLocalKnowledgeBase } from '../adapters/local-knowledge/index.js';
import { createSilentLogger } from '../src/logger.js';

/**
 * One index build in a process of its own, so its peak memory is its own: `tsx
 * bench/knowledge-build-process.ts DIR [CACHE_DIR]` prints one JSON line with the figures.
 */
const [dir, cacheDir] = process.argv.slice(2);
if (dir === undefined) {
  throw new Error('usage: knowledge-build-process.ts DIR [CACHE_DIR]');
}
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const cpuStarted = process.cpuUsage();
const { knowledgeBase, stats } = await createLocalKnowledgeBase({
  dir,
  logger: createSilentLogger(),
  // Saved as soon as the index is served, so the time it takes can be measured here.
  snapshotDelayMs: 0,
  ...(cacheDir !== undefined ? { cacheDir } : {}),
});
const cpu = process.cpuUsage(cpuStarted);
const wallMs = performance.now() - started;
const savingStarted = performance.now();
await knowledgeBase.snapshotSaved();
const snapshotSaveMs = performance.now() - savingStarted;
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    chunks: stats.chunks,
    files: stats.files,
    parsed: stats.parsed,
    fromCache: stats.fromCache,
    indexedChunks: stats.indexedChunks,
    indexFromSnapshot: stats.indexFromSnapshot,
    snapshotSaveMs,
    rssBeforeBytes: rssBefore,
    // maxRSS is in KiB: the most this process ever held, the build and the snapshot's saving included.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedAfterBytes: process.memoryUsage().heapUsed,
  })}\n`,
);
