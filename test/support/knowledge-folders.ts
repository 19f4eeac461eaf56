import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface KnowledgeFolders {
  /** A copy of the source folder, which a test may change. */
  readonly dir: string;
  /** An empty folder for the chunk cache and the index snapshot. */
  readonly cacheDir: string;
}

/** A knowledge folder of a test's own, copied from `source`, and an empty cache folder beside it. */
export async function copyKnowledgeFolder(source: string): Promise<KnowledgeFolders> {
  const dir = await mkdtemp(path.join(tmpdir(), 'steward-knowledge-'));
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'steward-knowledge-cache-'));
  await cp(source, dir, { recursive: true });
  return { dir, cacheDir };
}

export async function removeKnowledgeFolders(folders: KnowledgeFolders): Promise<void> {
  await rm(folders.dir, { recursive: true, force: true });
  await rm(folders.cacheDir, { recursive: true, force: true });
}
